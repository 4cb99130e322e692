"""`build` killed with SIGKILL at its worst moments: the old output stays whole and reachable,
and the next build removes what the killed one left.

Each build runs as a real `python -m teitools`-like subprocess in which a test hook (the
HOOK below, nothing in teitools itself) pauses at one moment of the build and says so in a
file; the test then kills it with SIGKILL."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.render import cache

from .conftest import ROOT
from .hostile import tei

HOOK = r"""
import os, sys, time
from pathlib import Path
from teitools.render import cache, html, pdf

moment, marker = sys.argv[1], sys.argv[2]

def pause():
    Path(marker).write_text(str(os.getpid()))
    time.sleep(60)

# pause once module.name has done its work (after check of what it returned)
def pause_after(module, name, check=None):
    real = getattr(module, name)
    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        if check:
            check(result)
        pause()
        return result
    setattr(module, name, wrapped)

def exchanged(done):
    assert done, "renameat2 is not available here"

if moment == "writing":  # the new site half written in its temporary folder
    pause_after(html, "_write_edition")
elif moment == "exchanged":  # the new site in place, the old one not yet removed
    pause_after(cache, "exchange", exchanged)
elif moment == "between-renames":  # without an atomic exchange: the old one renamed aside
    cache.exchange = lambda a, b: False
    real_replace = os.replace
    def replace(a, b):
        real_replace(a, b)
        if str(b).endswith(".old"):
            pause()
    cache.os.replace = replace
elif moment == "pdf-rendered":  # a PDF set, not yet written
    pause_after(pdf, "render_pdf")

sys.argv = ["teitools", *sys.argv[3:]]
from teitools.cli import main
main()
"""


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder and a hash of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(out: Path) -> list[str]:
    """What builds left beside `out`: temporaries named after it."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def kill_build_at(moment: str, tmp_path: Path, *args: str) -> None:
    """Run `teitools build ARGS` until the hook pauses at `moment`, then SIGKILL it."""
    marker = tmp_path / f"paused-{moment}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOOK, moment, str(marker), "build", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            if proc.poll() is not None:
                pytest.fail(f"the build ended before {moment}: {proc.stdout.read().decode()}")
            if time.monotonic() > deadline:
                pytest.fail(f"the build never reached {moment}")
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """A document, its site built once, and what that site holds; the document then changed
    so that the next build has work to do."""
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(title="Old title"), encoding="utf-8")
    out = tmp_path / "site"
    assert CliRunner().invoke(main, ["build", "--html", str(doc), "-o", str(out)]).exit_code == 0
    doc.write_text(tei(title="New title"), encoding="utf-8")
    return doc, out, snapshot(out)


def rebuild(doc: Path, out: Path, fmt: str = "html") -> None:
    result = CliRunner().invoke(main, ["build", f"--{fmt}", str(doc), "-o", str(out)])
    assert result.exit_code == 0, result.output


def test_killed_while_writing_leaves_the_old_site_and_is_cleaned_up(site, tmp_path) -> None:
    doc, out, before = site
    kill_build_at("writing", tmp_path, "--html", str(doc), "-o", str(out))
    assert snapshot(out) == before
    assert [n for n in leftovers(out) if n.endswith(".new")], "the killed build left nothing?"
    rebuild(doc, out)
    assert "New title" in (out / "doc.html").read_text(encoding="utf-8")
    assert leftovers(out) == []


@pytest.mark.skipif(cache._renameat2() is None, reason="no atomic exchange on this system")
def test_killed_after_the_exchange_leaves_the_new_site(site, tmp_path) -> None:
    doc, out, before = site
    kill_build_at("exchanged", tmp_path, "--html", str(doc), "-o", str(out))
    assert "New title" in (out / "doc.html").read_text(encoding="utf-8")
    assert set(snapshot(out)) == set(before)  # whole: the same pages, new text
    assert leftovers(out)  # the old site, not yet removed
    rebuild(doc, out)  # up to date: it only cleans up
    assert leftovers(out) == []


def test_killed_between_the_renames_the_old_site_is_put_back(site, tmp_path) -> None:
    """Where the system cannot exchange two folders in one step, a kill between the two
    renames leaves no site; the next build (or `recover`) puts the old one back."""
    doc, out, before = site
    kill_build_at("between-renames", tmp_path, "--html", str(doc), "-o", str(out))
    assert not out.exists()
    cache.recover(out)
    assert snapshot(out) == before
    assert leftovers(out) == []
    rebuild(doc, out)
    assert "New title" in (out / "doc.html").read_text(encoding="utf-8")


def test_leftovers_of_a_running_build_are_kept(site, tmp_path) -> None:
    """A temporary of a build still running (its process alive) is not another's to remove."""
    doc, out, _ = site
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        busy = out.parent / f".{out.name}.{sleeper.pid}.abcd1234.new"
        busy.mkdir()
        dead = out.parent / f".{out.name}.999999999.abcd1234.new"
        dead.mkdir()
        rebuild(doc, out)
        assert busy.is_dir() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_killed_pdf_build_keeps_the_old_pdf_and_stale_temporaries_go(tmp_path) -> None:
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(title="Old title"), encoding="utf-8")
    out = tmp_path / "pdf"
    rebuild(doc, out, "pdf")
    before = snapshot(out)
    doc.write_text(tei(title="New title"), encoding="utf-8")
    kill_build_at("pdf-rendered", tmp_path, "--pdf", str(doc), "-o", str(out))
    assert snapshot(out) == before
    # what a write killed half-way leaves: an old temporary goes, a fresh one may be a
    # running build's and stays
    stale, fresh = out / ".doc.pdf.k1ll3d.tmp", out / ".doc.pdf.runn1n.tmp"
    stale.write_bytes(b"%PDF-half")
    fresh.write_bytes(b"%PDF-half")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    rebuild(doc, out, "pdf")
    assert not stale.exists() and fresh.exists()
    assert snapshot(out) != before


def test_only_abandoned_temporaries_of_this_output_are_removed(tmp_path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    old_style = tmp_path / ".site.k1ll3d00.new"  # no process id: removed once old
    fresh_old_style = tmp_path / ".site.fr3sh000.new"
    other = tmp_path / ".site.999999999.abcd1234.x.new"  # another output's ("site.999999999")
    for p in (old_style, fresh_old_style, other):
        p.mkdir()
    os.utime(old_style, (time.time() - 3600, time.time() - 3600))
    cache.recover(out)
    assert not old_style.exists()
    assert fresh_old_style.exists() and other.exists() and out.is_dir()
