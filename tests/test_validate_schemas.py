"""The schemas: the project's customization, and tei_all cut down without losing a verdict."""

import copy
from pathlib import Path

import pytest
from lxml import etree

from teitools.project import load_project
from teitools.tei import NS, parse
from teitools.validate import schemas as S
from teitools.validate import validate

from .conftest import ROOT, SHARED, TEI_ALL, need

EDITIONS = sorted((ROOT / "tei").glob("*.xml"))
T = "{http://www.tei-c.org/ns/1.0}"


@pytest.fixture(scope="module")
def grammar():
    return etree.parse(str(need(TEI_ALL)))


@pytest.fixture(scope="module")
def full(grammar):
    return etree.RelaxNG(grammar)


def _names(tree):
    return frozenset(el.tag for el in tree.iter() if isinstance(el.tag, str))


def test_a_cut_grammar_gives_the_whole_grammars_verdict(grammar, full):
    corpus = sorted((SHARED / "corpora" / "fredracor-300").glob("*.xml"))[:40]
    trees = [parse(p) for p in [*EDITIONS, *corpus]]
    # and some invalid ones: a TEI element where it may not stand, a missing required child
    bad = copy.deepcopy(trees[0])
    bad.getroot().find(f".//{T}body//{T}p").append(etree.Element(T + "lg"))
    worse = copy.deepcopy(trees[0])
    worse.getroot().find(f"{T}teiHeader").remove(worse.getroot().find(f".//{T}fileDesc"))
    trees += [bad, worse]
    for tree in trees:
        cut = etree.RelaxNG(S.prune_grammar(grammar, _names(tree)))
        assert cut.validate(tree) == full.validate(tree)
    assert len(S.prune_grammar(grammar, _names(trees[0])).getroot()) < len(grammar.getroot()) / 2


def test_schema_check_reports_the_whole_grammars_messages(tmp_path):
    text = (ROOT / "tei" / "slavic-review-1967.xml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.xml"
    bad.write_text(text.replace("<byline>", "<byline><lg/>", 1), encoding="utf-8")
    problems = [
        str(p)
        for p in validate([bad], [str(TEI_ALL)], project=False, ignore=("apparatus",)).problems
    ]
    assert problems and all("(tei_all.rng) [schema/relaxng]" in p for p in problems)
    assert any("lg" in p for p in problems)


def test_a_cut_that_does_not_compile_in_time_is_not_used(monkeypatch):
    monkeypatch.setattr(S, "_compiles_in_time", lambda grammar: False)
    schema = S.RelaxNG(str(TEI_ALL), etree.parse(str(need(TEI_ALL))))
    tree = parse(EDITIONS[0])
    assert schema.subset(_names(tree)) is None
    assert schema.check(tree, "x.xml") == []  # the whole grammar decided


def test_the_probe_times_out(grammar):
    assert S._compiles_in_time(S.prune_grammar(grammar, {T + "TEI"}), seconds=5) is True
    assert S._compiles_in_time(grammar, seconds=0.01) is False


# --- the customization ----------------------------------------------------------------------

ODD = ROOT / "schemas" / "teitools.odd"
XSD = ROOT / "schemas" / "teitools.xsd"
SCH = ROOT / "schemas" / "teitools.sch"


def _odd_elements() -> set[str]:
    root = etree.parse(str(ODD)).getroot()
    return {n for m in root.iterfind(".//tei:moduleRef", NS) for n in m.get("include", "").split()}


def test_the_odd_xsd_and_editions_agree(tei_all):
    assert tei_all(etree.parse(str(ODD)), str(ODD)) == []
    odd = _odd_elements()
    xsd = {
        e.get("name")
        for e in etree.parse(str(XSD))
        .getroot()
        .iterfind("{http://www.w3.org/2001/XMLSchema}element")
    }
    assert xsd == odd
    used = {
        etree.QName(el).localname
        for p in EDITIONS
        for el in parse(p).iter()
        if isinstance(el.tag, str)
    }
    assert used <= odd, used - odd


def test_the_customization_stays_a_tei_subset(tei_all):
    """Every edition, and every witness derived from the report, is valid both ways."""
    from teitools.witnesses import Apparatus, derive_tei

    xsd, sch = S.compile_schema(str(XSD)), S.compile_schema(str(SCH))
    trees = [(str(p), parse(p)) for p in EDITIONS]
    report = Apparatus(parse(ROOT / "tei" / "secret-report.xml"), "secret-report.xml")
    trees += [(f"witness {s}", derive_tei(report, s)) for s in ("SD", "Q", "W")]
    for name, tree in trees:
        tree = etree.fromstring(etree.tostring(tree)).getroottree()  # fresh line numbers
        assert xsd.check(tree, name) == [], name
        assert sch.check(tree, name) == [], name
        assert tei_all(tree, name) == [], name


@pytest.mark.parametrize(
    "edit, rule",
    [
        (lambda t: t.replace('<pb n="90" xml:id="p90"/>', '<pb n="88" xml:id="p88b"/>'), "assert"),
        (
            lambda t: t.replace('<stage type="reaction">(', '<stage type="reaction">', 1),
            "schematron/reaction-parenthesized",
        ),
        (lambda t: t.replace("<licence", "<bogus/><licence", 1), "schema/xsd"),
        (
            lambda t: t.replace('<app type="idiom" cert="medium"', '<app type="idiom"', 1).replace(
                'source="#wolfe-p84">', ">", 1
            ),
            "schematron/app-cites",
        ),
    ],
)
def test_the_customization_catches(tmp_path, edit, rule):
    text = (ROOT / "tei" / "secret-report.xml").read_text(encoding="utf-8")
    bad = tmp_path / "r.xml"
    bad.write_text(edit(text), encoding="utf-8")
    report = validate([bad], ignore=("apparatus",), project=load_project(ROOT))
    rules = [p.rule for p in report.errors]
    assert report.errors and any(
        rule in r or (rule == "assert" and r == "schema/xsd") for r in rules
    ), [str(p) for p in report.errors]


def test_validate_uses_the_project_schemas_by_default():
    from teitools.validate import project_schemas

    assert [Path(p).name for p in project_schemas()] == ["teitools.xsd", "teitools.sch"]
