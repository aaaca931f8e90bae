"""What the Streamlit pages show, computed without Streamlit: graph HTML, highlighted source
spans, inline diffs, a unit's links, query results as tables and graphs.

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
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from core.model import LABEL_ZH, REL_ZH, UNIT_LABELS, Node, PlanDoc
from graph.store import is_node, is_rel
from queries.explore import caption
import analysis.present as present

__all__ = ["LABEL_STYLE", "FormField", "attainment_points", "attainment_chart", "indicator_matrix_table", "query_form", "search_snippet", "display_value", "render_graph_html",
           "highlight_span", "diff_html", "tooltip_html", "outline_rows", "unit_details", "result_graph",
           "node_caption", "target_change_rows", "diff_sides", "duizhao_html", "duizhao_export_rows",
           "with_quantities", "TARGET_CHANGE_COLUMNS", "DUIZHAO_COLUMNS", "CHANGE_COLOURS", "reader_link", "parse_span",
           "quantity_link"]

#: Colour and vis-network shape per label (the legend lists them in this order).
LABEL_STYLE: Mapping[str, tuple[str, str]] = {
    "Plan": ("#d62728", "star"), "Section": ("#7f7f7f", "box"), "Principle": ("#bcbd22", "diamond"),
    "Goal": ("#2ca02c", "triangle"), "Project": ("#9467bd", "hexagon"), "Task": ("#1f77b4", "dot"),
    "Measure": ("#8c564b", "square"), "Target": ("#ff7f0e", "triangleDown"),
    "Outcome": ("#ffbb78", "triangleDown"),
    "Document": ("#17becf", "box"), "Organization": ("#e377c2", "ellipse"),
    "Place": ("#98df8a", "ellipse"), "PolicyInstrument": ("#c5b0d5", "diamond"),
}
_UNKNOWN_STYLE = ("#aaaaaa", "dot")


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
    """The text a node is known by: its title, else name, else metric, else id; a target or
    outcome with its value when it has one (``quantity``, see :func:`with_quantities`).

    >>> node_caption({"id": "t", "label": "Target", "title": "城镇新增就业", "quantity": "≥ 1200万人"})
    '城镇新增就业 ≥ 1200万人'
    """
    if node.get("quantity") and node.get("quantity") != present.MISSING:
        head = next((node[k] for k in ("metric", "title", "name") if node.get(k)), "")
        return _clean(f"{head} {node['quantity']}".strip())
    for key in ("title", "name", "metric"):
        if node.get(key):
            return _clean(node[key])
    return _clean(node.get("id"))


def with_quantities(nodes: Iterable[Mapping[str, Any]], doc: PlanDoc) -> list[dict[str, Any]]:
    """Graph nodes with ``quantity`` (the value as people read it) on the targets and outcomes
    that ``doc`` holds, so their graph labels and tooltips carry the figure.

    >>> from core.model import PlanMeta
    >>> d = PlanDoc(PlanMeta("p", "报告"), nodes=(Node("p/t", "Target", "就业", props={"metric": "城镇新增就业",
    ...     "value": 1.2e7, "unit": "人", "comparator": ">="}),))
    >>> with_quantities([{"id": "p/t", "label": "Target", "metric": "城镇新增就业"}], d)[0]["quantity"]
    '≥ 1200万人'
    """
    held = {n.id: n for n in doc.nodes if n.label in ("Target", "Outcome")}
    out = []
    for n in nodes:
        n = dict(n)
        if n.get("id") in held:
            n["quantity"] = present.quantity(held[n["id"]].props)
        out.append(n)
    return out


def _as_node(n: Any) -> dict[str, Any]:
    if isinstance(n, Node):
        if n.label in ("Target", "Outcome"):
            return {"id": n.id, "label": n.label, "metric": n.props.get("metric") or n.title,
                    "quantity": present.quantity(n.props)}
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
        label = n.get("label") or "?"
        colour, shape = LABEL_STYLE.get(label, _UNKNOWN_STYLE)  # "?" has no style of its own
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
    page = page.replace("<body>", "<body>\n" + legend_html({n["label"] for n in kept.values() if n.get("label") is not None}), 1)
    page = page.replace("</body>", _TOOLTIP_SCRIPT + "</body>", 1)
    return page, cut


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
    """The ``[-deleted-]`` / ``{+inserted+}`` notation of :func:`analysis.compare.inline_diff`
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

    >>> from core.model import PlanMeta
    >>> d = PlanDoc(PlanMeta(id="p", title="计划"), nodes=(Node("p/1", "Section", "总体要求", path="1"),
    ...             Node("p/1.1", "Task", "推进", path="1.1")))
    >>> [(r["id"], r["depth"]) for r in outline_rows(d)]
    [('p/1', 0), ('p/1.1', 1)]
    """
    units = [n for n in doc.nodes if n.label in UNIT_LABELS]
    units.sort(key=lambda n: (n.start if n.start is not None else 1 << 62))
    return [{"id": n.id, "label": n.label, "title": n.title, "path": n.path or "",
             "depth": (n.path or "").count("."), "start": n.start, "end": n.end} for n in units]


def unit_details(doc: PlanDoc, unit_id: str) -> dict[str, list[dict[str, Any]]]:
    """What the reader lists beside a unit: its targets, citations, mentions, the bodies that
    lead or support it, and its inferred links (both directions) with their evidence."""
    nodes = {n.id: n for n in doc.nodes}
    out: dict[str, list[dict[str, Any]]] = {"targets": [], "outcomes": [], "citations": [], "mentions": [],
                                            "organizations": [], "links": []}
    for e in doc.edges:
        if e.source == unit_id and e.type == "HAS_TARGET" and e.target in nodes:
            t = nodes[e.target]
            out["targets"].append({"metric": t.props.get("metric"), "target": present.quantity(t.props),
                                   "year": present.year(t.props.get("year")),
                                   "kind": present.kind_zh(t.props.get("kind")),
                                   "indicator": present.indicator_zh(t.props.get("indicator")),
                                   "raw": t.props.get("raw"), "start": t.start, "end": t.end})
        elif e.source == unit_id and e.type == "REPORTS" and e.target in nodes:
            o = nodes[e.target]
            when = (f"{present.year(o.props['period_start'])}–{present.year(o.props.get('period_end'))}"
                    if o.props.get("period_start") else present.year(o.props.get("year")))
            out["outcomes"].append({"metric": o.props.get("metric"),
                                    "actual": present.number(o.props.get("value"), o.props.get("unit")),
                                    "year": when, "indicator": present.indicator_zh(o.props.get("indicator")),
                                    "raw": o.props.get("raw"), "start": o.start, "end": o.end})
        elif e.source == unit_id and e.type == "CITES":
            d = nodes.get(e.target)
            out["citations"].append({"title": d.title if d else e.target,
                                     "number": d.props.get("number") if d else None,
                                     "context": e.props.get("context")})
        elif e.source == unit_id and e.type == "MENTIONS":
            m = nodes.get(e.target)
            out["mentions"].append({"name": caption(nodes, e.target, doc),
                                    "label": present.label_zh(m.label) if m else None, "count": e.props.get("count")})
        elif e.target == unit_id and e.type in ("LEADS", "SUPPORTS_WORK"):
            out["organizations"].append({"name": caption(nodes, e.source, doc),
                                         "role": REL_ZH[e.type], "evidence": e.props.get("evidence")})
        if e.props.get("inferred") and unit_id in (e.source, e.target):
            outgoing = e.source == unit_id
            other = e.target if outgoing else e.source
            out["links"].append({"direction": "→" if outgoing else "←", "type": present.rel_zh(e.type),
                                 "other": caption(nodes, other, doc), "other_id": other,
                                 "method": present.method_zh(e.props.get("method")),
                                 "score": present.similarity(e.props.get("score")),
                                 "evidence": e.props.get("evidence")})
    return out


# ---- query results as a graph -----------------------------------------------------------------

def result_graph(rows: Iterable[Sequence[Any]]) -> tuple[list[dict], list[dict]]:
    """Nodes and relationships found in query result rows (the plain form every engine returns,
    ``graph.store.NODE_KEYS``, also inside paths and lists), as :func:`render_graph_html`
    input. Empty when none.

    >>> result_graph([({"_id": "1", "_label": "Task", "id": "p/1", "title": "推进"},
    ...                {"_type": "SUPPORTS", "_src": "1", "_dst": "2"},
    ...                {"_id": "2", "_label": "Goal", "id": "p/2", "title": "目标"})])[1]
    [{'source': 'p/1', 'target': 'p/2', 'type': 'SUPPORTS', 'score': None, 'evidence': None}]
    """
    nodes: dict[str, dict] = {}
    internal: dict[str, str] = {}
    rels: list[dict] = []

    def visit(v: Any) -> None:
        if is_node(v):
            node_id = str(v.get("id") or v["_id"])
            internal[str(v["_id"])] = node_id
            nodes.setdefault(node_id, {"id": node_id, "label": v["_label"], "title": v.get("title"),
                                       "name": v.get("name"), "metric": v.get("metric")})
        elif is_rel(v):
            rels.append(v)
        elif isinstance(v, (list, tuple)):
            for x in v:
                visit(x)

    for row in rows:
        visit(list(row))
    edges = [{"source": internal[str(r["_src"])], "target": internal[str(r["_dst"])], "type": r["_type"],
              "score": r.get("score"), "evidence": r.get("evidence")}
             for r in rels if str(r["_src"]) in internal and str(r["_dst"]) in internal]
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
    """A result cell as a table can show it: scalars as they are, nodes and relationships by
    their caption, lists and maps as JSON text.

    >>> display_value({"_id": "0:0", "_label": "Task", "id": "p/1", "title": "推进"})
    '(Task) 推进 [p/1]'
    >>> display_value({"_type": "HAS_PART", "_src": "0:0", "_dst": "0:1"}), display_value(3)
    ('[:HAS_PART]', 3)
    """
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if is_node(v):
        return f"({v['_label']}) {node_caption(v)} [{v.get('id')}]"
    if is_rel(v):
        return f"[:{v['_type']}]"
    if isinstance(v, Mapping):
        return json.dumps(dict(v), ensure_ascii=False, default=str)
    if isinstance(v, (list, tuple)):
        return json.dumps([display_value(x) for x in v], ensure_ascii=False, default=str)
    return str(v)


# ---- forms -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormField:
    """One input of a query's form: ``kind`` is ``plan`` (a plan picker over ``options``),
    ``int``, ``float`` or ``text``."""

    name: str
    kind: str
    default: Any = None
    options: tuple[str, ...] = ()


def query_form(query: Any, plan_ids: Sequence[str]) -> list[FormField]:
    """The inputs a form needs for a catalogue query (a ``queries.catalog.NamedQuery``): a plan
    picker for ``plan_id`` when plans are stored, number inputs for numeric parameters, text
    otherwise, each with the query's default.

    >>> from queries.catalog import get_query
    >>> [(f.name, f.kind, f.default) for f in query_form(get_query("task_dependencies"), [])]
    [('task_id', 'text', None), ('depth', 'int', 3), ('min_score', 'float', 0.0)]
    >>> query_form(get_query("plan_targets"), ["p1", "p2"])[0].options
    ('p1', 'p2')
    """
    fields = []
    for name, kind in query.param_types.items():
        default = query.defaults.get(name)
        if name == "plan_id" and plan_ids:
            fields.append(FormField(name, "plan", default, tuple(plan_ids)))
        elif kind in (int, float):
            fields.append(FormField(name, kind.__name__, default))
        else:
            fields.append(FormField(name, "text", default))
    return fields


# ---- indicators: attainment and regions side by side -----------------------------------------------

STATUS_ZH = {"met": "达成 met", "missed": "未达成 missed", "no_data": "无数据 no data"}
STATUS_COLOURS = {"met": "#2ca02c", "missed": "#d62728", "no_data": "#aaaaaa"}


def attainment_points(rows: Sequence[Mapping[str, Any]], unit: str | None) -> list[dict[str, Any]]:
    """``target_attainment`` rows of one region as chart points: the target band (a range's two
    ends; a ``~`` target's tolerance, half a point for %, else 5%), the actual, both as people
    read them, the status.

    >>> p = attainment_points([{"year": 2016, "target_value": 6.5, "target_value_max": 7.0,
    ...     "target_comparator": ">=", "actual_value": 6.7, "status": "met"}], "%")[0]
    >>> (p["low"], p["high"], p["target"], p["actual_text"])
    (6.5, 7.0, '6.5%–7%', '6.7%')
    """
    out = []
    for r in rows:
        value, high = r.get("target_value"), r.get("target_value_max")
        low = value
        if value is not None and high is None:
            tol = (0.5 if unit == "%" else 0.05 * abs(value)) if r.get("target_comparator") in ("~", "=") else 0.0
            low, high = value - tol, value + tol
        out.append({"year": int(r["year"]), "low": low, "high": high, "target_value": value, "actual": r.get("actual_value"),
                    "status": r.get("status") or "no_data",
                    "target": present.quantity({"value": value, "value_max": r.get("target_value_max"), "unit": unit,
                                               "comparator": r.get("target_comparator")}),
                    "actual_text": present.number(r.get("actual_value"), unit),
                    "target_plan_id": r.get("target_plan_id"), "outcome_plan_id": r.get("outcome_plan_id")})
    return sorted(out, key=lambda p: p["year"])


def attainment_chart(points: Sequence[Mapping[str, Any]], title: str) -> Any:
    """An Altair chart: the target band per year (bars from low to high) and the actual as a
    point coloured by status."""
    import altair as alt

    data = alt.Data(values=[dict(p, status_zh=STATUS_ZH[p["status"]]) for p in points])
    x = alt.X("year:O", title="年份 Year")
    band = alt.Chart(data).mark_bar(opacity=0.35, color="#1f77b4", size=18).encode(
        x=x, y=alt.Y("low:Q", title=title), y2="high:Q", tooltip=["year:O", "target:N"]).transform_filter(
        "datum.low != null")
    tick = alt.Chart(data).mark_tick(color="#1f77b4", thickness=2, size=22).encode(
        x=x, y="target_value:Q").transform_filter("datum.target_value != null")
    actual = alt.Chart(data).mark_point(filled=True, size=110).encode(
        x=x, y="actual:Q", tooltip=["year:O", "actual_text:N", "target:N", "status_zh:N"],
        color=alt.Color("status_zh:N", title="状态 Status",
                        scale=alt.Scale(domain=[STATUS_ZH[s] for s in STATUS_COLOURS],
                                        range=list(STATUS_COLOURS.values())))).transform_filter("datum.actual != null")
    return (band + tick + actual).properties(height=360)


def indicator_matrix_table(rows: Sequence[Mapping[str, Any]], names: Mapping[str, str],
                           units: Mapping[str, str]) -> tuple[list[str], list[list[str]]]:
    """``indicator_matrix`` rows as a regions × indicators table of targets as people read
    them (several targets of a region in one cell, ``—`` where a region sets none).

    >>> indicator_matrix_table([{"region": "全国", "indicator": "gdp_growth", "value": 5.0, "value_max": None,
    ...     "comparator": "~"}, {"region": "西藏自治区", "indicator": "gdp_growth", "value": 7.0,
    ...     "value_max": None, "comparator": ">="}], {"gdp_growth": "生产总值增长"}, {"gdp_growth": "%"})
    (['地区 Region', '生产总值增长'], [['全国', '5%左右'], ['西藏自治区', '≥ 7%']])
    """
    indicators = list(dict.fromkeys(r["indicator"] for r in rows))
    regions = list(dict.fromkeys(r["region"] or "—" for r in rows))
    cells: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        text = present.quantity({**r, "unit": units.get(r["indicator"])})
        cells.setdefault((r["region"] or "—", r["indicator"]), [])
        if text not in cells[(r["region"] or "—", r["indicator"])]:
            cells[(r["region"] or "—", r["indicator"])].append(text)
    header = ["地区 Region", *(names.get(i, i) for i in indicators)]
    body = [[region, *("，".join(cells.get((region, i), [])) or "—" for i in indicators)] for region in regions]
    return header, body


# ---- comparison: target changes and the sentence 对照 (issue 18) -------------------------------------

CHANGE_COLOURS = {"same": "", "raised": "background-color:#d9f7d9", "lowered": "background-color:#ffe3c2",
                  "postponed": "background-color:#fff4c2", "advanced": "background-color:#fff4c2",
                  "changed": "background-color:#fff4c2", "added": "background-color:#d9f7d9",
                  "removed": "background-color:#ffd9d9"}

TARGET_CHANGE_COLUMNS = ("变化 Change", "指标 Metric", "原值 A", "新值 B", "标准指标 Indicator", "匹配 Matched by")


def target_change_rows(changes: Iterable[Any]) -> list[dict[str, str]]:
    """:class:`analysis.target_changes.TargetChange` rows as people read them, old -> new.

    >>> from core.model import Node
    >>> from analysis.target_changes import TargetChange
    >>> t = lambda i, v, y: Node(i, "Target", "物价", props={"metric": "居民消费价格涨幅", "value": v, "unit": "%",
    ...     "comparator": "~", "year": y, "indicator": "cpi_growth"})
    >>> target_change_rows([TargetChange("changed", "lowered", t("a", 3.0, 2024), t("b", 2.0, 2025), "indicator")])
    [{'变化 Change': '下调', '指标 Metric': '居民消费价格涨幅', '原值 A': '3%左右（2024年）', '新值 B': '2%左右（2025年）', '标准指标 Indicator': '居民消费价格涨幅', '匹配 Matched by': '同一指标'}]
    """
    out = []
    for c in changes:
        out.append(dict(zip(TARGET_CHANGE_COLUMNS, (
            present.change_zh(c.change), c.metric or present.MISSING,
            present.target_text(c.a.props if c.a else None), present.target_text(c.b.props if c.b else None),
            present.indicator_zh(c.indicator), present.method_zh(c.matched_by)))))
    return out


def diff_sides(diff: str) -> tuple[str, str]:
    """The two columns of a phrase diff: A's text with deletions in ``<del>``, B's with
    insertions in ``<ins>`` (escaped).

    >>> diff_sides("涨幅[-3-]{+2+}%<左右>")
    ('涨幅<del>3</del>%&lt;左右&gt;', '涨幅<ins>2</ins>%&lt;左右&gt;')
    """
    left, right, pos = [], [], 0
    for m in _RE_DIFF.finditer(diff or ""):
        same = html.escape(diff[pos:m.start()])
        left.append(same)
        right.append(same)
        if m.group(1) is not None:
            left.append(f"<del>{html.escape(m.group(1))}</del>")
        else:
            right.append(f"<ins>{html.escape(m.group(2))}</ins>")
        pos = m.end()
    tail = html.escape((diff or "")[pos:])
    return "".join(left) + tail, "".join(right) + tail


DUIZHAO_CSS = """<style>
.pkg-dz{font-size:15px;line-height:1.6}
.pkg-dz .row{display:grid;grid-template-columns:1fr 1fr;gap:14px;border-bottom:1px solid #eee;padding:4px 0}
.pkg-dz .head{font-weight:600;border-bottom:2px solid #ccc}
.pkg-dz .removed .a{background:#fff0f0}.pkg-dz .added .b{background:#f0fff0}
.pkg-dz del{background:#ffd0d0}.pkg-dz ins{background:#c8f5c8;text-decoration:none}
.pkg-dz summary{color:#888;cursor:pointer;padding:2px 0}.pkg-dz .same{color:#666}
</style>"""


def _dz_row(kind: str, a: str, b: str) -> str:
    return f'<div class="row {kind}"><div class="a">{a}</div><div class="b">{b}</div></div>'


def duizhao_html(rows: Sequence[Any], *, fold_same: bool = True, titles: tuple[str, str] = ("原文 A", "新文 B")) -> str:
    """Two columns aligned sentence by sentence (:class:`analysis.sentences.SentencePair` rows):
    changed phrases marked inside the sentence, runs of unchanged sentences folded into a
    ``<details>`` line that opens them. Everything from the documents is escaped.

    >>> from analysis.sentences import align_sentences
    >>> page = duizhao_html(align_sentences("稳就业。涨幅3%。", "稳就业。涨幅2%。"))
    >>> "<del>3</del>" in page and "<ins>2</ins>" in page and "未变 1 句" in page
    True
    """
    out = [DUIZHAO_CSS, '<div class="pkg-dz">', _dz_row("head", html.escape(titles[0]), html.escape(titles[1]))]
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        if fold_same:
            out.append(f"<details><summary>… 未变 {len(run)} 句 unchanged …</summary>{''.join(run)}</details>")
        else:
            out.extend(run)
        run.clear()

    for r in rows:
        if r.status == "same":
            text = html.escape(r.a or "")
            run.append(_dz_row("same", text, text))
            continue
        flush()
        if r.status == "modified":
            out.append(_dz_row("modified", *diff_sides(r.diff)))
        elif r.status == "removed":
            out.append(_dz_row("removed", f"<del>{html.escape(r.a or '')}</del>", ""))
        else:
            out.append(_dz_row("added", "", f"<ins>{html.escape(r.b or '')}</ins>"))
    flush()
    out.append("</div>")
    return "".join(out)


DUIZHAO_COLUMNS = ("单元 A", "单元 B", "状态 Status", "原文 A", "新文 B", "相似度 Similarity", "差异 Diff")


def duizhao_export_rows(pairs: Iterable[tuple[Mapping[str, Any], Sequence[Any]]]) -> list[list[str]]:
    """Rows of the 对照 for CSV/Excel: per unit pair and sentence, the two sentences, the status
    in Chinese, the similarity as people read it and the phrase diff.

    >>> from analysis.sentences import align_sentences
    >>> duizhao_export_rows([({"a_title": "甲", "b_title": "甲"}, align_sentences("涨幅3%。", "涨幅2%。"))])
    [['甲', '甲', '修改', '涨幅3%。', '涨幅2%。', '0.50', '涨幅[-3-]{+2+}%。']]
    """
    names = {"same": "未变", "modified": "修改", "added": "新增", "removed": "删除"}
    out = []
    for pair, rows in pairs:
        for r in rows:
            out.append([pair.get("a_title") or present.MISSING, pair.get("b_title") or present.MISSING,
                        names[r.status], r.a or "", r.b or "",
                        present.similarity(r.similarity) if r.status == "modified" else "", r.diff])
    return out


# ---- links to a sentence ---------------------------------------------------------------------------------

def reader_link(plan_id: str, unit_id: str | None = None, span: tuple[int | None, int | None] | None = None) -> str:
    """The reader's address of a plan, a unit and a span to highlight (``hl=start-end``).

    >>> reader_link("p", "p/1", (5, 9))
    '/reader?plan=p&unit=p%2F1&hl=5-9'
    """
    from urllib.parse import urlencode

    query = {"plan": plan_id}
    if unit_id:
        query["unit"] = unit_id
    if span and span[0] is not None and span[1] is not None:
        query["hl"] = f"{span[0]}-{span[1]}"
    return "/reader?" + urlencode(query)


def parse_span(value: Any) -> tuple[int, int] | None:
    """``"5-9"`` -> ``(5, 9)``; None for anything else.

    >>> parse_span("5-9"), parse_span("x"), parse_span(None)
    ((5, 9), None, None)
    """
    m = re.fullmatch(r"(\d+)-(\d+)", str(value or ""))
    return (int(m.group(1)), int(m.group(2))) if m and int(m.group(1)) <= int(m.group(2)) else None


def quantity_link(doc: PlanDoc, label: str, indicator: str, year: Any) -> str | None:
    """The reader link of the first ``label`` (Target or Outcome) of ``indicator`` for ``year``
    in ``doc``: its unit and its own span, so the reader opens at the sentence.

    >>> from core.model import Edge, PlanMeta
    >>> d = PlanDoc(PlanMeta("p", "报告"), nodes=(Node("p/1", "Task", "目标", start=0, end=20),
    ...     Node("p/1/t1", "Target", "增长", start=4, end=9, props={"indicator": "gdp_growth", "year": 2025})),
    ...     edges=(Edge("p/1", "p/1/t1", "HAS_TARGET"),))
    >>> quantity_link(d, "Target", "gdp_growth", 2025.0)
    '/reader?plan=p&unit=p%2F1&hl=4-9'
    """
    if year is None or year != year:
        return None
    found = [n for n in doc.nodes if n.label == label and n.props.get("indicator") == indicator
             and n.props.get("year") is not None and int(n.props["year"]) == int(year)]
    if not found:
        return None
    node = min(found, key=lambda n: n.start if n.start is not None else 1 << 62)
    owner = next((e.source for e in doc.edges if e.target == node.id and e.type in ("HAS_TARGET", "REPORTS")), None)
    return reader_link(doc.plan.id, owner if owner != doc.plan.id else None, (node.start, node.end))


# ---- policy instruments ---------------------------------------------------------------------

def instrument_profiles(profiles: Mapping[str, Sequence[Mapping[str, Any]]], names: Mapping[str, str],
                        instrument_zh: Mapping[str, str], type_zh: Mapping[str, str]) -> list[dict[str, Any]]:
    """``instrument_profile`` rows of several plans as one long table for a stacked bar and a
    cross-table: plan name, type and instrument in Chinese, units, share as a percentage.

    >>> instrument_profiles({"p": [{"type": "supply", "instrument": "talent", "units": 3, "share": 0.25}]},
    ...                     {"p": "计划"}, {"talent": "人才培养"}, {"supply": "供给型"})
    [{'规划 Plan': '计划', '类型 Type': '供给型', '工具 Instrument': '人才培养', '条目 Units': 3, '占比 Share %': 25.0}]
    """
    return [{"规划 Plan": names[plan_id], "类型 Type": type_zh[r["type"]],
             "工具 Instrument": instrument_zh[r["instrument"]], "条目 Units": r["units"],
             "占比 Share %": round(100 * r["share"], 1)}
            for plan_id, rows in profiles.items() for r in rows]


def instrument_crosstab(rows: Sequence[Mapping[str, Any]], instrument_zh: Mapping[str, str]) -> tuple[list[str], list[list[Any]]]:
    """``instruments_by_goal`` rows as the parts × instruments table papers print (units per cell as
    text, empty where a part uses none), parts in document order, instruments in the order first met.

    >>> instrument_crosstab([{"part_order": 1, "part_path": "1", "part": "总体要求", "type": "supply",
    ...                       "instrument": "talent", "units": 2}], {"talent": "人才培养"})
    (['部分 Part', '人才培养'], [['1 总体要求', '2']])
    """
    instruments = list(dict.fromkeys(r["instrument"] for r in rows))
    parts: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        parts.setdefault((r["part_order"], r["part_path"], r["part"]), {})[r["instrument"]] = r["units"]
    header = ["部分 Part", *(instrument_zh[i] for i in instruments)]
    table = [[f"{path} {title}".strip(), *(str(cells[i]) if i in cells else "" for i in instruments)]
             for (_, path, title), cells in sorted(parts.items(), key=lambda kv: kv[0][0])]
    return header, table
