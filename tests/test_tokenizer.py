"""The jieba adapter: its cache lives in the user's own cache directory, and a cache that
cannot be written costs nothing but time (no message, no traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEGMENT = ("from ingest.tokenizer import get_tokenizer, cache_dir; "
           "print(cache_dir()); print('|'.join(get_tokenizer().cut('全面推进五水共治')))")


def _run(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in env_changes}
    env.update({k: v for k, v in env_changes.items() if v is not None})
    return subprocess.run([sys.executable, "-c", SEGMENT], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


@pytest.mark.issue(10)
def test_tokenizer_cache_goes_to_the_users_cache_directory(tmp_path):
    out = _run({"POLICYKG_CACHE_DIR": None, "XDG_CACHE_HOME": str(tmp_path)})
    assert out.returncode == 0 and out.stderr == ""
    folder, words = out.stdout.splitlines()
    assert folder == str(tmp_path / "policykg") and "五水共治" in words.split("|")
    assert [p.name for p in (tmp_path / "policykg").iterdir() if p.name.endswith(".cache")]


@pytest.mark.issue(10)
def test_tokenizer_home_cache_when_no_xdg(tmp_path):
    out = _run({"POLICYKG_CACHE_DIR": None, "XDG_CACHE_HOME": None, "HOME": str(tmp_path)})
    assert out.returncode == 0 and out.stderr == ""
    assert out.stdout.splitlines()[0] == str(tmp_path / ".cache" / "policykg")


@pytest.mark.issue(10)
@pytest.mark.parametrize("where", ["under-a-file", "read-only"])
def test_tokenizer_unwritable_cache_is_silent(tmp_path, where):
    if where == "under-a-file":
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("x")
        target = blocker / "cache"          # cannot be created: its parent is a file
    else:
        target = tmp_path / "ro"
        target.mkdir()
        target.chmod(0o500)
        if os.access(target, os.W_OK):      # root writes anywhere: use a path under a file instead
            target = Path(os.devnull) / "cache"
    out = _run({"POLICYKG_CACHE_DIR": str(target)})
    assert out.returncode == 0
    assert out.stderr == "", out.stderr      # no "Dump cache file failed", no traceback
    folder, words = out.stdout.splitlines()
    assert folder == "None" and "五水共治" in words.split("|")


def test_tokenizer_tokens_from_an_offset():
    from ingest.tokenizer import get_tokenizer

    tok = get_tokenizer()
    assert tok.tokens("12.推进五水共治", start=3) == ["推进", "五水共治"]
    assert tok.tokens("12.推进五水共治") == ["12", "推进", "五水共治"]
