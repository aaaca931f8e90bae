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
from pathlib import Path
from typing import Sequence

from core.errors import ExportError, InputError, PolicyKGError
from ingest.read import SUPPORTED

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


# ---- compare ----------------------------------------------------------------------------

def _cmd_compare(args: argparse.Namespace) -> int:
    from analysis.compare import render_csv, render_table
    from workspace.workspace import compare_refs

    comparison = compare_refs(args.a, args.b, args.store, save=args.save)
    if args.format == "json":
        _print_json(comparison.to_json())
    elif args.format == "csv":  # the target changes, for a spreadsheet
        sys.stdout.write(render_csv(comparison))
    else:
        sys.stdout.write(render_table(comparison) + "\n")
    return EXIT_OK


# ---- instruments ------------------------------------------------------------------------

def _cmd_instruments(args: argparse.Namespace) -> int:
    from analysis.instruments import coding_sheet, explain
    from workspace.workspace import instrument_refs

    doc, codes = instrument_refs(args.plan, args.store)
    if args.format == "json":
        _print_json({"plan": doc.plan.id, "codes": [c.to_json() for c in codes]})
        return EXIT_OK
    if args.format in ("csv", "xlsx"):
        from policykg.sheets import csv_bytes, xlsx_bytes
        header, rows = coding_sheet(doc, codes)
        data = csv_bytes(header, rows) if args.format == "csv" else xlsx_bytes(
            header, rows, sheet="政策工具编码", widths=[18, 5, 7, 24, 60, 8, 12, 12, 30, 24])
        if args.out is None:
            if args.format == "xlsx":
                raise InputError("--format xlsx writes a file: give --out PATH.xlsx")
            sys.stdout.buffer.write(data)
        else:
            _write_file(args.out, data)
            print(f"wrote {args.out}: {len(rows)} codes of {len({c.unit_id for c in codes})} units")
        return EXIT_OK
    from analysis.codebook import TYPE_ZH, instrument
    units = {n.id: n for n in doc.nodes}
    for c in codes:
        unit = units[c.unit_id]
        if args.explain:
            print(f"{unit.path or '-'} {unit.title}")
            print("  " + explain(c).replace("\n", "\n  "))
        else:
            print(f"{unit.path or '-'}  {unit.title}  {TYPE_ZH[c.type]}·{instrument(c.instrument).zh}  {c.evidence}")
    coded = len({c.unit_id for c in codes})
    print(f"{len(codes)} codes on {coded} units of {doc.plan.title}")
    return EXIT_OK


def _write_file(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}; check the folder exists and "
                         "may be written") from None


# ---- ingest / plans / remove / export ----------------------------------------------------

def _workers(text: str) -> int:
    """``--workers N``: a whole number of processes, at least 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number of processes, at least 1")
    return int(text)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from workspace.ingest import default_workers, total_line
    from workspace.workspace import Workspace

    live = sys.stderr.isatty()  # a counter that rewrites itself; logs get the per-file lines

    def report(done: int, total: int, result) -> None:
        if live:
            sys.stderr.write("\r\x1b[K")
        if result.ok:
            print(result.line(), flush=True)
        else:
            print(f"policykg: error: {result.line()}", file=sys.stderr, flush=True)
        if live and total > 3 and done < total:
            sys.stderr.write(f"[{done}/{total}] …")
            sys.stderr.flush()

    with Workspace.open(args.store) as ws:
        results = ws.ingest(args.paths, progress=report, workers=args.workers or default_workers())
    print(total_line(results))
    return EXIT_OK if all(r.ok for r in results) else EXIT_USER


def _cmd_plans(args: argparse.Namespace) -> int:
    from workspace.workspace import Workspace

    with Workspace.open(args.store, read_only=True) as ws:
        plans = ws.plans()
    if args.format == "json":
        _print_json(plans)
        return EXIT_OK
    for p in plans:
        period = f"{p['period_start'] or '?'}-{p['period_end'] or '?'}"
        edition = " ".join(x for x in (p["version"], p["status"]) if x) or "-"
        print(f"{p['id']}  {p['title']}  [{edition}]  {period}  "
              f"{p['units']} units, {p['targets']} targets, {p['citations']} citations")
    print(f"{len(plans)} plans")
    return EXIT_OK


def _cmd_remove(args: argparse.Namespace) -> int:
    from workspace.workspace import Workspace

    with Workspace.open(args.store, create=False) as ws:
        ws.remove(args.plan_id)
    print(f"removed {args.plan_id}")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from workspace.workspace import Workspace

    with Workspace.open(args.store, read_only=True) as ws:
        written = ws.export(args.format, args.out)
    if written is not None:
        print(f"wrote {written}", file=sys.stderr)
    return EXIT_OK


# ---- query ------------------------------------------------------------------------------

def _param(text: str) -> tuple[str, str]:
    """``k=v`` of ``--param`` (the value may itself hold '=')."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"--param {text!r}: expected NAME=VALUE, e.g. --param year=2017")
    return key.strip(), value


def _limit(text: str) -> int:
    from core.errors import QueryError
    from queries.console import MAX_LIMIT, check_limits

    try:
        return check_limits(int(text), 1.0)[0]
    except (ValueError, QueryError):
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number of rows from 1 to {MAX_LIMIT:,}") from None


def _timeout(text: str) -> float:
    from core.errors import QueryError
    from queries.console import MAX_TIMEOUT_S, MIN_TIMEOUT_S, check_limits

    try:
        return check_limits(1, float(text))[1]
    except (ValueError, QueryError):
        raise argparse.ArgumentTypeError(f"{text!r}: expected seconds from {MIN_TIMEOUT_S:g} to "
                                         f"{MAX_TIMEOUT_S:g}, e.g. --timeout 30") from None


def _params(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """``--param`` pairs as a dict; a name given twice is refused (which one should win?).

    >>> _params([("year", "2017"), ("id", "a=b")])
    {'year': '2017', 'id': 'a=b'}
    """
    from core.errors import QueryError

    params: dict[str, str] = {}
    for key, value in pairs:
        if key in params:
            raise QueryError(f"--param {key} given twice ({key}={params[key]} and {key}={value}); "
                             "give each parameter once")
        params[key] = value
    return params


def _missing_params(text: str, params: dict[str, str]) -> list[str]:
    """The ``$names`` a Cypher text uses (outside strings and comments) that no ``--param`` gives."""
    import re

    from queries.console import strip_literals

    used = dict.fromkeys(re.findall(r"\$(\w+)", strip_literals(text)))
    return [name for name in used if name not in params]


def _cmd_query(args: argparse.Namespace) -> int:
    from core.errors import QueryError
    from queries.catalog import CATALOG
    from queries.console import render
    from workspace.workspace import Workspace

    params = _params(args.param)
    if args.query.strip() not in CATALOG:
        from graph.engines import engine_for, resolve_uri
        from queries.console import check_read_only
        # refused before the store is opened: a write never waits for a lock or a server
        check_read_only(args.query, engine_for(resolve_uri(args.store)).name)
        missing = _missing_params(args.query, params)
        if missing:
            raise QueryError(f"the query uses {', '.join('$' + m for m in missing)} but no value was given; "
                             f"add {' '.join(f'--param {m}=VALUE' for m in missing)} (a missing "
                             "parameter would silently be null)")
    with Workspace.open(args.store, read_only=True) as ws:
        result = ws.query(args.query, params, limit=args.limit, timeout_s=args.timeout)
    out = render(result, args.format)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    if result.message:
        print(f"policykg: {result.message}", file=sys.stderr)
    return EXIT_OK


# ---- app --------------------------------------------------------------------------------

def _cmd_app(args: argparse.Namespace) -> int:
    """Start the Streamlit app (app.py beside the packages) on the store, headless."""
    import os

    from graph.engines import engine_for, redact, resolve_uri

    app = Path(__file__).resolve().parent.parent / "app.py"
    if not app.is_file():
        raise InputError(f"{app}: the Streamlit app is not there; `policykg app` needs a source "
                         "checkout installed with `pip install -e .`")
    uri = resolve_uri(args.store)
    if engine_for(uri).local:
        uri = str(Path(uri).resolve())
    env = dict(os.environ, POLICYKG_STORE=uri)
    if args.read_only:
        env["POLICYKG_APP_READ_ONLY"] = "1"  # read by policykg/ui.py
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
           "--client.toolbarMode", "viewer",  # no Deploy button: the app is for reading
           "--server.address", args.address, "--server.port", str(args.port),
           "--browser.gatherUsageStats", "false"]
    print(f"PolicyKG app: http://{args.address}:{args.port}/ on store {redact(uri)}", file=sys.stderr, flush=True)
    sys.stdout.flush()
    os.execve(sys.executable, cmd, env)  # streamlit replaces this process: signals reach it directly
    return EXIT_OK  # pragma: no cover (execve does not return)


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

    p = sub.add_parser("compare", help="compare two plans (files or stored plan ids)")
    p.add_argument("a", metavar="A", help="the older plan: a file or a stored plan id")
    p.add_argument("b", metavar="B", help="the newer plan: a file or a stored plan id")
    p.add_argument("--format", choices=("json", "table", "csv"), default="table",
                   help="table for people, json (the contract), csv (the target changes)")
    p.add_argument("--save", action="store_true",
                   help="store the alignment as ALIGNED_WITH edges (and REVISES) between stored plans")
    _add_store(p)
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("instruments", help="code a plan's units by policy instrument (政策工具)")
    p.add_argument("plan", metavar="FILE|PLAN_ID", help="a file to parse, or a stored plan's id")
    p.add_argument("--explain", action="store_true", help="show the rule behind each code")
    p.add_argument("--format", choices=("table", "json", "csv", "xlsx"), default="table",
                   help="table for people, json, csv or xlsx (the coding sheet: 政策编号, 章, 条, text, evidence)")
    p.add_argument("--out", metavar="PATH", type=Path, default=None, help="write csv/xlsx here")
    _add_store(p)
    p.set_defaults(func=_cmd_instruments)

    p = sub.add_parser("ingest", help="parse files/folders and load them into the store")
    p.add_argument("paths", nargs="+", metavar="PATH", help=f"files or folders ({' '.join(SUPPORTED)})")
    p.add_argument("--workers", type=_workers, default=None, metavar="N",
                   help="parse in N processes feeding one writer (default: the cores this process may use)")
    _add_store(p)
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("plans", help="list stored plans")
    p.add_argument("--format", choices=("table", "json"), default="table")
    _add_store(p)
    p.set_defaults(func=_cmd_plans)

    p = sub.add_parser("remove", help="remove a plan and what only it owned")
    p.add_argument("plan_id", metavar="PLAN_ID")
    _add_store(p)
    p.set_defaults(func=_cmd_remove)

    p = sub.add_parser("export", help="export the store as RDF, GraphML or neo4j-admin CSV")
    p.add_argument("--format", choices=("ttl", "jsonld", "graphml", "csv"), required=True)
    p.add_argument("--out", metavar="PATH", type=Path, default=None,
                   help="output file (a folder for csv, default ./policykg-csv); stdout otherwise")
    _add_store(p)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("query", help="run a read-only Cypher query or a catalogue query by name")
    p.add_argument("query", metavar="CYPHER|NAME",
                   help="Cypher text, or a catalogue name (e.g. targets_by_year; see README)")
    p.add_argument("--param", type=_param, action="append", default=[], metavar="NAME=VALUE",
                   help="a query parameter (repeatable); values are text, numbers where declared")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--limit", type=_limit, default=1000, help="most rows to print (default 1000)")
    p.add_argument("--timeout", type=_timeout, default=10.0, metavar="SECONDS",
                   help="stop the query after this many seconds (default 10, at most 3600)")
    _add_store(p)
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("app", help="start the Streamlit UI on the store")
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--address", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--read-only", action="store_true",
                   help="open the embedded store read-only (ingests elsewhere may run; no uploads)")
    _add_store(p)
    p.set_defaults(func=_cmd_app)

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
    except Exception as exc:  # an engine or OS failure we did not foresee: still one line
        if args.debug:
            traceback.print_exc()
        detail = str(exc).splitlines()[0] if str(exc) else ""
        print(f"policykg: error: {type(exc).__name__}: {detail} (run with --debug for the "
              "traceback)", file=sys.stderr)
        return EXIT_USER


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
