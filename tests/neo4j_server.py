"""One live Neo4j server for the whole test run (imported by tests/conftest.py).

Each test process that runs a live test (the whole run, or each xdist worker) starts its own
``neo4j-server/run`` on first use, on a free loopback port, with its data in a temporary folder
and a password (so the auth path is the one a real server or Aura uses), and stops it with
SIGTERM (a clean Neo4j shutdown; killed if it hangs) when its session ends. A server per process
keeps the tests of one worker from emptying the database another worker is reading (Community
Edition has one user database).

``NEO4J_URI`` already set: that server is used as it is (it must be a throw-away one: the live
tests empty it, so run them without xdist then). No Java (or no Maven and no built launcher): the
live tests skip and say so.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "neo4j-server" / "run"
BUILT = ROOT / "neo4j-server" / "target" / ".built"
PASSWORD = "policykg-test-pw"
START_TIMEOUT_S = 300.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_tools() -> list[str]:
    """What the local server needs and this machine lacks (Maven only until it is built)."""
    need = ["java"] + ([] if BUILT.is_file() else ["mvn"])
    return [tool for tool in need if shutil.which(tool) is None]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "neo4j: needs the live Neo4j server of the run")


def start_server(data: Path, port: int, log: Path, password: str | None = PASSWORD) -> subprocess.Popen:
    """``neo4j-server/run`` on ``port`` with its data in ``data`` (not waited for)."""
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    if password:
        env.update(NEO4J_PASSWORD=password, NEO4J_USER="neo4j")
    with open(log, "wb") as out:
        return subprocess.Popen([str(LAUNCHER), "--data", str(data), "--bolt-port", str(port),
                                 "--http-port", "0"], stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env, start_new_session=True)


def stop(proc: subprocess.Popen, timeout_s: float = 60.0) -> int | None:
    """SIGTERM (Neo4j checkpoints and closes), then SIGKILL of the whole group if it hangs."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode


def log_tail(path: str | os.PathLike | None, lines: int = 20) -> str:
    if not path or not Path(path).is_file():
        return "(no launcher log)"
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def wait_until_ready(uri: str, auth: tuple[str, str] | None, log: str | None,
                     timeout_s: float = START_TIMEOUT_S, proc: subprocess.Popen | None = None) -> None:
    """Wait for our launcher's "ready" line (printed once the password is set: Bolt accepts
    connections a moment before), then check that the server answers ``RETURN 1``. A server
    started elsewhere (no log) is polled until it answers."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ServiceUnavailable

    deadline = time.monotonic() + timeout_s
    while log and time.monotonic() < deadline:
        tail = log_tail(log, 5)
        if "ready bolt://" in tail or "local neo4j:" in tail or (proc and proc.poll() is not None):
            break
        time.sleep(0.2)
    last: Exception | None = None
    while (time.monotonic() < deadline and "local neo4j:" not in log_tail(log, 5)
           and not (proc and proc.poll() is not None)):
        try:
            with GraphDatabase.driver(uri, auth=auth, max_transaction_retry_time=0) as driver:
                driver.execute_query("RETURN 1")
                return
        except (ServiceUnavailable, OSError) as exc:
            last = exc
            time.sleep(0.5)
    pytest.fail(f"the live Neo4j at {uri} did not come up ({last}); launcher log:\n{log_tail(log)}",
                pytrace=False)


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    """The URI of a live Neo4j for this test process: ``$NEO4J_URI`` when set, else a server
    started here on first use and stopped when the session ends; skips only where Java or
    Maven is absent, and says so."""
    if os.environ.get("NEO4J_URI"):
        uri, password = os.environ["NEO4J_URI"], os.environ.get("NEO4J_PASSWORD")
        wait_until_ready(uri, (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None, None)
        yield uri
        return
    missing = missing_tools()
    if missing:
        pytest.skip(f"{' and '.join(missing)} not found: the live Neo4j tests need them "
                    "(install a JDK 17+ and Maven, or set NEO4J_URI to a throw-away server)")
    folder = tmp_path_factory.mktemp("neo4j")
    port, log = _free_port(), folder / "launcher.log"
    proc = start_server(folder / "server", port, log)
    uri = f"bolt://127.0.0.1:{port}"
    saved = {k: os.environ.get(k) for k in ("NEO4J_USER", "NEO4J_PASSWORD")}
    os.environ.update(NEO4J_USER="neo4j", NEO4J_PASSWORD=PASSWORD)
    try:
        wait_until_ready(uri, ("neo4j", PASSWORD), str(log), proc=proc)
        yield uri
    finally:
        stop(proc)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture
def neo4j_store(neo4j_uri):
    """A store on the run's live Neo4j, emptied before and after the test."""
    from graph.engines import open_store

    store = open_store(neo4j_uri)
    store.run("MATCH (n) DETACH DELETE n", write=True)
    yield store
    store.run("MATCH (n) DETACH DELETE n", write=True)
    store.close()
