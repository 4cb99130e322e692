"""What validation leaves out to be quick must never change what it finds.

A document the grammar's cut accepts is not walked for its names; the pointers and chains
are looked for only where a document's bytes write their attributes; xml:ids are looked up
in the parser's table; the limit on attributes is checked only where the bytes hold a start
tag long enough to break it. Each shortcut is tried here where it would be wrong if it were
taken carelessly: names written with spaces around "=", on a line of their own, in UTF-16,
a crowded element whose values hold ">", a batch of files each bringing a name the cut lacks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import teitools.validate as V
from teitools.tei import MAX_ATTRIBUTES, limit_problems, parse_bytes, written
from teitools.validate import apparatus as A
from teitools.validate import schemas as S

from .conftest import SHARED, need
from .hostile import tei


def check(path: Path, fallback: str | None = None) -> list[str]:
    """The problems of one file, as `teitools validate` prints them (without the file)."""
    return [str(p).split(": ", 1)[1] for p in V.check_file(path, fallback=fallback).problems]


# --- pointers and chains, found wherever and however their attributes are written ---------

POINTERS = [
    '<p corresp="#nowhere">Text.</p>',
    '<p corresp = "#nowhere">Text.</p>',
    "<p\ncorresp\n\t=\n'#nowhere'>Text.</p>",
    '<p n="1"\tcorresp="#nowhere">Text.</p>',
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "iso-8859-1"])
@pytest.mark.parametrize("body", POINTERS)
def test_a_broken_pointer_is_found_however_it_is_written(tmp_path, body, encoding):
    doc = tmp_path / "doc.xml"
    text = tei(body=body).replace('encoding="UTF-8"', f'encoding="{encoding}"')
    doc.write_bytes(text.encode(encoding))
    found = [p for p in check(doc) if "[apparatus/pointer]" in p]
    assert len(found) == 1 and '"#nowhere" points to no element' in found[0], check(doc)


def test_a_name_in_the_text_is_no_attribute(tmp_path):
    """What the bytes say decides what is looked for, and only an attribute counts."""
    data = tei(body='<p xml:id="a" target="#a">(corresp="#x", need=1, resp)</p>').encode()
    tree = parse_bytes(data, "doc.xml")
    names = ["corresp", "target", "ed", "resp", "next"]
    assert written(tree, data, names) == ["target"]
    # a document not in an ASCII-compatible encoding: every name is looked for in the tree
    wide = data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    assert written(parse_bytes(wide, "doc.xml"), wide, names) == names


@pytest.mark.parametrize("spacing", ["=", " = ", "\n=\n"])
def test_chains_are_checked_however_next_is_written(tmp_path, spacing):
    doc = tmp_path / "doc.xml"
    body = (
        f'<p xml:id="a" next{spacing}"#b">A</p><p xml:id="b" next{spacing}"#a">B</p>'
        f'<p xml:id="c" next{spacing}"#d" prev{spacing}"#a">C</p><ab xml:id="d">D</ab>'
    )
    doc.write_text(tei(body=body), encoding="utf-8")
    found = [p for p in check(doc) if "[apparatus/chain]" in p]
    assert any("circle" in p for p in found), found
    assert any("links a <p> to a <ab>" in p for p in found), found


def test_ids_looked_up_in_the_table_are_the_ids_the_document_has():
    plays = need(SHARED / "corpora" / "fredracor-300")
    for path in sorted(plays.glob("*.xml"))[:25]:
        root = parse_bytes(path.read_bytes(), str(path)).getroot()
        walked, table = A._ids(root), A._Ids(root)
        assert sorted(table) == sorted(walked)
        for name, elements in walked.items():
            assert table.get(name) == elements and name in table
        assert table.get("no-such-id") is None and "no-such-id" not in table


def test_a_near_id_is_still_suggested(tmp_path):
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(body='<p xml:id="chapter-one" corresp="#chapter-on">T</p>'), "utf-8")
    found = [p for p in check(doc) if "[apparatus/pointer]" in p]
    assert len(found) == 1 and 'did you mean "#chapter-one"?' in found[0]


# --- the limit on attributes ------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_crowded_element_is_refused_even_with_gt_in_its_values(tmp_path, encoding):
    attrs = " ".join(f'a{i}=">"' for i in range(MAX_ATTRIBUTES + 1))
    text = tei(body=f"<p {attrs}>Text.</p>").replace('encoding="UTF-8"', f'encoding="{encoding}"')
    data = text.encode(encoding)
    found = limit_problems(parse_bytes(data, "doc.xml"), "doc.xml", data)
    assert [p.rule for p in found] == ["xml/too-many-attributes"]


def test_a_long_paragraph_is_no_crowded_element():
    data = tei(body=f'<p rend="x">{"word " * 2000}</p>').encode()
    assert limit_problems(parse_bytes(data, "doc.xml"), "doc.xml", data) == []


# --- the grammar's cut: a document it accepts is not walked ------------------------------


@pytest.fixture
def fresh_tei_all(monkeypatch):
    """tei_all as a fresh process has it (no cut yet), restored after."""
    path = V.tei_all()
    schema = S.compile_schema(path)
    monkeypatch.setattr(schema, "_union", frozenset())
    monkeypatch.setattr(schema, "_subset", None)
    return path, schema


def counted(monkeypatch, module, name: str) -> list[int]:
    calls = [0]
    real = getattr(module, name)

    def counting(*args, **kwargs):
        calls[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_documents_the_cut_accepts_are_not_walked(tmp_path, monkeypatch, fresh_tei_all):
    path, schema = fresh_tei_all
    files = []
    for i in range(4):
        files.append(tmp_path / f"d{i}.xml")
        files[-1].write_text(tei(body=f'<p n="{i}">Text {i}.</p>'), encoding="utf-8")
    walks = counted(monkeypatch, S, "document_names")
    results = V.check_files([str(f) for f in files], fallback=path)
    assert [r.problems for r in results] == [[]] * 4
    assert walks[0] == 0 and schema.started()


def test_an_invalid_document_still_gets_its_messages(tmp_path, fresh_tei_all):
    path, _ = fresh_tei_all
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_text(tei(), encoding="utf-8")
    bad.write_text(tei(body="<p>Text.</p><foo/>"), encoding="utf-8")
    results = V.check_files([str(good), str(bad)], fallback=path)
    assert results[0].problems == []
    messages = [p.message for p in results[1].problems if p.rule == "schema/relaxng"]
    assert messages and any("foo" in m for m in messages), messages


def test_a_batch_that_brings_new_names_grows_the_cut_once(tmp_path, monkeypatch, fresh_tei_all):
    """A cut made for plain prose; then a batch whose files each use an element it lacks:
    the cut grows once, for them all, and each is found valid (or not) as tei_all says."""
    path, schema = fresh_tei_all
    plain = tmp_path / "plain.xml"
    plain.write_text(tei(), encoding="utf-8")
    assert V.check_files([str(plain)], fallback=path)[0].problems == []
    bodies = [
        "<table><row><cell>1</cell></row></table>",
        "<list><item>one</item></list>",
        "<lg><l>A line</l></lg>",
        "<list><head>no items</head><p>wrong</p></list>",
    ]
    files = []
    for i, body in enumerate(bodies):
        files.append(tmp_path / f"new{i}.xml")
        files[-1].write_text(tei(body=body), encoding="utf-8")
    cuts = counted(monkeypatch, S, "prune_grammar")
    results = V.check_files([str(f) for f in files], fallback=path)
    assert cuts[0] == 1
    assert [r.problems for r in results[:3]] == [[], [], []]
    assert [p.rule for p in results[3].problems] and all(
        p.rule == "schema/relaxng" for p in results[3].problems
    )
    assert all("{http://www.tei-c.org/ns/1.0}" + n in schema._union for n in ("table", "lg"))
