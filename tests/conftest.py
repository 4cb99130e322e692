"""Shared test helpers: where things are, and skipping only where CI has no reason to."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("TEITOOLS_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
BOOK = SEEDS / "004_d42a5647c659f7ce.txt"
SLAVIC = SEEDS / "000_207d2f40ce2670ae.txt"
TEI_ALL = SHARED / "schemas" / "tei-p5" / "tei_all.rng"


def need(path: Path) -> Path:
    """Skip when a shared file is missing on a user's machine; in CI its absence is a failure."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not present")
    return path


def need_program(name: str) -> str:
    """The path of a program a test needs from the system (chromium, poppler's pdftoppm):
    skip where it is not installed on a user's machine; in CI its absence is a failure."""
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return found


def need_module(name: str):
    """A Python package a test needs (playwright, a harvester, Dask): skipped where it is not
    installed on a user's machine; in CI its absence is a failure."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is not installed in CI (make test installs the test extra)")
        pytest.skip(f"{name} is not installed")


# How the tests start Chromium: headless as root, nothing fetched in the background.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, one a test module; skipped where either is
    missing on a user's machine, a failure in CI."""
    sync_playwright = need_module("playwright.sync_api").sync_playwright
    chromium = need_program("chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory):
    """The suite's validation cache (and cut grammars) in a folder of its own: it never reads
    or writes the user's."""
    folder = tmp_path_factory.mktemp("cache")
    old = os.environ.get("TEITOOLS_CACHE_DIR")
    os.environ["TEITOOLS_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("TEITOOLS_CACHE_DIR", None)
    else:
        os.environ["TEITOOLS_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def tei_all():
    """tei_all compiled once for the whole test session (it takes seconds)."""
    from teitools.validate import compile_schema

    return compile_schema(str(need(TEI_ALL))).check


def assert_same_site(one: Path, other: Path) -> None:
    """Two built sites hold the same files, byte for byte (but the build's own digest)."""
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    for rel in files:
        if rel.name != ".teitools-digest":
            assert (one / rel).read_bytes() == (other / rel).read_bytes(), rel


def assert_clean_failure(result, code: int, *words: str) -> None:
    """A command that failed as a user should see it: its exit code, one line, no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    for w in words:
        assert w in lines[0]


@pytest.fixture
def listener():
    """A loopback listener that fails the test if anything connects to it."""
    from .hostile import Listener

    lst = Listener()
    yield lst
    lst.close()
    found = lst.connections_at_close
    assert found == [], f"teitools reached the network: {found[:3]}"


@pytest.fixture
def secret(tmp_path):
    """(path, token): a planted secret file whose token must appear in no output."""
    from .hostile import plant_secret

    return plant_secret(tmp_path)
