"""Every Cypher statement the stores send, in one place (schema, writes, admin, plan reads).

Three groups:

* ``LADYBUG_*`` / ``ladybug_*``: embedded-only text (schema DDL, ``COPY FROM``, transactions).
* ``NEO4J_*`` / ``neo4j_*``: Neo4j-only text (constraints, the CJK full-text index).
* everything else is *portable*: the same text runs on both engines and is linted against
  Neo4j's own parser by ``tests/test_cypher_lint.py`` (:func:`neo4j_statements` lists it).
  The ``UNWIND $rows`` writes take ``dialect="ladybug"`` to add ``CAST(… AS INT64)`` around
  typed values (Ladybug binds a batch whose values are all null as STRING).

Statement text is generated only from the schema constants of :mod:`core.model` (labels,
relationship types, property names); values always travel as ``$params``.

>>> merge_nodes("Organization")
'UNWIND $rows AS row MERGE (n:Organization {id: row.id}) SET n.name = coalesce(n.name, row.name)'
>>> merge_rels("HAS_TARGET", "Task", "Target")
'UNWIND $rows AS row MATCH (a:Task {id: row.src}) MATCH (b:Target {id: row.dst}) MERGE (a)-[r:HAS_TARGET]->(b)'
"""

from __future__ import annotations

from functools import lru_cache

from core.model import LABELS, NODE_PROPS, QUANTITY_LABELS, REL_PROPS, REL_TYPES, SHARED_LABELS, UNIT_LABELS

#: Labels whose nodes belong to one plan (they carry ``plan_id``).
OWNED_LABELS = (*UNIT_LABELS, *QUANTITY_LABELS)


def q(name: str) -> str:
    """A property or column name, backticked (``order`` is reserved in Ladybug; Neo4j accepts it).

    >>> q("order"), q("title")
    ('`order`', 'title')
    """
    return f"`{name}`" if name in ("order", "end", "start", "count") else name


def rel_pairs(rel_type: str) -> list[tuple[str, str]]:
    """Every (from label, to label) pair a relationship type may join.

    >>> rel_pairs("REVISES")
    [('Plan', 'Plan')]
    """
    sources, targets = REL_TYPES[rel_type]
    return [(a, b) for a in sources for b in targets]


# ---- Ladybug (embedded) ---------------------------------------------------------------------

LADYBUG_BEGIN = "BEGIN TRANSACTION"
LADYBUG_BEGIN_READ = "BEGIN TRANSACTION READ ONLY"
LADYBUG_COMMIT = "COMMIT"
LADYBUG_ROLLBACK = "ROLLBACK"


@lru_cache(maxsize=None)
def ladybug_schema() -> tuple[str, ...]:
    """``CREATE NODE/REL TABLE IF NOT EXISTS`` for every label and relationship type."""
    out = []
    for label in LABELS:
        cols = ", ".join(f"{q(k)} {t}" for k, t in NODE_PROPS[label].items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {label}(id STRING PRIMARY KEY, {cols})")
    for rel_type in REL_TYPES:
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in rel_pairs(rel_type))
        props = "".join(f", {q(k)} {t}" for k, t in REL_PROPS[rel_type].items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel_type}({pairs}{props})")
    return tuple(out)


def ladybug_copy_nodes(label: str) -> str:
    """Bulk load a node table from an Arrow table passed as ``$batch``."""
    return f"COPY {label} FROM $batch"


def ladybug_copy_rels(rel_type: str, from_label: str, to_label: str) -> str:
    """Bulk load one (from, to) pair of a relationship table from ``$batch`` (src, dst, props)."""
    return f"COPY {rel_type} FROM $batch (from='{from_label}', to='{to_label}')"


@lru_cache(maxsize=None)
def ladybug_load_nodes(label: str) -> str:
    """``CREATE`` one ``label`` node per row of an Arrow table passed as ``$batch``.

    Unlike ``COPY``, this runs inside an explicit transaction and costs no more than the rows
    it reads; unlike ``UNWIND $rows``, the values cross from Python as Arrow columns.

    >>> ladybug_load_nodes("Place")
    'LOAD FROM $batch CREATE (n:Place {id: id, name: name})'
    """
    props = ", ".join(f"{q(k)}: {q(k)}" for k in NODE_PROPS[label])
    return f"LOAD FROM $batch CREATE (n:{label} {{id: id, {props}}})"


@lru_cache(maxsize=None)
def ladybug_load_rels(rel_type: str, from_label: str, to_label: str) -> str:
    """``CREATE`` one relationship per row (src, dst, properties) of ``$batch``.

    The two ends are matched in separate ``MATCH`` clauses: written as one comma pattern,
    Ladybug plans a cross product of both node tables instead of two primary-key lookups.

    >>> ladybug_load_rels("HAS_TARGET", "Task", "Target")
    'LOAD FROM $batch MATCH (a:Task {id: src}) MATCH (b:Target {id: dst}) CREATE (a)-[r:HAS_TARGET]->(b)'
    """
    props = ", ".join(f"{q(k)}: {q(k)}" for k in REL_PROPS[rel_type])
    rel = f"[r:{rel_type} {{{props}}}]" if props else f"[r:{rel_type}]"
    return (f"LOAD FROM $batch MATCH (a:{from_label} {{id: src}}) "
            f"MATCH (b:{to_label} {{id: dst}}) CREATE (a)-{rel}->(b)")


LADYBUG_CHECKPOINT = "CHECKPOINT"
#: the tables of an embedded database (to tell our store from an empty or foreign file)
LADYBUG_TABLES = "CALL show_tables() RETURN name"


@lru_cache(maxsize=None)
def ladybug_columns(label: str) -> str:
    """The stored columns of a node or relationship table (to see what an older store lacks)."""
    return f"CALL TABLE_INFO('{label}') RETURN name"


def ladybug_add_column(label: str, prop: str) -> str:
    """Add a property the model gained since the store was written (null in existing rows);
    ``label`` names a node table or a relationship table."""
    kind = NODE_PROPS[label][prop] if label in NODE_PROPS else REL_PROPS[label][prop]
    return f"ALTER TABLE {label} ADD {q(prop)} {kind}"


# ---- Neo4j ----------------------------------------------------------------------------------

FULLTEXT_INDEX = "unit_text"


#: Unit properties that substring search reads; each has a text index per label on Neo4j.
SEARCHED = ("title", "text")
#: (label, property) pairs that catalogue queries test with CONTAINS (text indexes) and with
#: equality or ranges (range indexes), so that no query with a property filter scans a label.
_TEXT_INDEXED = (*((label, prop) for label in UNIT_LABELS for prop in SEARCHED),
                 ("Target", "metric"), ("Organization", "name"), ("Place", "name"))
_RANGE_INDEXED = (*((label, "plan_id") for label in LABELS if "plan_id" in NODE_PROPS[label]),
                  ("Target", "year"), ("Target", "indicator"), ("Outcome", "indicator"),
                  ("Outcome", "year"), ("Plan", "region"), ("Plan", "sha256"),
                  ("PolicyInstrument", "instrument"))


@lru_cache(maxsize=None)
def neo4j_schema() -> tuple[str, ...]:
    """Uniqueness constraints on every label's ``id``; text (trigram) indexes on the unit
    properties that ``CONTAINS`` searches read, and on the ``plan_id`` every per-plan query
    filters by; a CJK full-text index over units for ranked search in Neo4j Browser."""
    out = [f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
           f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" for label in LABELS]
    # The token lookup indexes every new database has (label and type scans use them); a
    # database whose admin dropped them would answer MATCH (p:Plan) by scanning every node.
    out += ["CREATE LOOKUP INDEX node_label_lookup IF NOT EXISTS FOR (n) ON EACH labels(n)",
            "CREATE LOOKUP INDEX rel_type_lookup IF NOT EXISTS FOR ()-[r]-() ON EACH type(r)"]
    out += [f"CREATE TEXT INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            for label, prop in _TEXT_INDEXED]
    out += [f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
            for label, prop in _RANGE_INDEXED]
    out.append(f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS "
               f"FOR (n:{'|'.join(UNIT_LABELS)}) ON EACH [n.title, n.text] "
               "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}")
    return tuple(out)


def neo4j_contains_units(param: str = "keyword") -> str:
    """Units whose title or text contains ``$param``: one branch per label and property, so that
    each ``CONTAINS`` is answered by that label's text index instead of a scan of every node."""
    branches = " UNION ".join(f"MATCH (u:{label}) WHERE u.{prop} CONTAINS ${param} RETURN u"
                              for label in UNIT_LABELS for prop in SEARCHED)
    return f"CALL () {{ {branches} }} "


def neo4j_plan_owners(param: str = "plan_id") -> str:
    """The plan ``$param`` and every unit of it as ``s``, each branch an index seek."""
    branches = " UNION ALL ".join([f"MATCH (s:Plan {{id: ${param}}}) RETURN s"]
                                  + [f"MATCH (s:{label}) WHERE s.plan_id = ${param} RETURN s"
                                     for label in UNIT_LABELS])
    return f"CALL () {{ {branches} }} "


# ---- portable writes ------------------------------------------------------------------------

def _value(prop: str, kind: str, dialect: str) -> str:
    """``row.<prop>``, cast on Ladybug where a batch of nulls would otherwise bind as STRING."""
    ref = f"row.{q(prop)}"
    return f"CAST({ref} AS {kind})" if dialect == "ladybug" and kind != "STRING" else ref


@lru_cache(maxsize=None)
def merge_nodes(label: str, dialect: str = "neo4j") -> str:
    """``UNWIND $rows MERGE`` on ``id``; shared labels only fill properties still missing."""
    keep = label in SHARED_LABELS
    sets = ", ".join(
        f"n.{q(k)} = coalesce(n.{q(k)}, {_value(k, t, dialect)})" if keep
        else f"n.{q(k)} = {_value(k, t, dialect)}"
        for k, t in NODE_PROPS[label].items())
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET {sets}"


@lru_cache(maxsize=None)
def merge_rels(rel_type: str, from_label: str, to_label: str, dialect: str = "neo4j") -> str:
    """``UNWIND $rows MATCH MATCH MERGE`` of one relationship type between two labels."""
    text = (f"UNWIND $rows AS row MATCH (a:{from_label} {{id: row.src}}) "
            f"MATCH (b:{to_label} {{id: row.dst}}) MERGE (a)-[r:{rel_type}]->(b)")
    sets = ", ".join(f"r.{q(k)} = {_value(k, t, dialect)}" for k, t in REL_PROPS[rel_type].items())
    return f"{text} SET {sets}" if sets else text


@lru_cache(maxsize=None)
def create_nodes(label: str, dialect: str = "neo4j") -> str:
    """``UNWIND $rows CREATE``: for nodes of a plan being added (their ids are new by design)."""
    props = ", ".join(f"{q(k)}: {_value(k, t, dialect)}" for k, t in NODE_PROPS[label].items())
    return f"UNWIND $rows AS row CREATE (n:{label} {{id: row.id, {props}}})"


@lru_cache(maxsize=None)
def create_rels(rel_type: str, from_label: str, to_label: str, dialect: str = "neo4j") -> str:
    """``UNWIND $rows MATCH MATCH CREATE``: relationships touching a node of a plan being added."""
    props = ", ".join(f"{q(k)}: {_value(k, t, dialect)}" for k, t in REL_PROPS[rel_type].items())
    rel = f"[r:{rel_type} {{{props}}}]" if props else f"[r:{rel_type}]"
    return (f"UNWIND $rows AS row MATCH (a:{from_label} {{id: row.src}}) "
            f"MATCH (b:{to_label} {{id: row.dst}}) CREATE (a)-{rel}->(b)")


@lru_cache(maxsize=None)
def existing_ids(label: str) -> str:
    """Which of ``$ids`` are already stored under ``label``."""
    return f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id"


@lru_cache(maxsize=None)
def linked_shared(label: str) -> str:
    """Ids of shared ``label`` nodes linked to any node of plan ``$plan_id``."""
    return (f"MATCH (n)--(s:{label}) WHERE n.plan_id = $plan_id OR n.id = $plan_id "
            "RETURN DISTINCT s.id AS id")


@lru_cache(maxsize=None)
def delete_owned(label: str) -> str:
    return f"MATCH (n:{label}) WHERE n.plan_id = $plan_id DETACH DELETE n"


DELETE_PLAN = "MATCH (p:Plan {id: $plan_id}) DETACH DELETE p"


@lru_cache(maxsize=None)
def delete_orphans(label: str) -> str:
    """Delete the shared nodes among ``$ids`` that no relationship links any more."""
    return f"UNWIND $ids AS id MATCH (s:{label} {{id: id}}) WHERE NOT (s)--() DELETE s"


# ---- portable reads -------------------------------------------------------------------------

PLAN_EXISTS = "MATCH (p:Plan {id: $plan_id}) RETURN p.id AS id"
LIST_PLANS = ("MATCH (p:Plan) RETURN p.id AS id, p.title AS title, p.version AS version, "
              "p.status AS status, p.period_start AS period_start, p.period_end AS period_end, "
              "p.issued AS issued, p.source AS source ORDER BY p.id")
GET_PLAN = ("MATCH (p:Plan {id: $plan_id}) RETURN "
            + ", ".join(f"p.{q(k)} AS {q(k)}" for k in ("id", *NODE_PROPS["Plan"])))


@lru_cache(maxsize=None)
def get_quantities(label: str) -> str:
    """Every column of a plan's Target or Outcome nodes."""
    return (f"MATCH (n:{label}) WHERE n.plan_id = $plan_id RETURN "
            + ", ".join(f"n.{q(k)} AS {q(k)}" for k in ("id", *NODE_PROPS[label])))


@lru_cache(maxsize=None)
def get_units(label: str) -> str:
    cols = ("id", "title", "text", "path", "order", "start", "end")
    return (f"MATCH (n:{label}) WHERE n.plan_id = $plan_id RETURN "
            + ", ".join(f"n.{q(k)} AS {q(k)}" for k in cols))


@lru_cache(maxsize=None)
def get_shared(label: str) -> str:
    return (f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN "
            + ", ".join(f"n.{q(k)} AS {q(k)}" for k in ("id", *NODE_PROPS[label])))


@lru_cache(maxsize=None)
def plan_rels(rel_type: str) -> str:
    """Relationships of one type with an end in plan ``$plan_id`` (src, dst and properties)."""
    props = "".join(f", r.{q(k)} AS {q(k)}" for k in REL_PROPS[rel_type])
    return (f"MATCH (a)-[r:{rel_type}]->(b) WHERE a.plan_id = $plan_id OR b.plan_id = $plan_id "
            f"OR a.id = $plan_id OR b.id = $plan_id RETURN a.id AS src, b.id AS dst{props}")


#: The stored plans read from a text with one of ``$hashes`` (``Plan.sha256``): what ingest asks
#: before parsing a file, so an unchanged file costs a read and a hash.
PLANS_BY_SHA256 = ("MATCH (p:Plan) WHERE p.sha256 IN $hashes "
                   "RETURN p.sha256 AS sha256, p.id AS id, p.title AS title")


@lru_cache(maxsize=None)
def count_by_plan(label: str) -> str:
    return f"MATCH (n:{label}) RETURN n.plan_id AS plan_id, count(*) AS n"


@lru_cache(maxsize=None)
def citations_by_plan(label: str) -> str:
    owner = "s.id" if label == "Plan" else "s.plan_id"
    return f"MATCH (s:{label})-[:CITES]->(d:Document) RETURN DISTINCT {owner} AS plan_id, d.id AS doc"


COUNT_NODES = "MATCH (n) RETURN count(n) AS n"
COUNT_RELS = "MATCH ()-[r]->() RETURN count(r) AS n"


def portable_statements(*, every_pair: bool = True) -> list[str]:
    """Every portable statement, for linting and tests.

    ``every_pair=False`` keeps one ``merge_rels`` per relationship type (the others differ only
    in their two labels), which is what the linter test checks to stay fast.
    """
    out = [DELETE_PLAN, PLAN_EXISTS, LIST_PLANS, GET_PLAN, COUNT_NODES, COUNT_RELS, PLANS_BY_SHA256]
    out += [get_quantities(label) for label in QUANTITY_LABELS]
    for label in LABELS:
        out += [merge_nodes(label), existing_ids(label)]
    for label in OWNED_LABELS:
        out += [delete_owned(label), count_by_plan(label), create_nodes(label)]
    for label in UNIT_LABELS:
        out.append(get_units(label))
    for label in SHARED_LABELS:
        out += [linked_shared(label), delete_orphans(label), get_shared(label)]
    for label in ("Plan", *UNIT_LABELS):
        out.append(citations_by_plan(label))
    for rel_type in REL_TYPES:
        out.append(plan_rels(rel_type))
        pairs = rel_pairs(rel_type) if every_pair else rel_pairs(rel_type)[-1:]
        out += [merge_rels(rel_type, a, b) for a, b in pairs]
        out += [create_rels(rel_type, a, b) for a, b in pairs]
    return out


def neo4j_statements(*, every_pair: bool = True) -> list[str]:
    """Everything the Neo4j store may send: its schema plus the portable statements."""
    return [*neo4j_schema(), *portable_statements(every_pair=every_pair)]
