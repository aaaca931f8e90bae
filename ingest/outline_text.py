"""A readable outline of a PlanDoc for people (``policykg parse --format outline``)."""

from __future__ import annotations

from collections import defaultdict

from core.model import LABEL_ZH, PlanDoc
from ingest.numbers import format_number, format_quantity

__all__ = ["render_outline"]



def render_outline(doc: PlanDoc) -> str:
    """Plan header, then the unit tree with each unit's targets (◎), reported outcomes (●) and
    citations beneath it."""
    p = doc.plan
    children: dict[str, list[str]] = defaultdict(list)
    targets: dict[str, list[str]] = defaultdict(list)
    outcomes: dict[str, list[str]] = defaultdict(list)
    cites: dict[str, list[str]] = defaultdict(list)
    for e in doc.edges:
        if e.type == "HAS_PART":
            children[e.source].append(e.target)
        elif e.type == "HAS_TARGET":
            targets[e.source].append(e.target)
        elif e.type == "REPORTS":
            outcomes[e.source].append(e.target)
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
            year = f" ({t['year']}年)" if t.get("year") and t.get("value") is not None else ""
            lines.append(f"{indent}◎ {t['metric']} {format_quantity(t)}{year}")
        for oid in outcomes[owner]:
            o = nodes[oid].props
            when = (f" ({o['period_start']}–{o['period_end']}年)" if o.get("period_start")
                    else f" ({o['year']}年)" if o.get("year") else "")
            lines.append(f"{indent}● {o['metric']} {format_number(o['value'], o['unit'])}{when}")
        for did in cites[owner]:
            d = nodes[did]
            number = f" {d.props.get('number')}" if d.props.get("number") else ""
            lines.append(f"{indent}《{d.title}》{number}" if d.title != d.props.get("number")
                         else f"{indent}文号{number}")

    extras(p.id, "  ")

    def walk(nid: str, depth: int) -> None:
        n = nodes[nid]
        indent = "  " * depth
        lines.append(f"{indent}{n.path} [{LABEL_ZH.get(n.label, n.label)}] {n.title}")
        extras(nid, indent + "    ")
        for child in children[nid]:
            walk(child, depth + 1)

    for top in children[p.id]:
        walk(top, 1)
    for w in doc.warnings:
        lines.append(f"! {w}")
    return "\n".join(lines) + "\n"
