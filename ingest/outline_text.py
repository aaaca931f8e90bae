"""A readable outline of a PlanDoc for people (``policykg parse --format outline``)."""

from __future__ import annotations

from collections import defaultdict

from graph.model import PlanDoc

__all__ = ["render_outline"]

_LABEL_ZH = {"Section": "章节", "Principle": "原则", "Goal": "目标", "Project": "工程",
             "Task": "任务", "Measure": "保障"}
_CMP = {">=": "≥", ">": ">", "=": "=", "~": "≈", "<=": "≤", "<": "<"}


def _value(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"


def render_outline(doc: PlanDoc) -> str:
    """Plan header, then the unit tree with each unit's targets and citations beneath it."""
    p = doc.plan
    children: dict[str, list[str]] = defaultdict(list)
    targets: dict[str, list[str]] = defaultdict(list)
    cites: dict[str, list[str]] = defaultdict(list)
    for e in doc.edges:
        if e.type == "HAS_PART":
            children[e.source].append(e.target)
        elif e.type == "HAS_TARGET":
            targets[e.source].append(e.target)
        elif e.type == "CITES":
            cites[e.source].append(e.target)
    nodes = {n.id: n for n in doc.nodes}
    period = f"{p.period_start}-{p.period_end}" if p.period_start else "?"
    lines = [f"{p.title}", f"  id {p.id} · 版本 {p.version or '-'} · 状态 {p.status or '-'} · "
             f"期间 {period} · 发布 {p.issued or '-'} · 文号 {p.number or '-'} · 发文 {p.issuer or '-'}"]
    for title in p.titles:
        if title != p.title:
            lines.append(f"  另题 {title}")

    def extras(owner: str, indent: str) -> None:
        for tid in targets[owner]:
            t = nodes[tid].props
            year = f" ({t['year']}年)" if t.get("year") else ""
            lines.append(f"{indent}◎ {t['metric']} {_CMP.get(t['comparator'], t['comparator'])} "
                         f"{_value(t['value'])} {t['unit']}{year}")
        for did in cites[owner]:
            d = nodes[did]
            number = f" {d.props.get('number')}" if d.props.get("number") else ""
            lines.append(f"{indent}《{d.title}》{number}" if d.title != d.props.get("number")
                         else f"{indent}文号{number}")

    extras(p.id, "  ")

    def walk(nid: str, depth: int) -> None:
        n = nodes[nid]
        indent = "  " * depth
        lines.append(f"{indent}{n.path} [{_LABEL_ZH.get(n.label, n.label)}] {n.title}")
        extras(nid, indent + "    ")
        for child in children[nid]:
            walk(child, depth + 1)

    for top in children[p.id]:
        walk(top, 1)
    for w in doc.warnings:
        lines.append(f"! {w}")
    return "\n".join(lines) + "\n"
