"""Incremental validation: results kept by content and schema, and grammar cuts kept on disk."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from lxml import etree

import teitools.validate as V
from teitools.validate import schemas as S
from teitools.validate.cache import ResultCache, cache_folder
from teitools.validate.report import as_json, as_text

from .conftest import ROOT, TEI_ALL, need

TEI = "http://www.tei-c.org/ns/1.0"
# a grammar of two elements: <TEI> holding <p>s of text
GRAMMAR = f"""<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="{TEI}">
  <start><element name="TEI"><zeroOrMore><ref name="p"/></zeroOrMore></element></start>
  <define name="p"><element name="p"><text/></element></define>
</grammar>
"""
GOOD = f'<TEI xmlns="{TEI}"><p>one</p><p>two</p></TEI>\n'
BAD = f'<TEI xmlns="{TEI}"><p>one</p><x/></TEI>\n'
WITH_POINTER = f'<TEI xmlns="{TEI}"><p>see <ref target="#nowhere">it</ref></p></TEI>\n'


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TEITOOLS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def corpus(tmp_path) -> tuple[Path, Path]:
    """Three documents (one valid, one invalid, one valid with a pointer to nowhere) and a
    small RELAX NG grammar."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.xml").write_text(GOOD, encoding="utf-8")
    (folder / "b.xml").write_text(BAD, encoding="utf-8")
    (folder / "c.xml").write_text(GOOD.replace("two", "three"), encoding="utf-8")
    schema = tmp_path / "small.rng"
    schema.write_text(GRAMMAR, encoding="utf-8")
    return folder, schema


@pytest.fixture
def checked(monkeypatch) -> list[str]:
    """The files actually checked (not answered from the cache), in order."""
    seen: list[str] = []
    real = V.check_files

    def spy(paths, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.extend(Path(p).name for p in paths)
        return real(paths, *args, **kw)

    monkeypatch.setattr(V, "check_files", spy)
    return seen


def entries(cache: Path) -> dict[str, str]:
    """The entries of the results cache, by key."""
    path = cache / "validate" / "results.sqlite"
    if not path.exists():
        return {}
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT key, entry FROM entries"))


def run(folder: Path, schema: Path, **kw) -> V.Report:
    return V.validate([folder], [str(schema)], project=False, jobs=1, cache=True, **kw)


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("TEITOOLS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "teitools"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "teitools"
    monkeypatch.setenv("TEITOOLS_CACHE_DIR", str(tmp_path / "own"))
    assert cache_folder() == tmp_path / "own"


def test_an_unchanged_corpus_is_reported_from_the_cache_identically(cache, corpus, checked):
    folder, schema = corpus
    first = run(folder, schema)
    assert checked == ["a.xml", "b.xml", "c.xml"]
    assert not first.ok and [Path(r.file).name for r in first.results if r.problems] == ["b.xml"]
    checked.clear()
    again = run(folder, schema)
    assert checked == []  # nothing checked again
    assert as_text(again) == as_text(first)
    assert as_json(again) == as_json(first)
    assert entries(cache)


def test_without_the_cache_every_file_is_checked_and_nothing_is_kept(cache, corpus, checked):
    folder, schema = corpus
    for _ in range(2):
        V.validate([folder], [str(schema)], project=False, jobs=1)
    assert checked == ["a.xml", "b.xml", "c.xml"] * 2
    assert not cache.exists()


def test_a_changed_file_is_checked_again(cache, corpus, checked):
    folder, schema = corpus
    run(folder, schema)
    checked.clear()
    (folder / "a.xml").write_text(BAD.replace("one", "uno"), encoding="utf-8")
    report = run(folder, schema)
    assert checked == ["a.xml"]
    bad = sorted(Path(r.file).name for r in report.results if r.problems)
    assert bad == ["a.xml", "b.xml"]


def test_a_changed_schema_checks_everything_again(cache, corpus, checked):
    folder, schema = corpus
    assert not run(folder, schema).ok
    checked.clear()
    # the same grammar, now allowing <x/> too
    schema.write_text(
        GRAMMAR.replace(
            '<ref name="p"/>',
            '<choice><ref name="p"/><element name="x"><empty/></element></choice>',
        ),
        encoding="utf-8",
    )
    report = run(folder, schema)
    assert checked == ["a.xml", "b.xml", "c.xml"]
    assert report.ok, as_text(report)


def test_a_changed_declared_schema_checks_its_document_again(cache, corpus, checked):
    folder, schema = corpus
    model = (
        '<?xml-model href="../small.rng" type="application/xml" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    )
    (folder / "b.xml").write_text(model + BAD, encoding="utf-8")
    doc = [folder / "b.xml"]
    first = V.validate(doc, project=False, jobs=1, cache=True, ignore=("apparatus",))
    assert not first.ok, as_text(first)
    checked.clear()
    # the grammar now reads: p is <p> text </p> or <x/>; b.xml is valid
    schema.write_text(
        GRAMMAR.replace(
            '<define name="p"><element name="p"><text/></element></define>',
            '<define name="p"><choice><element name="p"><text/></element>'
            '<element name="x"><empty/></element></choice></define>',
        ),
        encoding="utf-8",
    )
    report = V.validate(doc, project=False, jobs=1, cache=True, ignore=("apparatus",))
    assert checked == ["b.xml"]
    assert report.ok, as_text(report)


def test_ignore_changes_what_is_reported_and_the_cache_keeps_both(cache, corpus, checked):
    folder, schema = corpus
    (folder / "c.xml").write_text(WITH_POINTER, encoding="utf-8")
    grammar = GRAMMAR.replace(
        "<text/></element>",
        '<zeroOrMore><choice><text/><element name="ref"><attribute name="target"/><text/>'
        "</element></choice></zeroOrMore></element>",
    )
    schema.write_text(grammar, encoding="utf-8")
    plain = run(folder, schema)
    rules = {p.rule.split("/")[0] for p in plain.problems}
    assert {"schema", "apparatus"} <= rules, as_text(plain)
    quiet = run(folder, schema, ignore=("apparatus",))
    assert {p.rule.split("/")[0] for p in quiet.problems} == {"schema"}
    none = run(folder, schema, ignore=("apparatus", "schema"))
    assert none.problems == [] and none.ok
    checked.clear()
    assert as_text(run(folder, schema)) == as_text(plain)  # from the cache, as before
    assert as_text(run(folder, schema, ignore=("apparatus",))) == as_text(quiet)
    assert checked == []


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{", b"\x00\xff not json", b"[]", b'{"format": 1, "declared": {}, "problems": [1]}'],
)
def test_a_corrupt_entry_is_ignored_and_replaced(cache, corpus, checked, garbage):
    folder, schema = corpus
    first = run(folder, schema)
    assert len(entries(cache)) == 3
    with sqlite3.connect(cache / "validate" / "results.sqlite") as db:
        db.execute("UPDATE entries SET entry = ?", (garbage.decode("utf-8", "replace"),))
    checked.clear()
    again = run(folder, schema)
    assert checked == ["a.xml", "b.xml", "c.xml"]  # none was believed
    assert as_text(again) == as_text(first)
    assert all(json.loads(e)["format"] for e in entries(cache).values())  # written anew


@pytest.mark.parametrize("garbage", [b"", b"not a database at all" * 100, b"SQLite format 3\x00"])
def test_a_cache_file_that_is_not_a_database_is_made_anew(cache, corpus, checked, garbage):
    folder, schema = corpus
    first = run(folder, schema)
    (cache / "validate" / "results.sqlite").write_bytes(garbage)
    for side in (cache / "validate").glob("results.sqlite-*"):
        side.unlink()
    checked.clear()
    again = run(folder, schema)
    assert checked == ["a.xml", "b.xml", "c.xml"]
    assert as_text(again) == as_text(first)
    assert len(entries(cache)) == 3
    checked.clear()
    run(folder, schema)
    assert checked == []  # the new cache answers


def test_an_unwritable_cache_is_no_error(tmp_path, monkeypatch, corpus):
    folder, schema = corpus
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TEITOOLS_CACHE_DIR", str(blocker / "cache"))
    report = run(folder, schema)
    assert [Path(p.file).name for p in report.errors] == ["b.xml"]


def test_a_file_name_is_part_of_the_key(cache, corpus, tmp_path):
    folder, schema = corpus
    run(folder, schema)
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.xml").write_text(BAD, encoding="utf-8")
    report = run(other, schema)
    assert {p.file for p in report.problems} == {str(other / "b.xml")}


def test_an_entry_round_trips_every_field(tmp_path):
    store = ResultCache(tmp_path)
    key = store.key("d\udcff.xml", "0" * 64, ["s.rng"], None, ["apparatus"], None)
    problems = [
        V.Problem("d\udcff.xml", 3, 7, "message ü", "schema/relaxng"),
        V.Problem("d\udcff.xml", None, None, "a note", "xml/doctype-remote", "note"),
    ]
    assert store.put(key, problems, {})
    assert store.get(key) == problems
    assert store.get(key.replace(key[5], "x" if key[5] != "x" else "y")) is None


# --- the cut grammar --------------------------------------------------------------------------


def _grammar() -> etree._ElementTree:
    return etree.parse(str(need(TEI_ALL)))


WITNESSES = f"""<TEI xmlns="{TEI}"><teiHeader><fileDesc>
  <titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt>
  <sourceDesc><listWit><witness xml:id="A">A</witness><witness xml:id="B">B</witness>
  </listWit></sourceDesc></fileDesc></teiHeader>
  <text><body><p>Text.</p></body></text></TEI>"""


def test_a_document_with_a_witness_list_gets_a_cut_that_compiles_at_once():
    """tei_all cut to a <listWit> document took minutes to compile (libxml2 over a group of
    one pattern); the cut is now plain and compiles within the probe's time."""
    tree = etree.fromstring(WITNESSES).getroottree()
    names = S.document_names(tree)
    for attributes in (None, {n[1:] for n in names if n.startswith("@")}):
        cut = S.prune_grammar(_grammar(), {n for n in names if not n.startswith("@")}, attributes)
        assert S._compiles_in_time(cut, seconds=5)
        assert etree.RelaxNG(cut).validate(tree)


MUTATIONS = [
    ("<byline>", "<byline>"),  # none: valid
    ("<byline>", '<byline rend="x">'),  # an attribute tei_all allows
    ("<byline>", '<byline bogus="x">'),  # one it does not
    ("<byline>", '<byline n="1" n2="2">'),
    ("<byline>", "<byline><lg/>"),  # an element out of place
    ("<byline>", "<byline><foo/>"),  # an element TEI does not have
    ("<titleStmt>", "<titleStmt><p>x</p>"),
    ("<byline>", '<byline><p xmlns="urn:x"/>'),  # another namespace
    ('when="', 'when="not a date '),  # a value of the wrong type
]


def test_the_cut_decides_and_speaks_as_the_whole_grammar():
    """The cut to a document's elements and attributes accepts what the whole grammar
    accepts, and rejects the rest with the whole grammar's messages, word for word."""
    schema = S.compile_schema(str(need(TEI_ALL)))
    full = schema.full()
    text = (ROOT / "tei" / "slavic-review-1967.xml").read_text(encoding="utf-8")
    verdicts = []
    for old, new in MUTATIONS:
        assert old in text
        tree = etree.fromstring(text.replace(old, new, 1).encode()).getroottree()
        names = S.document_names(tree)
        cut = etree.RelaxNG(
            S.prune_grammar(
                schema.doc,
                {n for n in names if not n.startswith("@")},
                {n[1:] for n in names if n.startswith("@")},
            )
        )
        verdicts.append(cut.validate(tree))
        assert verdicts[-1] == full.validate(tree), new
        said = [(e.line, e.column, e.message) for e in cut.error_log]
        assert said == [(e.line, e.column, e.message) for e in full.error_log], new
    assert verdicts == [True, True] + [False] * (len(MUTATIONS) - 2)


def test_a_kept_cut_is_read_by_a_fresh_process_instead_of_cut_again(tmp_path, monkeypatch):
    tree = etree.parse(str(ROOT / "tei" / "slavic-review-1967.xml"))
    names = S.document_names(tree)
    first = S.RelaxNG(str(need(TEI_ALL)), _grammar())
    assert first.subset(names, tmp_path) is not None
    assert len(list(tmp_path.glob("*.rng"))) == 1

    def no_cutting(*args, **kw):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("cut again")

    monkeypatch.setattr(S, "prune_grammar", no_cutting)
    fresh = S.RelaxNG(str(need(TEI_ALL)), _grammar())  # as a new process would have it
    subset = fresh.subset(names, tmp_path)
    assert subset is not None and subset.validate(tree)
    # a kept cut that is damaged is cut again, not believed
    monkeypatch.undo()
    for kept in tmp_path.glob("*.rng"):
        kept.write_bytes(b"<grammar")
    again = S.RelaxNG(str(need(TEI_ALL)), _grammar())
    assert again.subset(names, tmp_path).validate(tree)


def test_a_document_of_another_root_is_told_so_without_the_whole_grammar(tmp_path):
    """tei_all takes seconds to compile; a file whose root it cannot begin with (a list, a
    settings file beside the editions) is refused at its root at once."""
    schema = S.RelaxNG(str(need(TEI_ALL)), _grammar())
    other = tmp_path / "info.xml"
    other.write_text('<?xml version="1.0"?>\n\n<info><title>x</title></info>\n', encoding="utf-8")
    problems = schema.check(etree.parse(str(other)), str(other))
    assert [str(p) for p in problems] == [
        f"{other}:3: error: element <info> in no namespace cannot be the root: expected <TEI> "
        "or <teiCorpus> (tei_all.rng) [schema/relaxng]"
    ]
    assert schema._full is None  # the whole grammar was not compiled
    wrong_space = etree.fromstring(b'<TEI xmlns="urn:other"><p/></TEI>').getroottree()
    assert (
        "<TEI> in the namespace urn:other cannot be the root"
        in schema.check(wrong_space, "x.xml")[0].message
    )
    tei = etree.fromstring(WITNESSES).getroottree()
    assert schema.check(tei, "ok.xml") == [] and schema._full is None


def test_the_pool_and_the_cache_give_what_one_process_gives(cache, corpus, monkeypatch):
    folder, schema = corpus
    for k in range(20):
        (folder / f"d{k:02}.xml").write_text(GOOD if k % 3 else BAD, encoding="utf-8")
    one = V.validate([folder], [str(schema)], project=False, jobs=1)
    monkeypatch.setattr(V, "POOL_BYTES", 0)  # a pool however small the job
    monkeypatch.setattr(V, "MIN_BATCH", 2)
    pooled = V.validate([folder], [str(schema)], project=False, jobs=2, cache=True)
    cached = V.validate([folder], [str(schema)], project=False, jobs=2, cache=True)
    assert as_text(pooled) == as_text(one) == as_text(cached)
    assert len(one.errors) == 8  # b.xml and the seven d*.xml made bad


def test_a_change_to_a_file_the_schema_includes_checks_everything_again(cache, corpus, checked):
    folder, schema = corpus
    part = schema.parent / "part.rng"
    part.write_text(
        f'<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="{TEI}">'
        '<define name="p"><element name="p"><text/></element></define></grammar>',
        encoding="utf-8",
    )
    schema.write_text(
        GRAMMAR.replace(
            '<define name="p"><element name="p"><text/></element></define>',
            '<include href="part.rng"/>',
        ),
        encoding="utf-8",
    )
    assert not run(folder, schema).ok
    checked.clear()
    part.write_text(
        part.read_text(encoding="utf-8").replace(
            '<element name="p"><text/></element>',
            '<choice><element name="p"><text/></element><element name="x"><empty/></element>'
            "</choice>",
        ),
        encoding="utf-8",
    )
    report = run(folder, schema)
    assert checked == ["a.xml", "b.xml", "c.xml"]
    assert report.ok, as_text(report)


def test_another_teitools_checks_everything_again(cache, corpus, checked, monkeypatch):
    folder, schema = corpus
    run(folder, schema)
    checked.clear()
    run(folder, schema)
    assert checked == []
    import teitools.validate.cache as C

    monkeypatch.setattr(C, "code_digest", lambda: "another version of teitools")
    run(folder, schema)
    assert checked == ["a.xml", "b.xml", "c.xml"]


def test_a_first_run_does_not_read_the_files_to_ask_an_empty_cache(cache, corpus, monkeypatch):
    """An empty cache answers nothing: a first run does not read each file beforehand for its
    digest (the check reads it); the next run does, and is answered from the cache."""
    folder, schema = corpus
    asked: list[str] = []
    real = V._content

    def spy(name):  # noqa: ANN001, ANN202
        asked.append(Path(name).name)
        return real(name)

    monkeypatch.setattr(V, "_content", spy)
    first = V.validate([folder], [str(schema)], project=False, cache=True)
    assert asked == [] and not ResultCache().empty()
    again = V.validate([folder], [str(schema)], project=False, cache=True)
    assert sorted(asked) == ["a.xml", "b.xml", "c.xml"]
    assert [r.problems for r in again.results] == [r.problems for r in first.results]
