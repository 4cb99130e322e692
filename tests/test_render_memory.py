"""Saxon's garbage collected as a worker goes: found where the saxonche release is one it was
checked with, run after every COLLECT_AFTER bytes of documents made, and harmless to what
Saxon does next."""

from __future__ import annotations

from importlib import metadata

import pytest

from teitools.render import xslt

from .conftest import FIXTURES

MINI = FIXTURES / "render" / "mini.xml"


def test_the_collector_is_found_and_saxon_works_on_after_it() -> None:
    _, node = xslt.load(MINI)
    sheet = xslt.XSLT_DIR / "html" / "edition.xsl"
    before = xslt.transform(sheet, node, {"source-name": "mini.xml"})
    collect = xslt._find_collector()
    if not metadata.version("saxonche").startswith("13."):
        assert collect is None  # not a release it was checked with: nothing is done
        return
    assert collect is not None
    for _ in range(3):
        collect()
    assert xslt.transform(sheet, node, {"source-name": "mini.xml"}) == before


def test_it_runs_after_every_so_many_bytes_made(monkeypatch: pytest.MonkeyPatch) -> None:
    xslt.processor()
    runs: list[int] = []
    monkeypatch.setattr(xslt, "_collector", [lambda: runs.append(1)])
    monkeypatch.setattr(xslt, "_made", [0])
    step = xslt.COLLECT_AFTER
    xslt.made(step // 2)
    assert runs == []
    xslt.made(step // 2)
    assert runs == [1]
    xslt.made(step * 3)  # a large document: once, and counting starts again
    assert runs == [1, 1]
    xslt.made(step - 1)
    assert runs == [1, 1]
