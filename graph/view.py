"""What the Streamlit pages show, computed without Streamlit: graph HTML, neighbourhoods,
highlighted source spans, inline diffs, a unit's links and a task's dependency chain.

Everything taken from a document is escaped before it becomes HTML. In the pyvis graph, node
labels are drawn on the canvas as plain text (vis-network's ``font.multi`` stays off) and
travel inside the page as JSON (Jinja's ``tojson`` writes ``<``, ``>``, ``&`` and ``'`` as
``\\u003c`` …); tooltips are HTML built by :func:`tooltip_html` from escaped pieces.

>>> highlight_span("甲<b>乙</b>丙", 1, 9)
'<div class="pkg-text">甲<mark id="pkg-hl">&lt;b&gt;乙&lt;/b&gt;</mark>丙</div>'
"""

from __future__ import annotations

import html
import json
import re
from collections import deque
from typing import Any, Iterable, Mapping, Sequence

from graph.model import LABEL_ZH, LABELS, REL_TYPES, REL_ZH, UNIT_LABELS, Node, PlanDoc
from queries.catalog import NEIGHBOURS_IN, NEIGHBOURS_OUT, NODE_INFO

__all__ = ["LABEL_STYLE", "LABEL_ZH", "REL_ZH", "search_snippet", "backend_of", "display_value",
           "render_graph_html", "neighbourhood", "highlight_span", "diff_html", "tooltip_html",
           "outline_rows", "unit_details", "dependency_chain", "result_graph", "node_caption"]

#: Colour and vis-network shape per label (the legend lists them in this order).
LABEL_STYLE: Mapping[str, tuple[str, str]] = {
    "Plan": ("#d62728", "star"), "Section": ("#7f7f7f", "box"), "Principle": ("#bcbd22", "diamond"),
    "Goal": ("#2ca02c", "triangle"), "Project": ("#9467bd", "hexagon"), "Task": ("#1f77b4", "dot"),
    "Measure": ("#8c564b", "square"), "Target": ("#ff7f0e", "triangleDown"),
    "Outcome": ("#ffbb78", "triangleDown"),
    "Document": ("#17becf", "box"), "Organization": ("#e377c2", "ellipse"),
    "Place": ("#98df8a", "ellipse"),
}
_UNKNOWN_STYLE = ("#aaaaaa", "dot")

#: columns of queries.catalog.NEIGHBOURS_OUT / NEIGHBOURS_IN (one hop around a set of node ids)
_HOP_COLUMNS = ("seed", "type", "other", "label", "title", "name", "metric", "score", "evidence")

_RE_BOOTSTRAP = re.compile(r'<link[^>]*cdn\.jsdelivr\.net[^>]*/>\s*'
                           r'|<script[^>]*cdn\.jsdelivr\.net[^>]*>\s*</script>\s*', re.S)
_RE_DIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)
_RE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Converts the escaped-HTML tooltips to elements (vis-network 9 shows string titles as text).
_TOOLTIP_SCRIPT = """<script type="text/javascript">
(function () {
  function asElement(ds) {
    if (typeof ds === "undefined") { return; }
    ds.forEach(function (item) {
      if (typeof item.title === "string") {
        var box = document.createElement("div");
        box.innerHTML = item.title;
        ds.update({id: item.id, title: box});
      }
    });
  }
  asElement(nodes); asElement(edges);
})();
</script>
"""
_LEGEND_CSS = ("position:absolute;top:6px;left:6px;z-index:5;background:rgba(255,255,255,.88);"
               "font:12px sans-serif;padding:4px 6px;border:1px solid #ddd;border-radius:4px")


def _clean(value: Any) -> str:
    return _RE_CONTROL.sub("", "" if value is None else str(value))


def short(text: Any, n: int = 18) -> str:
    """``text`` cut to ``n`` characters with an ellipsis.

    >>> short("推进主导产业再进位", 4)
    '推进主导…'
    """
    s = _clean(text).replace("\n", " ")
    return s if len(s) <= n else s[:n] + "…"


def tooltip_html(*lines: Any) -> str:
    """Tooltip HTML: each line escaped, joined by ``<br>``.

    ``href`` is written ``hre&#102;`` so that pyvis never switches to its link template (which
    would insert titles with ``innerHTML`` unconverted).

    >>> tooltip_html("Task", "<b>推进</b> href")
    'Task<br>&lt;b&gt;推进&lt;/b&gt; hre&#102;'
    """
    return "<br>".join(html.escape(_clean(x)).replace("href", "hre&#102;") for x in lines if x)


def node_caption(node: Mapping[str, Any]) -> str:
    """The text a node is known by: its title, else name, else metric, else id."""
    for key in ("title", "name", "metric"):
        if node.get(key):
            return _clean(node[key])
    return _clean(node.get("id"))


def _as_node(n: Any) -> dict[str, Any]:
    if isinstance(n, Node):
        return {"id": n.id, "label": n.label, "title": n.title or n.props.get("name") or n.id}
    d = dict(n)
    d.setdefault("title", node_caption(d))
    return d


def _as_edge(e: Any) -> dict[str, Any]:
    if hasattr(e, "source") and hasattr(e, "props"):
        return {"source": e.source, "target": e.target, "type": e.type, **dict(e.props)}
    return dict(e)


def legend_html(labels: Iterable[str]) -> str:
    """A small legend (colour swatch and Chinese/English name) for the labels present."""
    items = []
    for label in LABEL_STYLE:
        if label in labels:
            colour = LABEL_STYLE[label][0]
            items.append(f'<span style="margin-right:8px"><span style="display:inline-block;'
                         f'width:10px;height:10px;background:{colour};margin-right:3px"></span>'
                         f'{html.escape(LABEL_ZH[label])} {html.escape(label)}</span>')
    return f'<div id="pkg-legend" style="{_LEGEND_CSS}">{"".join(items)}</div>'


def render_graph_html(nodes: Sequence[Any], edges: Sequence[Any], *, max_nodes: int = 300,
                      height: int = 560, centre: str | None = None) -> tuple[str, bool]:
    """A self-contained pyvis page (in-line vis-network, no CDN) for ``nodes`` and ``edges``.

    Parameters
    ----------
    nodes : sequence of Node or mapping
        Mappings need ``id`` and ``label`` and may have ``title``/``name``/``metric``. Order
        matters: when there are more than ``max_nodes``, the first ``max_nodes`` are kept.
    edges : sequence of Edge or mapping
        ``source``, ``target``, ``type`` and optional ``score``/``evidence``; edges to a node that
        is not drawn are dropped.
    max_nodes : int
        The cap.
    centre : str, optional
        Id of a node drawn larger.

    Returns
    -------
    (str, bool)
        The HTML, and whether nodes were cut.

    Examples
    --------
    >>> page, cut = render_graph_html([{"id": "a", "label": "Task", "title": "<b>推进</b>"}], [])
    >>> cut, "<b>推进</b>" in page, "cdn.jsdelivr" in page
    (False, False, False)
    """
    from pyvis.network import Network

    wanted = [_as_node(n) for n in nodes]
    seen: dict[str, dict[str, Any]] = {}
    for n in wanted:
        seen.setdefault(n["id"], n)
    cut = len(seen) > max_nodes
    kept = dict(list(seen.items())[:max_nodes])
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    for node_id, n in kept.items():
        colour, shape = LABEL_STYLE.get(n.get("label"), _UNKNOWN_STYLE)
        label = n.get("label") or "?"
        caption = node_caption(n)
        net.add_node(node_id, label=short(caption), shape=shape, color=colour,
                     size=28 if node_id == centre else 14,
                     title=tooltip_html(f"{LABEL_ZH.get(label, label)} {label}", caption, node_id))
    for e in (_as_edge(x) for x in edges):
        if e["source"] in kept and e["target"] in kept:
            tip = [REL_ZH.get(e["type"], e["type"]) + " " + e["type"]]
            if e.get("score") is not None:
                tip.append(f"score {float(e['score']):.2f}")
            tip.append(e.get("evidence"))
            net.add_edge(e["source"], e["target"], label=e["type"], title=tooltip_html(*tip),
                         arrows="to")
    net.options = {
        "physics": {"stabilization": {"iterations": 150},
                    "barnesHut": {"gravitationalConstant": -4000, "springLength": 120}},
        "edges": {"font": {"size": 8, "align": "middle"}, "color": {"color": "#999999"},
                  "smooth": False},
        "nodes": {"font": {"size": 12}},
        "interaction": {"hover": True, "tooltipDelay": 120},
    }
    page = _RE_BOOTSTRAP.sub("", net.generate_html())
    page = page.replace("<body>", "<body>\n" + legend_html({n.get("label") for n in kept.values()}), 1)
    page = page.replace("</body>", _TOOLTIP_SCRIPT + "</body>", 1)
    return page, cut


# ---- neighbourhood ---------------------------------------------------------------------------

def backend_of(store: Any) -> str:
    """``'neo4j'`` or ``'ladybug'``: which dialect a store speaks."""
    return "neo4j" if getattr(store, "backend", "ladybug") == "neo4j" else "ladybug"


def neighbourhood(store: Any, node_id: str | Sequence[str], depth: int = 1,
                  labels: Iterable[str] | None = None, rel_types: Iterable[str] | None = None,
                  max_nodes: int = 300) -> tuple[list[dict], list[dict], bool]:
    """Nodes and edges within ``depth`` hops of ``node_id`` (one id or several), breadth first.

    Only relationships of ``rel_types`` are followed and only nodes with ``labels`` are reached
    (None means all); the seeds are always kept. Stops at ``max_nodes``.

    Returns
    -------
    (nodes, edges, cut)
        ``nodes``: dicts ``id, label, title, name, metric, hops`` nearest first; ``edges``: dicts
        ``source, target, type, score, evidence``; ``cut`` is True when the cap stopped the walk.
    """
    seeds = [node_id] if isinstance(node_id, str) else list(dict.fromkeys(node_id))
    labels = set(labels) if labels is not None else set(LABELS)
    rel_types = set(rel_types) if rel_types is not None else set(REL_TYPES)
    backend = backend_of(store)
    found: dict[str, dict] = {}
    for r in store.run(NODE_INFO[backend], {"ids": seeds}).dicts():
        found[r["id"]] = dict(r, hops=0)
    edges: dict[tuple, dict] = {}
    frontier = [s for s in seeds if s in found]
    cut = False
    limit = max(max_nodes, 1) * 10
    for hop in range(1, max(depth, 0) + 1):
        if not frontier or cut:
            break
        nxt: list[str] = []
        for text, outgoing in ((NEIGHBOURS_OUT[backend], True), (NEIGHBOURS_IN[backend], False)):
            rows = store.run(text, {"ids": frontier, "limit": limit}).dicts()
            cut = cut or len(rows) >= limit
            for r in rows:
                if r["type"] not in rel_types or r["label"] not in labels:
                    continue
                if r["other"] not in found:
                    if len(found) >= max_nodes:
                        cut = True
                        continue
                    found[r["other"]] = {"id": r["other"], "label": r["label"], "title": r["title"],
                                         "name": r["name"], "metric": r["metric"], "hops": hop}
                    nxt.append(r["other"])
                src, dst = (r["seed"], r["other"]) if outgoing else (r["other"], r["seed"])
                edges[(src, r["type"], dst)] = {"source": src, "target": dst, "type": r["type"],
                                                "score": r["score"], "evidence": r["evidence"]}
        frontier = nxt
    return list(found.values()), list(edges.values()), cut


# ---- text -------------------------------------------------------------------------------------

def highlight_span(text: str, start: int | None, end: int | None, *,
                   context: int | None = None) -> str:
    """HTML of ``text`` (escaped) with ``text[start:end]`` in ``<mark id="pkg-hl">``.

    ``context`` keeps only that many characters either side of the span (with ``…``).
    A missing or out-of-range span highlights nothing.

    >>> highlight_span("一二三四五六", 2, 3, context=1)
    '<div class="pkg-text">…二<mark id="pkg-hl">三</mark>四…</div>'
    """
    text = text or ""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return f'<div class="pkg-text">{html.escape(text)}</div>'
    lo, hi = 0, len(text)
    if context is not None:
        lo, hi = max(0, start - context), min(len(text), end + context)
    before = ("…" if lo > 0 else "") + html.escape(text[lo:start])
    after = html.escape(text[end:hi]) + ("…" if hi < len(text) else "")
    return (f'<div class="pkg-text">{before}<mark id="pkg-hl">{html.escape(text[start:end])}'
            f'</mark>{after}</div>')


def diff_html(diff: str) -> str:
    """The ``[-deleted-]`` / ``{+inserted+}`` notation of :func:`queries.compare.inline_diff`
    as escaped HTML with ``<del>`` and ``<ins>``.

    >>> diff_html("达到[-85-]{+<90>+}%")
    '达到<del>85</del><ins>&lt;90&gt;</ins>%'
    """
    out, pos = [], 0
    for m in _RE_DIFF.finditer(diff or ""):
        out.append(html.escape(diff[pos:m.start()]))
        if m.group(1) is not None:
            out.append(f"<del>{html.escape(m.group(1))}</del>")
        else:
            out.append(f"<ins>{html.escape(m.group(2))}</ins>")
        pos = m.end()
    out.append(html.escape((diff or "")[pos:]))
    return "".join(out)


# ---- plan structure ---------------------------------------------------------------------------

def outline_rows(doc: PlanDoc) -> list[dict[str, Any]]:
    """The plan's units in document order with their depth (from the numbering path).

    >>> from graph.model import PlanMeta
    >>> d = PlanDoc(PlanMeta(id="p", title="计划"), nodes=(Node("p/1", "Section", "总体要求", path="1"),
    ...             Node("p/1.1", "Task", "推进", path="1.1")))
    >>> [(r["id"], r["depth"]) for r in outline_rows(d)]
    [('p/1', 0), ('p/1.1', 1)]
    """
    units = [n for n in doc.nodes if n.label in UNIT_LABELS]
    units.sort(key=lambda n: (n.start if n.start is not None else 1 << 62))
    return [{"id": n.id, "label": n.label, "title": n.title, "path": n.path or "",
             "depth": (n.path or "").count("."), "start": n.start, "end": n.end} for n in units]


def _caption(doc_nodes: Mapping[str, Node], node_id: str, plan: PlanDoc) -> str:
    if node_id == plan.plan.id:
        return plan.plan.title
    n = doc_nodes.get(node_id)
    return (n.title or n.props.get("name") or node_id) if n else node_id


def unit_details(doc: PlanDoc, unit_id: str) -> dict[str, list[dict[str, Any]]]:
    """What the reader lists beside a unit: its targets, citations, mentions, the bodies that
    lead or support it, and its inferred links (both directions) with their evidence."""
    nodes = {n.id: n for n in doc.nodes}
    out: dict[str, list[dict[str, Any]]] = {"targets": [], "citations": [], "mentions": [],
                                            "organizations": [], "links": []}
    for e in doc.edges:
        if e.source == unit_id and e.type == "HAS_TARGET" and e.target in nodes:
            t = nodes[e.target]
            out["targets"].append({"metric": t.props.get("metric"), "value": t.props.get("value"),
                                   "unit": t.props.get("unit"), "comparator": t.props.get("comparator"),
                                   "year": t.props.get("year"), "raw": t.props.get("raw")})
        elif e.source == unit_id and e.type == "CITES":
            d = nodes.get(e.target)
            out["citations"].append({"title": d.title if d else e.target,
                                     "number": d.props.get("number") if d else None,
                                     "context": e.props.get("context")})
        elif e.source == unit_id and e.type == "MENTIONS":
            m = nodes.get(e.target)
            out["mentions"].append({"name": _caption(nodes, e.target, doc),
                                    "label": m.label if m else None, "count": e.props.get("count")})
        elif e.target == unit_id and e.type in ("LEADS", "SUPPORTS_WORK"):
            out["organizations"].append({"name": _caption(nodes, e.source, doc),
                                         "role": REL_ZH[e.type], "evidence": e.props.get("evidence")})
        if e.props.get("inferred") and unit_id in (e.source, e.target):
            outgoing = e.source == unit_id
            other = e.target if outgoing else e.source
            out["links"].append({"direction": "→" if outgoing else "←", "type": e.type,
                                 "other": _caption(nodes, other, doc), "other_id": other,
                                 "method": e.props.get("method"), "score": e.props.get("score"),
                                 "evidence": e.props.get("evidence")})
    return out


def dependency_chain(doc: PlanDoc, task_id: str, *, direction: str = "upstream",
                     min_score: float = 0.0, max_depth: int = 5) -> list[dict[str, Any]]:
    """The inferred links reached from ``task_id`` breadth first, one row per link.

    ``upstream`` follows what the task builds on and serves (its outgoing ``DEPENDS_ON`` and
    ``SUPPORTS``); ``downstream`` follows who builds on it (incoming links). Links under
    ``min_score`` are neither listed nor followed.

    >>> from graph.model import Edge, PlanMeta
    >>> d = PlanDoc(PlanMeta(id="p", title="计划"), nodes=(Node("p/1", "Task", "甲"),
    ...     Node("p/2", "Task", "乙"), Node("p/3", "Task", "丙")), edges=(
    ...     Edge("p/1", "p/2", "DEPENDS_ON", {"inferred": True, "score": 0.9, "evidence": "依托乙"}),
    ...     Edge("p/2", "p/3", "DEPENDS_ON", {"inferred": True, "score": 0.3, "evidence": "结合丙"})))
    >>> [(r["depth"], r["from"], r["to"]) for r in dependency_chain(d, "p/1")]
    [(1, '甲', '乙'), (2, '乙', '丙')]
    >>> len(dependency_chain(d, "p/1", min_score=0.5)), dependency_chain(d, "p/3", direction="downstream")[0]["to"]
    (1, '丙')
    """
    if direction not in ("upstream", "downstream"):
        raise ValueError(f"direction must be 'upstream' or 'downstream', got {direction!r}")
    nodes = {n.id: n for n in doc.nodes}
    links = [e for e in doc.edges if e.type in ("DEPENDS_ON", "SUPPORTS")
             and (e.props.get("score") or 0.0) >= min_score]
    rows: list[dict[str, Any]] = []
    seen, queue = {task_id}, deque([(task_id, 0)])
    while queue:
        here, depth = queue.popleft()
        if depth >= max_depth:
            continue
        for e in links:
            near, far = (e.source, e.target) if direction == "upstream" else (e.target, e.source)
            if near != here:
                continue
            rows.append({"depth": depth + 1, "from": _caption(nodes, e.source, doc),
                         "type": e.type, "to": _caption(nodes, e.target, doc),
                         "method": e.props.get("method"), "score": e.props.get("score"),
                         "evidence": e.props.get("evidence"), "from_id": e.source, "to_id": e.target})
            if far not in seen:
                seen.add(far)
                queue.append((far, depth + 1))
    return rows


# ---- query results as a graph -----------------------------------------------------------------

def _is_node(v: Any) -> bool:
    if isinstance(v, Mapping):
        return "_LABEL" in v and "_ID" in v and "_SRC" not in v
    return type(v).__name__ == "Node" and hasattr(v, "labels")


def _is_rel(v: Any) -> bool:
    if isinstance(v, Mapping):
        return "_SRC" in v and "_DST" in v
    return type(v).__name__ == "Relationship" or hasattr(v, "start_node")


def _key(ref: Any) -> str:
    return json.dumps(ref, sort_keys=True, default=str) if isinstance(ref, Mapping) else str(ref)


def result_graph(rows: Iterable[Sequence[Any]]) -> tuple[list[dict], list[dict]]:
    """Nodes and relationships found in query result rows (Ladybug dicts or neo4j objects,
    also inside paths and lists), as :func:`render_graph_html` input. Empty when none."""
    nodes: dict[str, dict] = {}
    internal: dict[str, str] = {}
    rels: list[tuple[Any, Any, str, dict]] = []

    def visit(v: Any) -> None:
        if isinstance(v, Mapping) and ("_NODES" in v or "_RELS" in v):
            for x in (v.get("_NODES") or []) + (v.get("_RELS") or []):
                visit(x)
        elif _is_node(v):
            if isinstance(v, Mapping):
                props, label, ref = dict(v), v["_LABEL"], _key(v["_ID"])
            else:
                props, label, ref = dict(v), next(iter(v.labels), None), str(v.element_id)
            node_id = str(props.get("id") or ref)
            internal[ref] = node_id
            nodes.setdefault(node_id, {"id": node_id, "label": label, "title": props.get("title"),
                                       "name": props.get("name"), "metric": props.get("metric")})
        elif _is_rel(v):
            if isinstance(v, Mapping):
                rels.append((_key(v["_SRC"]), _key(v["_DST"]), v["_LABEL"], dict(v)))
            else:
                for end in (v.start_node, v.end_node):
                    if end is not None:
                        visit(end)
                rels.append((str(v.start_node.element_id), str(v.end_node.element_id), v.type, dict(v)))
        elif isinstance(v, (list, tuple)):
            for x in v:
                visit(x)

    for row in rows:
        visit(list(row))
    edges = [{"source": internal[a], "target": internal[b], "type": t,
              "score": p.get("score"), "evidence": p.get("evidence")}
             for a, b, t, p in rels if a in internal and b in internal]
    return list(nodes.values()), edges


def search_snippet(text: str, query: str, context: int = 40) -> str:
    """Escaped HTML of ``text`` around the first ``query`` with the hit marked.

    >>> search_snippet("一二三<四>五", "<四>", context=1)
    '<div class="pkg-text">…三<mark id="pkg-hl">&lt;四&gt;</mark>五</div>'
    """
    at = (text or "").find(query) if query else -1
    if at < 0:
        return highlight_span(short(text, 2 * context), None, None)
    return highlight_span(text, at, at + len(query), context=context)


def display_value(v: Any) -> Any:
    """A result cell as a table can show it: scalars as they are, nodes/lists/maps as JSON text.

    >>> display_value({"_ID": {"offset": 0}, "_LABEL": "Task", "id": "p/1", "title": "推进"})
    '(Task) 推进 [p/1]'
    >>> display_value({"_SRC": {}, "_DST": {}, "_LABEL": "HAS_PART"}), display_value(3)
    ('[:HAS_PART]', 3)
    """
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if _is_node(v):
        props = dict(v) if isinstance(v, Mapping) else dict(v.items())
        label = props.get("_LABEL") or next(iter(getattr(v, "labels", [])), "")
        return f"({label}) {node_caption(props)} [{props.get('id')}]"
    if _is_rel(v):
        kind = v.get("_LABEL") if isinstance(v, Mapping) else v.type
        return f"[:{kind}]"
    if isinstance(v, Mapping):
        return json.dumps(dict(v), ensure_ascii=False, default=str)
    if isinstance(v, (list, tuple)):
        return json.dumps([display_value(x) for x in v], ensure_ascii=False, default=str)
    if hasattr(v, "items"):  # neo4j Node / Relationship
        return json.dumps(dict(v.items()), ensure_ascii=False, default=str)
    return str(v)
