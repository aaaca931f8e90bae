"""Shared helpers of the Streamlit pages: the one cached store handle and cached reads.

How the app opens the store
---------------------------
An embedded Ladybug file allows one read-write process. The app opens it **read-write once per
server process** (``st.cache_resource``) and keeps it, so

* uploads and removals write through that handle;
* ``policykg ingest`` / ``remove`` started elsewhere fail at once with the store's "another
  process holds this database read-write" error instead of writing under the app's feet;
* read-only commands (``plans``, ``query``, ``compare``, ``export``) still open it alongside.

Every page read goes through :meth:`GraphStore.run`/``plans``/``get_plan``, which run in
read-only transactions, and the console is read-only whatever the handle's mode.
When another process already holds the file read-write, the app falls back to a read-only
handle (uploads and removals disabled; a banner says so and offers to reconnect). With
``POLICYKG_APP_READ_ONLY=1`` the app always opens read-only, so ingests may run alongside; such a
long-lived reader sees the data as of its opening (press 重新连接 Reconnect to refresh).

Streamlit serves sessions from several threads; the handle is shared, so calls on it are
serialised by a lock (:class:`LockedStore`).
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from analysis import present
from analysis.compare import Comparison, compare as compare_docs
from analysis.codebook import INSTRUMENTS, TYPE_ZH
from analysis.instruments import SHEET_HEADER, codes_of, coding_sheet
from analysis.series import metric_series
from core.errors import PolicyKGError, StoreUnavailableError
from core.model import LABEL_ZH, LABELS, REL_TYPES, REL_ZH, PlanDoc
from graph.engines import engine_for, open_store, redact, resolve_uri
from graph.store import GraphStore
from ingest.indicators import vocabulary
from ingest.read import FORMATS
from queries.catalog import CATALOG
from queries.explore import dependency_chain
from workspace.ingest import FileResult, total_line
from workspace.workspace import Workspace

#: What pages use from the layers below, named here so that pages import only this layer.
PAGE_NAMES = (present, metric_series, vocabulary, dependency_chain, CATALOG, total_line, PolicyKGError,
              LABEL_ZH, LABELS, REL_TYPES, REL_ZH)

READ_ONLY_ENV = "POLICYKG_APP_READ_ONLY"
#: what the uploader accepts: the formats the reader knows
UPLOAD_TYPES = tuple(suffix.lstrip(".") for suffix in FORMATS)


class LockedStore:
    """A store whose every method call holds one lock (one connection, many session threads)."""

    def __init__(self, store: GraphStore):
        self._store, self._lock = store, threading.RLock()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._store, name)
        if not callable(value):
            return value

        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return value(*args, **kwargs)
        return locked


@dataclass(frozen=True)
class Handle:
    """The cached workspace (its store locked for the session threads), whether it can write,
    and a note for the user when it cannot."""

    workspace: Workspace
    writable: bool
    note: str | None = None

    @property
    def uri(self) -> str:
        return self.workspace.uri

    @property
    def engine(self) -> str:
        """The Cypher dialect of the store (``ladybug``, ``neo4j``)."""
        return self.workspace.store.engine


def _secrets_to_env(keys: tuple[str, ...]) -> None:
    """An engine's credentials from Streamlit secrets when the environment does not set them."""
    try:
        secrets = dict(st.secrets)
    except Exception:  # no secrets.toml: the environment is the only source
        return
    for key in keys:
        if key in secrets and key not in os.environ:
            os.environ[key] = str(secrets[key])


def open_handle(uri: str, *, read_only: bool = False) -> Handle:
    """Open ``uri`` read-write, or read-only when asked or when another process is writing it."""
    engine = engine_for(uri)

    def locked(store: GraphStore) -> Workspace:
        return Workspace(LockedStore(store), uri)

    if not engine.local:
        _secrets_to_env(engine.credentials)
        return Handle(locked(open_store(uri, read_only=read_only, app=True)), not read_only)
    if read_only:
        return Handle(locked(open_store(uri, read_only=True, app=True)), False,
                      f"{READ_ONLY_ENV}=1: 只读打开 opened read-only; 上传与删除已停用 "
                      "uploads and removals are off.")
    try:
        return Handle(locked(open_store(uri, app=True)), True)
    except StoreUnavailableError as exc:
        if "read-write" not in str(exc) or not Path(uri).exists():
            raise
        return Handle(locked(open_store(uri, read_only=True)), False,
                      f"另一进程正在写入,已只读打开 Another process is writing this store, so it was "
                      f"opened read-only (uploads and removals are off): {exc}")


def _close(handle: Handle) -> None:
    try:
        handle.workspace.close()
    except Exception:  # already closed, or the server went away: nothing left to release
        pass


@st.cache_resource(show_spinner=False, on_release=_close)
def _cached_handle(uri: str, read_only: bool) -> Handle:
    return open_handle(uri, read_only=read_only)


def store_uri() -> str:
    """The store the app serves: ``$POLICYKG_STORE`` or ``./policykg.lbug``."""
    return resolve_uri(None)


#: the store files' state when the read-only handle of each store was opened (see get_handle)
_SEEN: dict[str, tuple] = {}


def store_stamp(uri: str) -> tuple:
    """(size, modification time) of an embedded store's file and its write-ahead log: another
    process's ingest or ``policykg remove`` changes it. Empty for a server (it shows its own
    changes to every reader).

    >>> store_stamp("bolt://localhost:7687")
    ()
    """
    if not engine_for(uri).local:
        return ()
    stamp: list[tuple[int, int] | None] = []
    for path in (Path(uri), Path(uri + ".wal")):
        try:
            st_ = path.stat()
            stamp.append((st_.st_size, st_.st_mtime_ns))
        except OSError:
            stamp.append(None)
    return tuple(stamp)


def get_handle() -> Handle:
    """The process-wide store handle (opened on first use). A read-only handle on an embedded
    store sees the file as it was opened, so when another process has changed the store since,
    the handle is reopened and cached reads are dropped: every session shows the fresh data
    (a plan removed by ``policykg remove`` is gone, not shown with its text)."""
    uri = store_uri()
    handle = _cached_handle(uri, os.environ.get(READ_ONLY_ENV, "") not in ("", "0"))
    if handle.writable:
        return handle
    stamp = store_stamp(uri)
    if _SEEN.setdefault(uri, stamp) != stamp:
        reconnect()
        _SEEN[uri] = stamp
        handle = _cached_handle(uri, os.environ.get(READ_ONLY_ENV, "") not in ("", "0"))
    return handle


def reconnect() -> None:
    """Close the cached handle(s) and forget every cached read (the next call reopens)."""
    _cached_handle.clear()
    forget_reads()


def forget_reads() -> None:
    """Drop cached query results and plans after the store changed."""
    st.cache_data.clear()
    _plan.clear()
    _compare.clear()


# ---- cached reads (keyed by the store's URI; the handle is found, not passed) ----------------

def workspace() -> Workspace:
    return get_handle().workspace


def list_plans() -> list[dict]:
    return _plans(store_uri())


@st.cache_data(show_spinner=False)
def _plans(uri: str) -> list[dict]:
    return workspace().plans()


@st.cache_resource(show_spinner=False, max_entries=64)
def _plan(uri: str, plan_id: str) -> PlanDoc:
    return workspace().plan(plan_id)


def load_plan(plan_id: str) -> PlanDoc:
    """A stored plan (held, not copied: PlanDoc is frozen and its props are read-only views)."""
    return _plan(store_uri(), plan_id)


@st.cache_data(show_spinner=False, max_entries=256)
def _read(uri: str, name: str, params: tuple) -> tuple[list, list]:
    result = workspace().read(name, dict(params))
    return result.columns, result.rows


def run_read(name: str, params: tuple = ()) -> tuple[list, list]:
    """Columns and rows of a UI lookup or catalogue query by name (params as a tuple of pairs
    so they can be hashed)."""
    return _read(store_uri(), name, params)


def plan_label(plan: dict) -> str:
    """A one-line name of a plan for pickers: its title, edition and period (no id)."""
    return present.plan_title(plan)


def plan_names(plans: list[dict]) -> dict[str, str]:
    """Plan id -> a picker name, unique among ``plans`` (titles, never ids)."""
    return present.plan_titles(plans)


def remember(**selection: Any) -> None:
    """Write a page's selection into the URL (``?a=…&b=…``) so the address can be shared;
    ``None`` removes a key."""
    for key, value in selection.items():
        if value is None:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def message(exc: BaseException) -> str:
    """The one-line message the CLI prints for an error (``policykg: error: …``), redacted."""
    return redact(f"policykg: error: {exc}")


# ---- writes ----------------------------------------------------------------------------------

def ingest_upload(name: str, data: bytes) -> FileResult:
    """Read, parse, infer and store one uploaded file, as ``policykg ingest`` does for a path
    (:meth:`Workspace.ingest_upload`); the cached reads are dropped."""
    result = workspace().ingest_upload(name, data)
    forget_reads()
    return result


def remove_plan(plan_id: str) -> str | None:
    """Remove a plan; the error message (CLI form) when it cannot, else None."""
    try:
        workspace().remove(plan_id)
    except PolicyKGError as exc:
        return message(exc)
    finally:
        forget_reads()
    return None


def run_console(text: str, params: dict, *, limit: int, timeout_s: float) -> Any:
    """The read-only console on the app's store (:meth:`Workspace.query`)."""
    return workspace().query(text, params, limit=limit, timeout_s=timeout_s)


# ---- page helpers ------------------------------------------------------------------------------

_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def md_escape(text: Any) -> str:
    """Text safe inside Streamlit Markdown labels (radio options, captions): every Markdown or
    HTML special character backslash-escaped.

    >>> md_escape("<b>1.*推进*</b>")
    '\\\\<b\\\\>1\\\\.\\\\*推进\\\\*\\\\</b\\\\>'
    """
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text or ""))


def json_params(raw: str) -> tuple[dict, str | None]:
    """Console parameters typed as JSON: ``(params, None)``, or ``({}, one-line problem)`` when
    the text is not a JSON object of named values.

    >>> json_params('{"year": 2017}'), json_params("[1, 2]")[1]
    (({'year': 2017}, None), 'policykg: error: parameters: expected a JSON object such as {"year": 2017}, got a list')
    """
    try:
        value = json.loads(raw or "{}")
    except json.JSONDecodeError as exc:
        return {}, (f"policykg: error: parameters: not JSON ({exc.msg} at char {exc.pos}); write e.g. "
                    '{"year": 2017}')
    if not isinstance(value, dict):
        kind = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true/false",
                type(None): "null"}.get(type(value), type(value).__name__)
        return {}, f'policykg: error: parameters: expected a JSON object such as {{"year": 2017}}, got {kind}'
    return value, None


def handle_or_stop() -> Handle:
    """The store handle for a page; shows the error and stops the page when it cannot open."""
    try:
        handle = get_handle()
    except PolicyKGError as exc:
        st.error(md_escape(message(exc)))
        st.stop()
    if handle.note:
        st.warning(md_escape(handle.note))
        if st.button("重新连接 Reconnect", key="pkg-reconnect"):
            reconnect()
            st.rerun()
    return handle


def pick_plan(handle: Handle, label: str = "规划 Plan", *, key: str, default: str | None = None) -> str | None:
    """A plan picker (None, with an info message, when the store holds no plan)."""
    plans = list_plans()
    if not plans:
        st.info("文库为空:请先在「文库」页上传规划。The store holds no plan yet: upload one on the Library page.")
        return None
    ids = [p["id"] for p in plans]
    names = plan_names(plans)
    index = ids.index(default) if default in ids else 0
    return st.selectbox(label, ids, index=index, format_func=names.__getitem__, key=key)


def chosen_plan(handle: Handle, *, key: str) -> PlanDoc:
    """The plan picked on a page (the URL's ``?plan=`` preselects it); stops the page, with a
    message, when the store holds no plan."""
    plan_id = pick_plan(handle, key=key, default=st.query_params.get("plan"))
    if plan_id is None:
        st.stop()
    if plan_id != st.query_params.get("plan"):
        remember(plan=plan_id, unit=None)  # another plan: its units are not the URL's unit
    return load_plan(plan_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _neighbourhood(uri: str, ids: tuple, depth: int, labels: tuple, rel_types: tuple,
                   max_nodes: int) -> tuple[list, list, bool]:
    return workspace().neighbourhood(ids, depth, labels, rel_types, max_nodes)


def neighbourhood(ids: tuple, depth: int, labels: tuple, rel_types: tuple, max_nodes: int) -> tuple[list, list, bool]:
    return _neighbourhood(store_uri(), ids, depth, labels, rel_types, max_nodes)


@st.cache_resource(show_spinner="比较中 Comparing…", max_entries=16)
def _compare(uri: str, a: str, b: str) -> Comparison:
    return compare_docs(load_plan(a), load_plan(b))


def compare(a: str, b: str) -> Comparison:
    """Two stored plans compared (held, not copied: the result is frozen and keeps the two
    PlanDocs for its sentence 对照)."""
    return _compare(store_uri(), a, b)


# ---- policy instruments ---------------------------------------------------------------------

def instrument_names() -> dict[str, str]:
    """Codebook id -> its Chinese name (contract instruments and sub-instruments)."""
    return {i.id: i.zh for i in INSTRUMENTS}


def instrument_sheet(plan_id: str) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The coding sheet (政策编号, 章, 条, text, evidence…) of a stored plan, from its stored codes."""
    doc = load_plan(plan_id)
    return coding_sheet(doc, codes_of(doc))
