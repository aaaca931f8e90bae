"""A read-only app sees what other processes did to the store (issue 17): after `policykg
remove` in another process, the next get_handle() reopens and the removed plan is gone."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, SEED


@pytest.mark.issue(17)
def test_read_only_handle_reopens_after_another_process_removes_a_plan(tmp_path, monkeypatch):
    from procs import run_group

    store = tmp_path / "kg.lbug"
    cli = [sys.executable, "-m", "policykg.cli"]
    assert run_group([*cli, "ingest", str(SEED), "--store", str(store)], timeout=300, cwd=ROOT).returncode == 0
    monkeypatch.setenv("POLICYKG_STORE", str(store))
    monkeypatch.setenv("POLICYKG_APP_READ_ONLY", "1")
    from policykg import ui

    ui.reconnect()
    try:
        handle = ui.get_handle()
        assert not handle.writable
        [plan] = handle.workspace.plans()
        removed = run_group([*cli, "remove", plan["id"], "--store", str(store)], timeout=300, cwd=ROOT)
        assert removed.returncode == 0, removed.stderr
        assert ui.get_handle().workspace.plans() == []
    finally:
        ui.reconnect()
