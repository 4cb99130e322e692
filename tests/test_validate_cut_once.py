"""A corpus checked in a pool: the grammar is cut once, before the workers start, for the
names its documents seem to use (names_hint, read in their bytes), so that no worker cuts it
again; the hint must hold every name a document uses, or the check stays right but slower."""

from __future__ import annotations

from pathlib import Path

import pytest

import teitools.validate as V
from teitools.tei import parse_bytes
from teitools.validate import schemas as S

from .conftest import FIXTURES, ROOT, SHARED, TEI_ALL, need

TRICKY = b"""<?xml version="1.0"?>
<tei:TEI xmlns:tei="http://www.tei-c.org/ns/1.0" xml:lang = 'en'>
 <tei:teiHeader><tei:fileDesc><tei:titleStmt><tei:title>T</tei:title></tei:titleStmt>
 <tei:publicationStmt><tei:p>P</tei:p></tei:publicationStmt>
 <tei:sourceDesc><tei:p>S</tei:p></tei:sourceDesc></tei:fileDesc></tei:teiHeader>
 <tei:text><tei:body><tei:div
    type="a"><tei:p rend = "x" n='1'>a &gt; b</tei:p>
 <tei:egXML xmlns:tei="http://www.tei-c.org/ns/Examples"><tei:p>inner</tei:p></tei:egXML>
 <egXML xmlns="http://www.tei-c.org/ns/Examples"><hi rend="b">x</hi></egXML>
 </tei:div></tei:body></tei:text></tei:TEI>
"""


def documents() -> list[Path]:
    """Our editions, the fixtures, and some of each corpus of other projects."""
    found = sorted((ROOT / "tei").glob("*.xml")) + sorted(FIXTURES.rglob("*.xml"))
    corpora = SHARED / "corpora"
    for folder in ("fredracor-300", "tei-stylesheets-tests", "scta-gracilis"):
        found += sorted((corpora / folder).rglob("*.xml"))[:40]
    return found


def test_the_hint_holds_every_name_a_document_uses() -> None:
    names = S.names_hint(TRICKY)
    exact = S.document_names(parse_bytes(TRICKY, "tricky.xml"))
    assert exact <= names, sorted(exact - names)
    assert "{http://www.tei-c.org/ns/Examples}p" in exact  # a prefix bound again inside
    missed = {}
    for path in documents():
        data = path.read_bytes()
        try:
            tree = parse_bytes(data, str(path))
        except Exception:  # not well-formed (fixtures of bad input): nothing to cut for
            continue
        if lost := S.document_names(tree) - S.names_hint(data):
            missed[path.name] = sorted(lost)
    assert missed == {}


def test_workers_start_with_the_cut_for_the_whole_corpus(tmp_path: Path, monkeypatch) -> None:
    """What the workers inherit covers every file: checking them cuts nothing again; and the
    results are those of a check that cut batch by batch."""
    need(TEI_ALL)
    plays = sorted((SHARED / "corpora" / "fredracor-300").glob("*.xml"))[:40]
    plans = [(str(p), (), str(TEI_ALL), None) for p in plays]
    schema = S.compile_schema(str(TEI_ALL))
    # as a fresh process has it (both restored after: a cut must match its union)
    monkeypatch.setattr(schema, "_union", frozenset())
    monkeypatch.setattr(schema, "_subset", None)
    V._cut_before_forking(plans, None)
    cut = schema._subset
    assert cut is not None
    before = [V.check_files([str(p)], (), (), str(TEI_ALL)) for p in plays[:3]]
    assert schema._subset is cut  # no file brought a name the cut lacks
    for results in before:
        assert [q for q in results[0].problems if q.rule.startswith("schema")] == []


@pytest.mark.parametrize("data", [b"", b"<", b"<a", b"not xml at all = 'x'", b"<a:b:c/>"])
def test_the_hint_of_anything_is_a_set_of_names(data: bytes) -> None:
    assert isinstance(S.names_hint(data), frozenset)
