"""CPU a read-only command costs to start: ``plans``, ``query`` (Cypher and a catalogue name) and
``export`` (each format), against a bare Ladybug process running the same Cypher.

    .venv/bin/python bench/startup.py [--store PATH] [--before CHECKOUT] [--runs 7]

Each command runs as its own process on a one-plan store (so the work after starting is small);
its CPU is user + system time of the process and the children it waited for (the console's
bounded query runs in a child), from ``os.wait4``. ``--before`` runs the same commands from
another checkout (e.g. a ``git worktree`` of an earlier commit) in the same run, for the
baseline. Goal: every read-only command under 0.5 s of CPU.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "binjiang-three-year-action-plan-2015-2017-draft.txt"
GOAL_S = 0.5
BARE = ("import ladybug, sys; db = ladybug.Database(sys.argv[1], read_only=True); "
        "print(ladybug.Connection(db).execute('MATCH (p:Plan) RETURN count(p) AS n').get_next())")


def commands(store: Path, plan_id: str, out: Path) -> dict[str, list[str]]:
    cli = ["-m", "policykg.cli"]
    return {
        "bare ladybug, same Cypher": ["-c", BARE, str(store)],
        "plans": [*cli, "plans", "--store", str(store)],
        "query (Cypher)": [*cli, "query", "--store", str(store), "MATCH (p:Plan) RETURN count(p) AS n"],
        "query plan_outline": [*cli, "query", "--store", str(store), "plan_outline", "--param", f"plan_id={plan_id}"],
        **{f"export {fmt}": [*cli, "export", "--store", str(store), "--format", fmt, "--out", str(out / fmt)]
           for fmt in ("csv", "ttl", "graphml")},
    }


def cpu_s(args: list[str], checkout: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, cwd=checkout)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-400:] if proc.stderr else ''}")
    return usage.ru_utime + usage.ru_stime  # the child's own and those of the children it reaped


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, default=None, help="a checkout of the baseline")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp())
    store = folder / "kg.lbug"
    subprocess.run([sys.executable, "-m", "policykg.cli", "ingest", "--workers", "1", "--store", str(store), str(SEED)],
                   check=True, stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)), cwd=ROOT)
    plan_id = subprocess.run([sys.executable, "-m", "policykg.cli", "plans", "--store", str(store), "--format", "json"],
                             check=True, capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                             cwd=ROOT).stdout.split('"id": "')[1].split('"')[0]
    checkouts = {"now": ROOT} | ({"before": args.before.resolve()} if args.before else {})
    print(f"median CPU seconds of {args.runs} runs (user + system, children included)\n")
    print(f"{'command':28}" + "".join(f"{name:>10}" for name in checkouts) + "   goal")
    for label, cmd in commands(store, plan_id, folder).items():
        medians = {}
        for name, checkout in checkouts.items():
            medians[name] = statistics.median(cpu_s(cmd, checkout) for _ in range(args.runs))
        ok = "" if label.startswith("bare") else ("OK" if medians["now"] < GOAL_S else "MISSED")
        print(f"{label:28}" + "".join(f"{medians[n]:10.2f}" for n in checkouts) + f"   {ok}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
