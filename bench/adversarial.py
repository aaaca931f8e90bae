"""Parse time and peak memory on generated adversarial inputs (issues 10 and 17).

    .venv/bin/python bench/adversarial.py [--sizes 10000 100000 1000000] [--timeout 300]
        [--docx-sizes 1000000 16000000 256000000] [--kinds ...]

Text inputs are a plan title followed by one pattern repeated to the size (characters):
percent-dense text, percent-dense clauses, runs of digits, repeated enumerators (``一、``, ``1.``,
``（一）``) on one line and on lines of their own, unclosed ``《`` and ``〔``, a mix of enumerators
and numbers, and ``long-text``: the seed plan repeated (ordinary text at length).
The ``docx-`` inputs are .docx files whose ``word/document.xml`` is that many bytes of one
pattern (honest sizes in the zip directory; a few hundred KB zipped): all ``0``, ``<`` then
``a`` (a tag that never ends), a comment holding ``>`` every KB, empty elements side by side,
and ordinary paragraphs; each is read (``ingest.read.read_bytes``) and, when read, parsed.
Every (input, size) runs in its own process after a warm-up parse (so jieba's dictionary load
is off the clock), under a timeout. The report gives seconds and the process's peak resident
memory (VmHWM, MB, the interpreter and jieba included) per size, and the growth ratio of the
time per tenfold size: linear code grows about 10x, and the goal is at most about 12x. A
refusal is an answer too; its time is reported, and its message in the closing notes.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

PATTERNS: dict[str, str] = {
    "percent-dense": "1%",
    "percent-clauses": "增长1%，",
    "digit-runs": "1234567890",
    "enum-cn": "一、",
    "enum-num": "1.",
    "enum-paren": "（一）",
    "enum-lines": "一、推进\n1.加快\n（一）建设\n",
    "unclosed-book": "《",
    "unclosed-bracket": "〔",
    "mix": "一、1.2%（一）3万元，到2020年达到5家\n",
    "milestone-clauses": "今年基本建成，",          # one line of dated end states (milestones)
    "long-text": "",                                   # the seed plan, repeated
}
DOCX: dict[str, tuple[bytes, bytes]] = {  # (head, unit repeated to the size) of word/document.xml
    "docx-zeros": (b"", b"0"),
    "docx-open-tag": (b"<", b"a"),
    "docx-comment": (b"<w:document xmlns:w='w'><w:body><!--", b"0" * 1023 + b">"),
    "docx-siblings": (b"<w:document xmlns:w='w'><w:body>", b"<a/>"),
    "docx-paragraphs": (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                        b"<w:body>", "<w:p><w:r><w:t>到2017年，新增孵化器20家。</w:t></w:r></w:p>".encode()),
}


SEED = Path(__file__).resolve().parent.parent / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"


def make(kind: str, size: int) -> str:
    unit = PATTERNS[kind] or SEED.read_text(encoding="utf-8")
    return "示例三年行动计划\n" + (unit * (size // len(unit) + 1))[:size]


def make_docx(kind: str, size: int) -> bytes:
    """A .docx whose main part is ``size`` bytes of the kind's pattern, deflated as it is written."""
    head, unit = DOCX[kind]
    block = unit * max(1, (2**20) // len(unit))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            written = len(head)
            while written < size:
                piece = block[: size - written]
                f.write(piece)
                written += len(piece)
    return buffer.getvalue()


def _peak_mb() -> int:
    peak = re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text())
    assert peak is not None  # Linux reports every process's peak resident memory
    return int(peak.group(1)) // 1024


def _worker(kind: str, size: int) -> None:
    from ingest.parse import parse_plan
    from ingest.read import read_bytes

    parse_plan("示例三年行动计划\n一、推进研发。新增孵化器20家。", source="warm.txt")
    docx = make_docx(kind, size) if kind in DOCX else None
    plain = make(kind, size) if docx is None else ""
    t0 = time.perf_counter()
    try:
        text = read_bytes(docx, f"{kind}.docx").text if docx is not None else plain
        parse_plan(text, source=f"{kind}.txt")
    except Exception as exc:  # noqa: BLE001 - a refusal is an answer too; report its time
        print(json.dumps({"error": f"{type(exc).__name__}: {str(exc)[:90]}",
                          "seconds": time.perf_counter() - t0, "peak_mb": _peak_mb()}))
        return
    print(json.dumps({"seconds": time.perf_counter() - t0, "peak_mb": _peak_mb()}))


def measure(kind: str, size: int, timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, str(size)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "error": f"over {timeout:g} s"}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--docx-sizes", type=int, nargs="+", default=[1_000_000, 16_000_000, 256_000_000])
    ap.add_argument("--kinds", nargs="+", default=[*PATTERNS, *DOCX], choices=[*PATTERNS, *DOCX])
    ap.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        _worker(args.worker[0], int(args.worker[1]))
        return 0
    worst = 0.0
    notes: list[str] = []
    for title, kinds, sizes in (("text input (characters)", [k for k in args.kinds if k in PATTERNS], args.sizes),
                                (".docx input (bytes of word/document.xml)", [k for k in args.kinds if k in DOCX],
                                 args.docx_sizes)):
        if not kinds:
            continue
        sizes = sorted(sizes)
        print(f"{title}: seconds / peak MB")
        print("input".ljust(18) + "".join(f"{s:>20,}" for s in sizes) + "   growth per 10x")
        for kind in kinds:
            times = [measure(kind, s, args.timeout) for s in sizes]
            print(kind.ljust(18) + "".join(_cell(t, args.timeout) for t in times) + "   "
                  + "  ".join(f"{r:.1f}x" for r in _ratios(sizes, times)))
            worst = max([worst, *(r for r, t in zip(_ratios(sizes, times), times) if (t.get("seconds") or 0) >= 0.05)])
            notes += [f"{kind} at {s:,}: {t['error']}" for s, t in zip(sizes, times) if t.get("error")]
    print(f"worst growth per tenfold size: {worst:.1f}x (goal <= ~12x)")
    for note in sorted(set(notes)):
        print("  " + note)
    return 0


def _cell(t: dict, timeout: float) -> str:
    if t.get("seconds") is None:
        return f"{'>' + str(int(timeout)) + 's':>20}"
    return f"{t['seconds']:>11.2f}s /{t.get('peak_mb', 0):>5}MB"


def _ratios(sizes: list[int], times: list[dict]) -> list[float]:
    """Time growth per tenfold size between neighbouring sizes (where both have a time)."""
    out = []
    for (s0, t0), (s1, t1) in zip(zip(sizes, times), zip(sizes[1:], times[1:])):
        if t0.get("seconds") and t1.get("seconds"):
            out.append((t1["seconds"] / t0["seconds"]) * (10 / (s1 / s0)))
    return out

if __name__ == "__main__":
    sys.exit(main())
