"""The ``policykg`` command line (contract: DESIGN.md section 4).

Exit codes: 0 success, 1 user error (bad file, bad query, store problem), 2 usage.
Errors are one line on stderr naming the file (and position when known); ``--debug`` adds the traceback.
Each subcommand is a ``_cmd_<name>(args) -> int`` function registered in ``_build_parser``.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from typing import Sequence

from policykg.errors import PolicyKGError

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# ---- parse ------------------------------------------------------------------------------

def _cmd_parse(args: argparse.Namespace) -> int:
    from ingest.outline_text import render_outline
    from ingest.parse import parse_path

    doc = parse_path(args.file)
    if args.format == "json":
        _print_json(doc.to_json())
    else:
        sys.stdout.write(render_outline(doc))
    return EXIT_OK


# ---- wiring -----------------------------------------------------------------------------

def _add_store(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="URI", default=None,
                   help="embedded database path (default $POLICYKG_STORE or ./policykg.lbug) "
                        "or bolt:// neo4j:// neo4j+s:// URI")


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policykg", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", help="parse one file and print the plan graph")
    p.add_argument("file")
    p.add_argument("--format", choices=("json", "outline"), default="outline")
    p.set_defaults(func=_cmd_parse)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    try:
        return args.func(args)
    except PolicyKGError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"policykg: error: {exc}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print("policykg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
