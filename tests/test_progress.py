"""The progress line of the commands that work through many files: shown on a terminal (a
real pseudo-terminal here), rewritten in place and cleared at the end; never when piped."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES

DOCS = [FIXTURES / "apparatus" / f"{n}.xml" for n in ("model-hands", "model-lacunae")]


def run_on_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """The command with standard error on a pseudo-terminal: exit code, stdout, what the
    terminal received."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "teitools", *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        cwd=cwd,
    )
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the command closed the terminal: it has ended
            break
        if not chunk:
            break
        received += chunk
    out = proc.stdout.read().decode() if proc.stdout else ""
    code = proc.wait(timeout=120)
    os.close(leader)
    return code, out, received.decode("utf-8", "replace")


@pytest.mark.parametrize(
    "command", [["build", "--html", "-o", "site"], ["validate", "--no-project"]]
)
def test_a_terminal_sees_each_file_counted(tmp_path: Path, command: list[str]) -> None:
    for d in DOCS:
        (tmp_path / d.name).write_bytes(d.read_bytes())
    files = [d.name for d in DOCS]
    code, _, seen = run_on_terminal([*command, *files], tmp_path)
    assert code == 0, seen
    for k in range(1, len(DOCS) + 1):
        assert f"\r[{k}/{len(DOCS)}] " in seen
    last = seen.rsplit("\r", 2)
    assert last[-2].strip() == ""  # the line cleared before anything else is said


@pytest.mark.parametrize(
    "command", [["build", "--html", "-o", "site"], ["validate", "--no-project"]]
)
def test_piped_there_is_no_progress(tmp_path: Path, command: list[str]) -> None:
    for d in DOCS:
        (tmp_path / d.name).write_bytes(d.read_bytes())
    proc = subprocess.run(
        [sys.executable, "-m", "teitools", *command, *(d.name for d in DOCS)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr and "[1/2]" not in proc.stderr
