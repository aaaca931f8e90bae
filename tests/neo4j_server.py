"""One live Neo4j server for the whole test run (imported by tests/conftest.py).

The controller process starts ``neo4j-server/run`` at configure time, on a free loopback port,
with its data in a temporary folder and a password (so the auth path is exercised, as on a real
server or Aura), and exports ``NEO4J_URI`` / ``NEO4J_PASSWORD`` before the xdist workers start,
so every worker talks to the same server. The server starts while the first tests run; the
``neo4j_uri`` fixture waits for it. It is stopped with SIGTERM (a clean Neo4j shutdown) when the
run ends, and killed if it does not stop.

``NEO4J_URI`` already set: that server is used as it is (it must be a throw-away one: the live
tests empty it). No Java (or no Maven and no built launcher): the live tests skip and say so.
Every test marked ``neo4j`` runs on one worker (``xdist_group``), since Community Edition has one
user database that the tests empty between them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER = ROOT / "neo4j-server" / "run"
BUILT = ROOT / "neo4j-server" / "target" / ".built"
PASSWORD = "policykg-test-pw"
START_TIMEOUT_S = 300.0
_SKIP = "POLICYKG_NEO4J_SKIP"
_LOG = "POLICYKG_NEO4J_LOG"


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
    if hasattr(config, "workerinput") or os.environ.get("NEO4J_URI") or os.environ.get(_SKIP):
        return
    missing = missing_tools()
    if missing:
        os.environ[_SKIP] = (f"{' and '.join(missing)} not found: the live Neo4j tests need them "
                             "(install a JDK 17+ and Maven, or set NEO4J_URI to a throw-away server)")
        return
    data = Path(tempfile.mkdtemp(prefix="policykg-neo4j-"))
    port = _free_port()
    log = data / "launcher.log"
    env = dict(os.environ, NEO4J_PASSWORD=PASSWORD, NEO4J_USER="neo4j")
    with open(log, "wb") as out:
        proc = subprocess.Popen([str(LAUNCHER), "--data", str(data / "server"), "--bolt-port", str(port),
                                 "--http-port", "0"], stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env, start_new_session=True)
    os.environ.update(NEO4J_URI=f"bolt://127.0.0.1:{port}", NEO4J_USER="neo4j", NEO4J_PASSWORD=PASSWORD)
    os.environ[_LOG] = str(log)
    config._policykg_neo4j = (proc, data)  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    started = getattr(config, "_policykg_neo4j", None)
    if started is None:
        return
    proc, data = started
    stop(proc)
    shutil.rmtree(data, ignore_errors=True)


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
def neo4j_uri() -> str:
    """The URI of the run's live Neo4j (waits for it); skips only where Java or Maven is absent."""
    reason = os.environ.get(_SKIP)
    if reason:
        pytest.skip(reason)
    uri = os.environ["NEO4J_URI"]
    password = os.environ.get("NEO4J_PASSWORD")
    auth = (os.environ.get("NEO4J_USER", "neo4j"), password) if password else None
    wait_until_ready(uri, auth, os.environ.get(_LOG))
    return uri


@pytest.fixture
def neo4j_store(neo4j_uri):
    """A store on the run's live Neo4j, emptied before and after the test."""
    from graph.engines import open_store

    store = open_store(neo4j_uri)
    store.run("MATCH (n) DETACH DELETE n", write=True)
    yield store
    store.run("MATCH (n) DETACH DELETE n", write=True)
    store.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("neo4j"):
            item.add_marker(pytest.mark.xdist_group("neo4j"))
