"""One hash of every node and edge the parser (with inference) makes of a corpus: a refactor that
says "behaviour unchanged" prints the same hash before and after.

    .venv/bin/python bench/fingerprint.py [--corpus corpus ../shared/corpus ../shared/corpus-first-sight] [--each]

Each file is parsed and enriched as ``policykg ingest`` does; its PlanDoc's JSON (sorted keys) is
hashed, and the hashes of all files, in path order, are hashed again. ``--each`` also prints one
line per file, to find which file changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"


def doc_hash(doc_json: dict) -> str:
    """The SHA-256 of a PlanDoc's JSON with sorted keys (its dict order does not matter).

    >>> doc_hash({"b": 1, "a": [1, 2]}) == doc_hash({"a": [1, 2], "b": 1})
    True
    """
    text = json.dumps(doc_json, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main(argv: list[str] | None = None) -> int:
    from workspace.ingest import enrich_plan
    from ingest.parse import parse_path
    from ingest.read import iter_documents

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, nargs="+", default=[ROOT / "corpus", SHARED / "corpus", SHARED / "corpus-first-sight"])
    ap.add_argument("--each", action="store_true", help="print one hash per file too")
    args = ap.parse_args(argv)
    files = sorted(iter_documents([p for p in args.corpus if p.exists()]))
    total = hashlib.sha256()
    for path in files:
        digest = doc_hash(enrich_plan(parse_path(path)).to_json())
        total.update(digest.encode())
        if args.each:
            print(f"{digest[:16]}  {path}")
    print(f"{total.hexdigest()}  {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
