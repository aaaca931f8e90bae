"""The plan graph model: labels, relationship types, and the frozen records the parser emits.

``ingest`` produces a :class:`PlanDoc`; ``graph`` stores and exports it. The JSON shape of
``PlanDoc.to_json()`` is the ``policykg/1`` contract of ``policykg parse --format json``.

>>> doc = PlanDoc(plan=PlanMeta(id="p1", title="示例计划"), text="一、总体要求")
>>> doc.to_json()["schema"]
'policykg/1'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

SCHEMA = "policykg/1"

#: Units are the structural items of a plan; each has ``title``, ``text``, ``path``, spans.
UNIT_LABELS = ("Section", "Principle", "Goal", "Project", "Task", "Measure")
#: Quantities a plan states: what it commits to (Target) and what it reports achieved (Outcome).
QUANTITY_LABELS = ("Target", "Outcome")
LABELS = ("Plan", *UNIT_LABELS, *QUANTITY_LABELS, "Document", "Organization", "Place", "PolicyInstrument")
#: What people call each label and relationship type (UI, outlines, comparison tables).
LABEL_ZH: Mapping[str, str] = MappingProxyType({
    "Plan": "规划", "Section": "章节", "Principle": "原则", "Goal": "目标", "Project": "工程",
    "Task": "任务", "Measure": "保障措施", "Target": "指标", "Outcome": "实绩", "Document": "文件",
    "Organization": "机构", "Place": "地点", "PolicyInstrument": "政策工具",
})
REL_ZH: Mapping[str, str] = MappingProxyType({
    "HAS_PART": "包含", "HAS_TARGET": "指标", "REPORTS": "实绩", "CITES": "引用", "MENTIONS": "提及",
    "LEADS": "牵头", "SUPPORTS_WORK": "配合", "SUPPORTS": "支撑", "DEPENDS_ON": "依赖", "REVISES": "修订",
    "ALIGNED_WITH": "对应", "INSTRUMENT": "运用工具",
})
#: Nodes shared across plans (their ids do not contain a plan id), and the prefix of their ids.
SHARED_LABELS = ("Document", "Organization", "Place", "PolicyInstrument")
SHARED_ID_PREFIX: Mapping[str, str] = MappingProxyType({
    "Document": "doc-", "Organization": "org-", "Place": "pla-", "PolicyInstrument": "ins-"})

#: Relationship types with the (source labels, target labels) they may join.
REL_TYPES: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = MappingProxyType({
    "HAS_PART": (("Plan", *UNIT_LABELS), UNIT_LABELS),
    "HAS_TARGET": (("Plan", *UNIT_LABELS), ("Target",)),
    "REPORTS": (("Plan", *UNIT_LABELS), ("Outcome",)),
    "CITES": (("Plan", *UNIT_LABELS), ("Document",)),
    "MENTIONS": (("Plan", *UNIT_LABELS), ("Organization", "Place")),
    "LEADS": (("Organization",), UNIT_LABELS),
    "SUPPORTS_WORK": (("Organization",), UNIT_LABELS),
    "SUPPORTS": (("Task", "Measure"), ("Project", "Goal", "Plan")),
    "DEPENDS_ON": (("Task",), ("Task",)),
    "REVISES": (("Plan",), ("Plan",)),
    "ALIGNED_WITH": (UNIT_LABELS, UNIT_LABELS),
    # a unit uses a policy instrument (DESIGN §9); the coded labels of analysis.instruments
    "INSTRUMENT": (("Task", "Measure", "Project"), ("PolicyInstrument",)),
})

#: Node properties per label beyond ``id`` (types as the embedded store declares them).
UNIT_PROPS = {"plan_id": "STRING", "title": "STRING", "text": "STRING", "path": "STRING",
              "order": "INT64", "start": "INT64", "end": "INT64"}
NODE_PROPS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "Plan": {"title": "STRING", "version": "STRING", "status": "STRING", "issued": "STRING",
             "period_start": "INT64", "period_end": "INT64", "issuer": "STRING",
             "number": "STRING", "region": "STRING", "source": "STRING", "sha256": "STRING",
             "text": "STRING", "titles": "STRING", "warnings": "STRING"},
    **{label: UNIT_PROPS for label in UNIT_LABELS},
    "Target": {"plan_id": "STRING", "metric": "STRING", "value": "DOUBLE", "value_max": "DOUBLE",
               "unit": "STRING", "comparator": "STRING", "year": "INT64", "base_year": "INT64",
               "kind": "STRING", "indicator": "STRING", "indicator_alias": "STRING", "raw": "STRING",
               "start": "INT64", "end": "INT64"},
    "Outcome": {"plan_id": "STRING", "metric": "STRING", "value": "DOUBLE", "unit": "STRING",
                "year": "INT64", "period_start": "INT64", "period_end": "INT64", "indicator": "STRING",
                "indicator_alias": "STRING", "raw": "STRING", "start": "INT64", "end": "INT64"},
    "Document": {"title": "STRING", "number": "STRING", "issuer": "STRING", "year": "INT64"},
    "Organization": {"name": "STRING"},
    "Place": {"name": "STRING"},
    # a codebook instrument (analysis.codebook; DESIGN §9 calls the label Instrument, which the
    # embedded store cannot have beside INSTRUMENT: its table names ignore case)
    "PolicyInstrument": {"instrument": "STRING", "name": "STRING", "type": "STRING"},
})
#: Relationship properties per type.
REL_PROPS: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "HAS_PART": {"order": "INT64"},
    "HAS_TARGET": {},
    "REPORTS": {},
    "CITES": {"context": "STRING"},
    "MENTIONS": {"count": "INT64"},
    "LEADS": {"evidence": "STRING"},
    "SUPPORTS_WORK": {"evidence": "STRING"},
    "SUPPORTS": {"inferred": "BOOLEAN", "method": "STRING", "score": "DOUBLE", "evidence": "STRING"},
    # evidence quotes the dependent unit, evidence_target what the other unit sets up (DESIGN §8)
    "DEPENDS_ON": {"inferred": "BOOLEAN", "method": "STRING", "score": "DOUBLE", "evidence": "STRING",
                   "evidence_target": "STRING"},
    "REVISES": {"inferred": "BOOLEAN", "method": "STRING", "score": "DOUBLE", "evidence": "STRING"},
    "ALIGNED_WITH": {"status": "STRING", "similarity": "DOUBLE", "moved": "BOOLEAN"},
    # method: the codebook rule that fired; start/end: offsets of the evidence in the plan's text
    "INSTRUMENT": {"evidence": "STRING", "start": "INT64", "end": "INT64", "method": "STRING",
                   "sub_instrument": "STRING"},
})

COMPARATORS = (">=", ">", "=", "~", "<=", "<")
TARGET_KINDS = ("absolute", "relative", "share", "milestone")


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class PlanMeta:
    """Metadata of one plan version (the ``plan`` object of the JSON contract)."""

    id: str
    title: str
    version: str | None = None
    status: str | None = None
    issued: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    issuer: str | None = None
    number: str | None = None
    #: the jurisdiction the plan governs: 全国, 浙江省, 杭州市滨江区 …
    region: str | None = None
    source: str | None = None
    sha256: str | None = None
    #: every title line found in the header, in order (a document may carry two)
    titles: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["titles"] = list(self.titles)
        return out


@dataclass(frozen=True)
class Node:
    """A node of the plan graph. Units, targets, documents, organizations and places."""

    id: str
    label: str
    title: str
    text: str = ""
    path: str | None = None
    start: int | None = field(default=None, compare=False)
    end: int | None = field(default=None, compare=False)
    props: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"unknown label {self.label!r}; expected one of {', '.join(LABELS)}")
        object.__setattr__(self, "props", _frozen(self.props))

    def __reduce__(self) -> tuple[Any, ...]:  # a read-only mapping does not pickle: its dict does
        return (Node, (self.id, self.label, self.title, self.text, self.path, self.start, self.end,
                       dict(self.props)))

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "title": self.title, "text": self.text,
                "path": self.path, "start": self.start, "end": self.end,
                "props": dict(self.props)}


@dataclass(frozen=True)
class Edge:
    """A relationship of the plan graph."""

    source: str
    target: str
    type: str
    props: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.type not in REL_TYPES:
            raise ValueError(f"unknown relationship type {self.type!r}; expected one of "
                             f"{', '.join(REL_TYPES)}")
        object.__setattr__(self, "props", _frozen(self.props))

    def __reduce__(self) -> tuple[Any, ...]:  # as Node's: what a parse worker sends back pickles
        return (Edge, (self.source, self.target, self.type, dict(self.props)))

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "type": self.type,
                "props": dict(self.props)}


@dataclass(frozen=True)
class PlanDoc:
    """One parsed plan: its metadata, the cleaned text, and the nodes and edges found in it.

    ``offsets[i]`` is the character offset in the text as read from the file of ``text[i]``.
    """

    plan: PlanMeta
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    text: str = field(default="", repr=False)
    offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "plan": self.plan.to_json(),
                "nodes": [n.to_json() for n in self.nodes],
                "edges": [e.to_json() for e in self.edges],
                "warnings": list(self.warnings)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], text: str = "") -> "PlanDoc":
        """Rebuild a PlanDoc from ``to_json`` output (the inverse, spans included)."""
        plan = dict(data["plan"])
        plan["titles"] = tuple(plan.get("titles") or ())
        return cls(plan=PlanMeta(**plan),
                   nodes=tuple(Node(**n) for n in data["nodes"]),
                   edges=tuple(Edge(**e) for e in data["edges"]),
                   text=text, warnings=tuple(data.get("warnings") or ()))

    def by_label(self, label: str) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.label == label)

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)


# ---- stable ids -------------------------------------------------------------------------

def sha256_text(text: str) -> str:
    """The SHA-256 of ``text`` as UTF-8 (lone surrogates hashed as their own code units)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def plan_id_for(cleaned_text: str) -> str:
    """Plan ids derive from the cleaned text, so re-ingesting the same content is a no-op."""
    return "plan-" + sha256_text(cleaned_text)[:12]


def unit_id(plan_id: str, path: str) -> str:
    return f"{plan_id}/{path}"


_NUMBER_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "［": "[", "］": "]", "（": "[", "）": "]",
                                  "(": "[", ")": "]", "【": "[", "】": "]"})


def normalize_doc_number(number: str) -> str:
    """Canonical form of a 文号 so that 〔2014〕, [2014] and （2014） meet.

    >>> normalize_doc_number("市委办发〔2014〕80号") == normalize_doc_number("市委办发[2014]80号")
    True
    """
    s = unicodedata.normalize("NFKC", number).translate(_NUMBER_BRACKETS)
    return re.sub(r"\s+", "", s)


def normalize_doc_title(title: str) -> str:
    s = unicodedata.normalize("NFKC", title)
    return re.sub(r"[\s《》〈〉“”\"'‘’]", "", s)


def document_id(title: str | None, number: str | None) -> str:
    """``Document.id``: from the normalised 文号 when present, else from the normalised title."""
    key = ("no:" + normalize_doc_number(number)) if number else ("t:" + normalize_doc_title(title or ""))
    return "doc-" + sha256_text(key)[:12]


def instrument_node_id(instrument: str) -> str:
    """``Instrument.id`` of a codebook instrument id (shared by every plan that uses it).

    >>> instrument_node_id("talent")
    'ins-talent'
    """
    return SHARED_ID_PREFIX["PolicyInstrument"] + instrument


def entity_id(label: str, name: str) -> str:
    """Organization/Place ids from the normalised name, shared across plans."""
    key = unicodedata.normalize("NFKC", name).strip()
    return SHARED_ID_PREFIX[label] + sha256_text(key)[:12]
