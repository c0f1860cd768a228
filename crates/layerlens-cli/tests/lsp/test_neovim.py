"""Neovim (Debian's 0.7, its built-in LSP client) headless against `layerlens lsp`:
neovim_client.lua opens a Dockerfile, checks diagnostics and hover, and applies a code action."""

import os
import pathlib
import shutil
import subprocess

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[3]
BIN = os.environ.get("LAYERLENS_BIN", str(ROOT / "target" / "debug" / "layerlens"))


@pytest.mark.skipif(shutil.which("nvim") is None, reason="nvim is not installed (scripts/setup installs it)")
def test_neovim_client(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n")
    r = subprocess.run(
        ["nvim", "--headless", "--clean", "-c", f"luafile {HERE / 'neovim_client.lua'}"],
        env=dict(os.environ, LAYERLENS_BIN=BIN, TEST_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
