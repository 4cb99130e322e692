"""The project file: finding it, checking it, and what it decides (documents, customization,
repository identity); foreign TEI validated against tei_all and published."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.project import (
    FEATURES,
    Project,
    default_documents,
    find_project,
    has_feature,
    load_project,
    project_of,
)
from teitools.validate import validate

from .conftest import ROOT, SHARED, assert_clean_failure, need
from .hostile import tei

PLAYS = SHARED / "corpora" / "fredracor-300"
RNG = "http://relaxng.org/ns/structure/1.0"
TEI_NS = "http://www.tei-c.org/ns/1.0"


def only_tei_with_n(value: str) -> str:
    """A RELAX NG customization: a TEI root whose @n is `value`, anything inside."""
    return f"""<grammar xmlns="{RNG}">
  <start><element name="TEI" ns="{TEI_NS}">
    <attribute name="n"><value>{value}</value></attribute><ref name="any"/>
  </element></start>
  <define name="any"><zeroOrMore><choice>
    <attribute><anyName><except><name>n</name></except></anyName></attribute>
    <text/><element><anyName/><ref name="any"/></element>
  </choice></zeroOrMore></define>
</grammar>
"""


def no_bogus() -> str:
    """A stand-in for tei_all (which takes seconds to compile whole, as an invalid document
    needs): a TEI root with anything inside but a <bogus> element."""
    return f"""<grammar xmlns="{RNG}">
  <start><element name="TEI" ns="{TEI_NS}"><ref name="any"/></element></start>
  <define name="any"><zeroOrMore><choice>
    <attribute><anyName/></attribute><text/>
    <element><anyName><except><name ns="{TEI_NS}">bogus</name></except></anyName>
      <ref name="any"/></element>
  </choice></zeroOrMore></define>
</grammar>
"""


def stand_in_folder(parent: Path) -> Path:
    """A folder of shipped schemas whose tei_all.rng is the quick stand-in."""
    folder = parent / "shipped-schemas"
    folder.mkdir(exist_ok=True)
    (folder / "tei_all.rng").write_text(no_bogus(), encoding="utf-8")
    return folder


@pytest.fixture
def stand_in(tmp_path_factory, monkeypatch) -> Path:
    """teitools run with the stand-in as the tei_all it ships."""
    folder = stand_in_folder(tmp_path_factory.mktemp("stand-in"))
    monkeypatch.setenv("TEITOOLS_SCHEMAS", str(folder))
    return folder


def make_project(folder: Path, toml: str, docs: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "teitools.toml").write_text(toml, encoding="utf-8")
    for name, text in (docs or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def with_n(value: str, body: str = "<p>Text.</p>") -> str:
    return tei(body=body).replace("<TEI ", f'<TEI n="{value}" ', 1)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """tmp_path, which must lie under no project for these tests to mean anything."""
    if find_project(tmp_path) is not None:
        pytest.skip(f"{tmp_path} lies inside a teitools project")
    return tmp_path


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


# --- discovery ---------------------------------------------------------------------------------


def test_a_project_is_found_from_any_folder_below_it(outside):
    ed = make_project(outside / "ed", 'name = "Ed"\n', {"tei/a/b.xml": tei()})
    deep = ed / "tei" / "a"
    assert find_project(deep).root == ed
    assert find_project(deep / "b.xml").name == "Ed"
    assert project_of(deep / "b.xml").file == ed / "teitools.toml"
    assert find_project(outside) is None and project_of(outside / "x.xml") is None


def test_project_given_as_its_file_or_its_folder(outside, monkeypatch):
    ed = make_project(
        outside / "ed",
        'name = "Ed"\nschemas = ["only-b.rng"]\n',
        {"only-b.rng": only_tei_with_n("B"), "tei/a.xml": with_n("A")},
    )
    assert load_project(ed) == load_project(ed / "teitools.toml")
    loose = outside / "loose.xml"
    loose.write_text(with_n("A"), encoding="utf-8")
    monkeypatch.chdir(outside)
    for given in (ed, ed / "teitools.toml"):
        r = run("validate", "--project", given, loose)
        assert r.exit_code == 1 and "(only-b.rng) [schema/relaxng]" in r.output, r.output
    assert run("validate", loose).exit_code == 0  # on its own it is foreign and valid TEI
    r = run("validate", "--project", ed, "--no-project", loose)
    assert r.exit_code == 2 and "not both" in r.output


def test_a_document_uses_its_own_project_not_the_current_folders(outside, monkeypatch, stand_in):
    """Run from inside project A: a document of project B is checked by B's customization, a
    document under no project as foreign TEI (tei_all), never by A's."""
    a = make_project(
        outside / "a",
        'name = "A"\nschemas = ["only-a.rng"]\n',
        {"only-a.rng": only_tei_with_n("A"), "tei/mine.xml": with_n("A")},
    )
    b = make_project(
        outside / "b",
        'name = "B"\nschemas = ["only-b.rng"]\n',
        {"only-b.rng": only_tei_with_n("B"), "tei/play.xml": with_n("A")},
    )
    foreign = outside / "loose" / "play.xml"
    foreign.parent.mkdir()
    foreign.write_text(with_n("A", "<p>Text.<bogus/></p>"), encoding="utf-8")
    monkeypatch.chdir(a / "tei")
    r = run("validate", b / "tei" / "play.xml")
    assert r.exit_code == 1 and "(only-b.rng)" in r.output and "only-a" not in r.output
    r = run("validate", foreign)
    assert r.exit_code == 1, r.output
    assert "(tei_all.rng) [schema/relaxng]" in r.output
    assert "only-a" not in r.output
    r = run("validate")  # no path: project A's documents, found from the current folder
    assert r.exit_code == 0 and "1 file checked, 0 invalid" in r.output, r.output
    r = run("validate", "--no-project", b / "tei" / "play.xml")  # foreign by request
    assert r.exit_code == 0, r.output


def test_the_default_documents_are_the_projects_globs(outside):
    ed = make_project(
        outside / "ed",
        'name = "Ed"\ndocuments = ["plays/*.xml", "more/**/*.xml"]\n',
        {"plays/b.xml": tei(), "plays/a.xml": tei(), "more/x/c.xml": tei(), "other/d.xml": tei()},
    )
    found = default_documents(load_project(ed))
    assert [p.relative_to(ed).as_posix() for p in found] == [
        "plays/a.xml",
        "plays/b.xml",
        "more/x/c.xml",
    ]
    empty = make_project(outside / "empty", 'name = "Empty"\n')
    r = run("validate", "--project", empty)
    assert_clean_failure(
        r, 2, "teitools.toml", 'no documents match documents = [tei/*.xml] of project "Empty"'
    )


# --- bad project files: one line each, at the key ------------------------------------------------

BAD = [
    (
        'name = "X"\ndocument = ["tei/*.xml"]\n',
        2,
        'document is not a key or table teitools knows; did you mean "documents"?',
        "project/unknown-key",
    ),
    (
        'name = "X"\n[features]\nfacing-page = true\n',
        3,
        'facing-page is not a feature teitools knows; did you mean "facing-pages"?',
        "project/unknown-key",
    ),
    (
        'name = "X"\n[features]\nfacing-pages = "yes"\n',
        3,
        '[features] facing-pages must be true or false, not "yes"',
        "project/type",
    ),
    (
        'name = "X"\ndocuments = ["../elsewhere/*.xml"]\n',
        2,
        "documents[0] must be relative to the project's folder",
        "project/value",
    ),
    (
        'name = "X"\nschemas = ["schemas/none.rng"]\n',
        2,
        'schemas[0] "schemas/none.rng": no such file in the project',
        "project/missing",
    ),
    ('name = "X"\nbuild = 3\n', 2, "build must be a folder (a string), not 3", "project/type"),
    (
        'name = "X"\n[repository]\nid = "no_dots"\n',
        3,
        "[repository] id must be a domain name",
        "project/value",
    ),
    (
        'name = "X"\n[repository]\nadmin-email = "nobody"\n',
        3,
        "must be an e-mail address",
        "project/value",
    ),
    (
        'name = "X"\nrepository = 1\n',
        2,
        "repository must be a table ([repository])",
        "project/type",
    ),
    (
        'name = "X"\nlabels = "labels.xml"\n',
        2,
        'labels "labels.xml": no such file',
        "project/missing",
    ),
    ('documents = ["tei/*.xml"]\n', 1, 'has no name: add name = "…"', "project/name"),
    ('name = "X"\ndocuments = [\n', 2, "not a valid TOML project file", "project/toml"),
]


@pytest.mark.parametrize(
    "text, line, message, rule", BAD, ids=[b[3] + str(i) for i, b in enumerate(BAD)]
)
def test_a_bad_project_file_is_one_line_at_its_key(outside, text, line, message, rule):
    ed = make_project(outside / "ed", text, {"tei/a.xml": tei()})
    r = run("validate", "--project", ed)
    assert_clean_failure(r, 1, message, f"[{rule}]")
    assert re.match(rf"{re.escape(str(ed / 'teitools.toml'))}:{line}(:\d+)?: error: ", r.output), (
        r.output
    )
    # the same when the file is found from a document inside the project
    r = run("validate", ed / "tei" / "a.xml")
    assert_clean_failure(r, 1, message)


def test_a_missing_project_is_a_usage_error(outside):
    assert_clean_failure(
        run("validate", "--project", outside), 2, "no teitools.toml in this folder"
    )
    none = outside / "none.toml"
    assert_clean_failure(run("validate", "--project", none), 2, "none.toml", "no such project file")


def test_features_are_named_switches(outside):
    ed = make_project(
        outside / "ed",
        'name = "Ed"\n[features]\nfacing-pages = true\nquotation-detection = false\n',
    )
    p = load_project(ed)
    assert p.has("facing-pages") and not p.has("quotation-detection")
    assert has_feature(p, "facing-pages") and not has_feature(None, "facing-pages")
    with pytest.raises(KeyError):
        p.has("no-such-feature")


# --- the Wolfe editions as a project ---------------------------------------------------------


def test_the_wolfe_editions_are_a_project():
    p = load_project(ROOT)
    assert isinstance(p, Project) and p.root == ROOT
    assert [d.name for d in p.document_files()] == [
        "secret-report.xml",
        "slavic-review-1967.xml",
        "wolfe-commentary.xml",
    ]
    assert [s.relative_to(ROOT).as_posix() for s in p.schemas] == [
        "schemas/teitools.xsd",
        "schemas/teitools.sch",
    ]
    assert p.features == set(FEATURES)
    assert p.repository.id == "teitools.local" and p.build == ROOT / "build"
    assert project_of(ROOT / "tei" / "secret-report.xml") == p
    r = CliRunner().invoke(main, ["validate", "--project", str(ROOT), "-q"])
    assert r.exit_code == 0 and "3 files checked, 0 invalid" in r.output, r.output


def test_a_copy_outside_the_project_is_foreign(outside, stand_in):
    """The same broken report: checked by the customization in the project, by tei_all out."""
    text = (ROOT / "tei" / "secret-report.xml").read_text(encoding="utf-8")
    bad = outside / "r.xml"
    bad.write_text(text.replace("<licence", "<bogus/><licence", 1), encoding="utf-8")
    custom = validate([bad], project=load_project(ROOT), ignore=("apparatus",))
    assert any("(teitools.xsd)" in p.message for p in custom.errors), custom.errors
    foreign = validate([bad], ignore=("apparatus",))
    assert {p.rule for p in foreign.errors} == {"schema/relaxng"}
    assert all("(tei_all.rng)" in p.message for p in foreign.errors)


# --- foreign TEI ------------------------------------------------------------------------------


def sample_plays(n: int = 20) -> list[Path]:
    plays = sorted(need(PLAYS).glob("*.xml"))
    return plays[:: max(1, len(plays) // n)][:n]


def test_foreign_plays_valid_against_tei_all_give_no_error(outside, monkeypatch):
    plays = sample_plays()
    report = validate(plays, jobs=1)
    assert len(report.results) == 20 and report.ok, [str(p) for p in report.errors[:5]]
    dangling = [p for p in report.problems if p.rule == "apparatus/pointer"]
    assert dangling and {p.severity for p in dangling} == {"warning"}
    monkeypatch.chdir(outside)
    r = run("validate", "-q", *plays[:5])
    assert r.exit_code == 0 and "5 files checked, 0 invalid, 0 errors" in r.output, r.output


CAST = """<front><castList>
  <castItem><role xml:id="cleante">CLÉANTE</role></castItem>
  <castItem corresp="#valere"><role>VALÈRE</role></castItem>
</castList></front>
<body><div type="act"><sp who="#cleante"><speaker>CLÉANTE</speaker><p>Bon.</p></sp>
<p>A <app><lem source="#nowhere">word</lem><rdg>other</rdg></app>.</p></div></body>"""


def test_a_dangling_cast_pointer_is_a_warning_one_in_the_apparatus_an_error(outside):
    doc = outside / "play.xml"
    ve = '<encodingDesc><variantEncoding method="parallel-segmentation" location="internal"/>'
    text = tei().replace("<text><body><p>Text.</p></body></text>", f"<text>{CAST}</text>")
    text = text.replace("</fileDesc>", f"</fileDesc>{ve}</encodingDesc>")
    doc.write_text(text, encoding="utf-8")
    r = run("validate", doc)
    found = [x for x in r.output.splitlines() if "[apparatus/pointer]" in x]
    assert len(found) == 2, r.output
    lines = text.splitlines()
    cast = 1 + next(i for i, x in enumerate(lines) if "#valere" in x)
    app = 1 + next(i for i, x in enumerate(lines) if "#nowhere" in x)
    assert re.search(rf':{cast}:\d+: warning: @corresp "#valere" points to no element', found[0])
    assert re.search(rf':{app}:\d+: error: @source "#nowhere" points to no element', found[1])
    assert r.exit_code == 1 and "1 error, 1 warning" in r.output


def test_a_foreign_document_is_checked_by_its_own_schema_or_the_one_given(outside, stand_in):
    permissive = outside / "any.rng"
    permissive.write_text(only_tei_with_n("A"), encoding="utf-8")
    body = "<p>Text.<bogus/></p>"
    declared = outside / "declared.xml"
    pi = f'<?xml-model href="{permissive.name}" schematypens="{RNG}"?>\n'
    declared.write_text(tei(body=body, prolog=pi).replace("<TEI ", '<TEI n="A" ', 1))
    assert run("validate", declared).exit_code == 0  # its own schema, not tei_all
    plain = outside / "plain.xml"
    plain.write_text(with_n("A", body), encoding="utf-8")
    assert run("validate", plain).exit_code == 1  # tei_all
    assert run("validate", "--schema", permissive, plain).exit_code == 0


# --- publish ----------------------------------------------------------------------------------


def test_foreign_plays_are_published_from_outside_any_project(outside, monkeypatch):
    plays = sample_plays(3)  # against the real tei_all: valid, so its cut grammar suffices
    monkeypatch.chdir(outside)
    db = outside / "plays.db"
    r = run("publish", *plays, "--db", db, "-q")
    assert r.exit_code == 0, r.output
    assert f"{db.name}: 3 new, 0 updated" in r.output
    bad = outside / "bad-play.xml"
    bad.write_text(
        plays[0].read_text(encoding="utf-8").replace("<titleStmt>", "<titleStmt><bogus/>", 1),
        encoding="utf-8",
    )
    monkeypatch.setenv("TEITOOLS_SCHEMAS", str(stand_in_folder(outside)))
    r = run("publish", bad, "--db", db)
    assert r.exit_code == 1 and "(tei_all.rng) [schema/relaxng]" in r.output, r.output
    assert "1 of 1 document invalid: nothing was published" in r.output


def test_publish_takes_the_repository_and_documents_from_the_project(outside, monkeypatch):
    plays = sample_plays(2)
    ed = make_project(
        outside / "ed",
        'name = "Plays"\ndocuments = ["plays/*.xml"]\n'
        '[repository]\nid = "plays.example.org"\nname = "Some plays"\n',
    )
    (ed / "plays").mkdir()
    for p in plays:
        shutil.copy(p, ed / "plays" / p.name)
    monkeypatch.chdir(ed / "plays")
    r = run("publish", "--db", outside / "s.db")
    assert r.exit_code == 0, r.output
    assert f"new        oai:plays.example.org:{plays[0].stem}" in r.output
    assert "2 new" in r.output


# --- ingest -----------------------------------------------------------------------------------


def test_ingest_finds_a_profile_in_the_projects_profiles_folder(outside, monkeypatch):
    ed = make_project(outside / "ed", 'name = "Ed"\nprofiles = "profiles"\n')
    (ed / "profiles").mkdir()
    (ed / "profiles" / "mine.toml").write_text(
        '[document]\nid = "mine"\ntitle = "Mine Alone"\n[pages]\nnumbered = false\n',
        encoding="utf-8",
    )
    source = outside / "source.txt"
    source.write_text("A first paragraph.\n\nA second one.\n", encoding="utf-8")
    monkeypatch.chdir(outside)
    r = run("ingest", source, "-p", "mine", "--project", ed)
    assert r.exit_code == 0 and "<title" in r.output and "Mine Alone" in r.output, r.output
    assert_clean_failure(run("ingest", source, "-p", "mine"), 2, "no such profile")
    monkeypatch.chdir(ed)  # the project found from the current folder
    assert "Mine Alone" in run("ingest", source, "-p", "mine").output


def test_build_makes_the_projects_documents_into_its_build_folder(outside, monkeypatch):
    ed = make_project(
        outside / "ed",
        'name = "Ed"\ndocuments = ["texts/*.xml"]\nbuild = "site"\n',
        {"texts/one.xml": tei(title="One"), "drafts/two.xml": tei(title="Two")},
    )
    monkeypatch.chdir(ed / "texts")
    r = run("build", "--html")
    assert r.exit_code == 0, r.output
    assert (ed / "site" / "html" / "one.html").is_file()
    assert not (ed / "site" / "html" / "two.html").exists()


def test_a_project_without_a_customization_is_checked_as_tei(outside, stand_in):
    ed = make_project(
        outside / "ed",
        'name = "Ed"\n',
        {"tei/ok.xml": tei(), "tei/bad.xml": with_n("A", "<bogus/>")},
    )
    report = validate([ed / "tei"])
    assert [Path(r.file).name for r in report.results if r.problems] == ["bad.xml"]
    assert all("(tei_all.rng)" in p.message for p in report.errors)
