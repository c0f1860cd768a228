"""The pre-commit hooks (.pre-commit-hooks.yaml) run by pre-commit itself (from PyPI) with
`pre-commit try-repo` on a throwaway repository: the lint hook fails on a finding and passes a
clean file; the size hook fails over its budget. LAYERLENS_BIN: the binary the hooks run."""

import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[4]
BIN = os.environ.get("LAYERLENS_BIN", str(ROOT / "target" / "debug" / "layerlens"))
PRE_COMMIT = shutil.which("pre-commit") or str(pathlib.Path(os.sys.executable).parent / "pre-commit")


def run(args, cwd, **env):
    # try-repo commits in a shadow repository: a fresh machine has no git identity.
    who = dict(GIT_AUTHOR_NAME="layerlens test", GIT_AUTHOR_EMAIL="test@layerlens.invalid",
               GIT_COMMITTER_NAME="layerlens test", GIT_COMMITTER_EMAIL="test@layerlens.invalid")
    e = dict(os.environ, LAYERLENS_BIN=BIN, PRE_COMMIT_HOME=str(cwd / ".cache"), **who, **env)
    return subprocess.run(args, cwd=cwd, env=e, capture_output=True, text=True, timeout=300)


@pytest.fixture
def repo(tmp_path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    return tmp_path


def add(repo, name, text):
    (repo / name).write_text(text)
    subprocess.run(["git", "add", name], cwd=repo, check=True)


def test_lint_hook_fails_on_a_finding_and_passes_a_clean_file(repo):
    add(repo, "Dockerfile", "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n")
    r = run([PRE_COMMIT, "try-repo", str(ROOT), "layerlens-lint", "--all-files"], repo)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "DL3008" in r.stdout or "DL3015" in r.stdout, r.stdout
    (repo / "Dockerfile").write_text("FROM scratch\nCOPY app /app\nUSER 65534\nCMD [\"/app\"]\n")
    (repo / "app").write_text("x")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    r = run([PRE_COMMIT, "try-repo", str(ROOT), "layerlens-lint", "--all-files"], repo)
    assert r.returncode == 0, r.stdout + r.stderr


def test_size_hook_fails_over_its_budget(repo):
    add(repo, "Dockerfile", "FROM python:3.12\nRUN pip install numpy pandas\n")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    cfg = f"repos:\n- repo: {ROOT}\n  rev: {head}\n  hooks:\n  - id: layerlens-size\n    args: [--max-size, 200MB]\n"
    (repo / ".pre-commit-config.yaml").write_text(cfg)
    r = run([PRE_COMMIT, "try-repo", str(ROOT), "layerlens-size", "--all-files", "--verbose"], repo)
    # try-repo runs the hook with its default args: no budget, so it passes and prints the size.
    assert r.returncode == 0, r.stdout + r.stderr
    assert "estimated" in r.stdout, r.stdout
    # With the budget of the project's config: over it, it fails.
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    r = run([PRE_COMMIT, "run", "layerlens-size", "--all-files"], repo)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "over the budget" in r.stdout, r.stdout
