"""teitools validate on hostile input: schemas that reach for the network or for local files,
inputs that would hang it or exhaust memory, and file names XML cannot hold."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.tei import parse
from teitools.validate import check_file
from teitools.validate.report import as_junit
from teitools.validate.schemas import compile_schema

from .conftest import ROOT, assert_clean_failure
from .hostile import leaks, tei

XSD = "http://www.w3.org/2001/XMLSchema"
VC = "http://www.w3.org/2007/XMLSchema-versioning"
RNG = "http://relaxng.org/ns/structure/1.0"
SCH = "http://purl.oclc.org/dsdl/schematron"


def run(*args: str):
    return CliRunner().invoke(main, ["validate", "--no-project", *args])


def lines(result) -> list[str]:
    assert "Traceback" not in result.output
    return result.output.strip().splitlines()


def model(href: str, kind: str) -> str:
    return f'<?xml-model href="{href}" schematypens="{kind}"?>\n'


# --- 1. schemas that import or include a schema on a server ---------------------------------


def xsd11(folder: Path, listener, how: str = "import") -> Path:
    ref = (
        f'<xs:import namespace="urn:x" schemaLocation="{listener.url}/x.xsd"/>'
        if how == "import"
        else f'<xs:include schemaLocation="{listener.url}/x.xsd"/>'
    )
    path = folder / f"{how}11.xsd"
    path.write_text(
        f'<xs:schema xmlns:xs="{XSD}" xmlns:vc="{VC}" vc:minVersion="1.1">{ref}'
        '<xs:element name="TEI"/></xs:schema>',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("how", ["import", "include"])
def test_xsd11_named_by_xml_model_never_fetches(tmp_path, listener, how):
    schema = xsd11(tmp_path, listener, how)
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(prolog=model(schema.name, XSD)), encoding="utf-8")
    result = run(str(doc))
    assert result.exit_code == 1, result.output
    out = lines(result)
    hit = [x for x in out if "[schema/remote]" in x]
    assert len(hit) == 1 and hit[0].startswith(str(schema)), out
    assert f"{listener.url}/x.xsd" in hit[0] and "not fetched" in hit[0]


def test_xsd11_given_with_schema_never_fetches(tmp_path, listener):
    schema = xsd11(tmp_path, listener)
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(), encoding="utf-8")
    result = run("--schema", str(schema), str(doc))
    assert_clean_failure(result, 2, str(schema), "not fetched", "[schema/remote]")


def test_xsd10_and_relaxng_never_fetch(tmp_path, listener):
    xsd = tmp_path / "s10.xsd"
    xsd.write_text(
        f'<xs:schema xmlns:xs="{XSD}"><xs:import namespace="urn:x" '
        f'schemaLocation="{listener.url}/x10.xsd"/><xs:element name="TEI"/></xs:schema>',
        encoding="utf-8",
    )
    rng = tmp_path / "s.rng"
    rng.write_text(
        f'<grammar xmlns="{RNG}"><include href="{listener.url}/r.rng"/>'
        '<start><element name="TEI"><text/></element></start></grammar>',
        encoding="utf-8",
    )
    # a local schema whose own include reaches for the server: libxml2 must not connect
    inner = tmp_path / "inner.rng"
    inner.write_text(
        f'<grammar xmlns="{RNG}"><start><externalRef href="{listener.url}/e.rng"/></start>'
        "</grammar>",
        encoding="utf-8",
    )
    outer = tmp_path / "outer.rng"
    outer.write_text(
        f'<grammar xmlns="{RNG}"><start><externalRef href="inner.rng"/></start></grammar>',
        encoding="utf-8",
    )
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(prolog=model(outer.name, RNG)), encoding="utf-8")
    for schema in (xsd, rng):
        assert_clean_failure(
            run("--schema", str(schema), str(doc)), 2, "not fetched", "[schema/remote]"
        )
    result = run(str(doc))
    assert result.exit_code == 1 and "outer.rng" in result.output, result.output
    lines(result)


def test_own_xsd11_still_compiles():
    """The project's XSD 1.1 imports xml.xsd beside it: a local import stays allowed."""
    from teitools.validate import project_schemas

    xsd = next(s for s in project_schemas() if s.endswith(".xsd"))
    assert compile_schema(xsd).v11


# --- 2. a document's own Schematron ----------------------------------------------------------


def schematron(folder: Path, body: str, name: str = "rules.sch") -> Path:
    path = folder / name
    path.write_text(f'<schema xmlns="{SCH}">{body}</schema>', encoding="utf-8")
    return path


def assert_rule(test: str) -> str:
    return (
        '<pattern><rule context="/*"><assert test="false()">found '
        f'<value-of select="{test}"/></assert></rule></pattern>'
    )


def test_schematron_document_reads_no_local_file(tmp_path, secret):
    path, token = secret
    xml_secret = tmp_path / "secret.xml"
    xml_secret.write_text(f"<s>{token}</s>", encoding="utf-8")
    sch = schematron(
        tmp_path,
        assert_rule(f"document('{path.as_uri()}')")
        + assert_rule(f"document('{xml_secret.as_uri()}')"),
    )
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(prolog=model(sch.name, SCH)), encoding="utf-8")
    result = run(str(doc))
    assert result.exit_code == 1
    out = lines(result)
    assert not leaks(token, result.output)
    refused = [x for x in out if "[schematron/read-refused]" in x]
    assert len(refused) == 1 and refused[0].startswith(str(doc)), out
    assert "rules.sch" in refused[0] and "refused" in refused[0]


def test_schematron_document_reaches_no_server(tmp_path, listener):
    sch = schematron(tmp_path, assert_rule(f"document('{listener.url}/x.xml')"))
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(), encoding="utf-8")
    result = run("--schema", str(sch), str(doc))
    assert result.exit_code == 1
    out = lines(result)
    assert any(f"{listener.url}/x.xml" in x and "[schematron/read-refused]" in x for x in out)


def test_schematron_include_of_a_url_is_refused(tmp_path, listener):
    sch = schematron(tmp_path, f'<include href="{listener.url}/part.sch"/>')
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(), encoding="utf-8")
    result = run("--schema", str(sch), str(doc))
    assert_clean_failure(
        result, 2, str(sch), f"{listener.url}/part.sch", "[schema/include-refused]"
    )


def stolen_pattern(folder: Path, token: str) -> None:
    """A Schematron pattern outside the schemas' folder, holding the secret, and the folder
    schemas/ beside it where the schema that tries to include it will be."""
    (folder / "stolen.xml").write_text(
        f'<pattern xmlns="{SCH}"><rule context="/*"><assert test="false()">{token}</assert>'
        "</rule></pattern>",
        encoding="utf-8",
    )
    (folder / "schemas").mkdir()


def test_schematron_include_outside_its_folder_is_refused(tmp_path, secret):
    path, token = secret
    stolen_pattern(tmp_path, token)
    sch = schematron(tmp_path / "schemas", '<include href="../stolen.xml"/>')
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(prolog=model("schemas/rules.sch", SCH)), encoding="utf-8")
    result = run(str(doc))
    assert result.exit_code == 1
    out = lines(result)
    assert not leaks(token, result.output)
    assert any(str(sch) in x and "[schema/include-refused]" in x for x in out), out


@pytest.mark.parametrize("folder", ["", "my schemas"], ids=["same-folder", "folder-with-space"])
def test_schematron_include_from_its_folder_works(tmp_path, folder):
    where = tmp_path / folder
    where.mkdir(exist_ok=True)
    (where / "part.sch").write_text(
        f'<pattern xmlns="{SCH}" id="p"><rule context="/*">'
        '<assert test="false()" id="included">the included rule fired</assert></rule></pattern>',
        encoding="utf-8",
    )
    sch = schematron(where, '<include href="part.sch"/>')
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(), encoding="utf-8")
    result = run("--schema", str(sch), str(doc))
    assert result.exit_code == 1
    assert any("[schematron/included]" in x for x in lines(result)), result.output


def test_project_schematron_still_runs(tmp_path):
    """The project's own Schematron compiles and runs through the confined pipeline."""
    from teitools.validate import project_schemas

    sch = next(s for s in project_schemas() if s.endswith(".sch"))
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(), encoding="utf-8")
    found = compile_schema(sch).check(parse(doc), str(doc))
    assert found and all(p.rule.startswith("schematron/") for p in found)
    assert not {p.rule for p in found} & {"schematron/read-refused", "schematron/failed"}


# --- 3. inputs that made validate take minutes -----------------------------------------------


def test_ten_thousand_attributes_are_refused_quickly(tmp_path):
    attrs = " ".join(f'a{i}="v"' for i in range(10_000))
    doc = tmp_path / "crowded.xml"
    doc.write_text(tei(body=f"<p {attrs}>Text.</p>"), encoding="utf-8")
    start = time.monotonic()
    result = run(str(doc))  # the project's XSD 1.1 is used: it was the slow one
    assert time.monotonic() - start < 5
    assert result.exit_code == 1
    out = lines(result)
    crowded = [x for x in out if "[xml/too-many-attributes]" in x]
    assert len(crowded) == 1 and "<p> has 10000 attributes" in crowded[0], out


def test_attributes_under_the_limit_are_checked_by_the_schema(tmp_path):
    attrs = " ".join(f'a{i}="v"' for i in range(150))
    doc = tmp_path / "many.xml"
    doc.write_text(tei(body="<p>Text.</p>").replace("<TEI ", f"<TEI {attrs} "), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--project", str(ROOT), str(doc)])
    assert result.exit_code == 1
    out = lines(result)
    assert sum("'a1' attribute not allowed" in x for x in out) == 1, out[:3]
    assert not any("too-many-attributes" in x for x in out)


def chain(n: int, circle: bool) -> str:
    last = (lambda i: f"#s{(i + 1) % n}") if circle else (lambda i: f"#s{i + 1}")
    return "".join(
        f'<seg xml:id="s{i}"'
        + (f' next="{last(i)}"' if circle or i + 1 < n else "")
        + (f' prev="#s{(i - 1) % n}"' if circle or i else "")
        + ">w</seg>"
        for i in range(n)
    )


@pytest.mark.parametrize("circle", [False, True])
def test_a_ten_thousand_link_next_chain_is_checked_in_linear_time(tmp_path, circle):
    doc = tmp_path / "chain.xml"
    doc.write_text(tei(body=f"<p>{chain(10_000, circle)}</p>"), encoding="utf-8")
    start = time.monotonic()
    found = check_file(doc).problems
    assert time.monotonic() - start < 5
    circles = [p for p in found if "runs in a circle" in p.message]
    assert len(circles) == (10_000 if circle else 0)
    assert not [p for p in found if p.rule == "apparatus/chain" and "circle" not in p.message]


def test_ten_thousand_broken_pointers_on_one_line_are_quick(tmp_path):
    segs = "".join(f'<seg xml:id="s{i}" next="#t{i}">w</seg>' for i in range(10_000))
    doc = tmp_path / "broken.xml"
    doc.write_text(tei(body=f"<p>{segs}</p>"), encoding="utf-8")
    start = time.monotonic()
    found = check_file(doc).problems
    assert time.monotonic() - start < 5
    broken = [p for p in found if p.rule == "apparatus/pointer"]
    assert len(broken) == 10_000
    # each placed at its own attribute, though all stand on one line
    assert len({p.col for p in broken}) == 10_000


# --- 4. inputs that are not regular files, or too large --------------------------------------


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    start = time.monotonic()
    result = run(str(fifo))
    assert time.monotonic() - start < 5
    assert result.exit_code == 1
    out = lines(result)
    assert out[0].startswith(str(fifo)) and "not a regular file" in out[0], out


def test_dev_zero_is_refused_at_once():
    start = time.monotonic()
    result = run("/dev/zero")
    assert time.monotonic() - start < 5
    out = lines(result)
    assert result.exit_code == 1 and "not a regular file" in out[0], out


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("TEITOOLS_MAX_MB", "0.01")  # about 10 kB
    doc = tmp_path / "big.xml"
    doc.write_text(tei(body="<p>word</p>" * 2000), encoding="utf-8")
    result = run(str(doc))
    assert result.exit_code == 1
    out = lines(result)
    assert "over the limit" in out[0] and "TEITOOLS_MAX_MB" in out[0] and "[io/too-large]" in out[0]
    small = tmp_path / "small.xml"
    small.write_text(tei(), encoding="utf-8")
    assert run(str(small)).exit_code == 0


# --- 5. XML 1.1 ------------------------------------------------------------------------------


def test_xml11_control_character_is_refused_with_its_reason(tmp_path):
    doc = tmp_path / "v11.xml"
    doc.write_text(
        tei(body="<p>bell&#x1;here</p>").replace('version="1.0"', 'version="1.1"'),
        encoding="utf-8",
    )
    result = run(str(doc))
    assert result.exit_code == 1
    out = lines(result)
    assert out[0].startswith(f"{doc}:8:") and "[xml/xml11-control]" in out[0], out
    assert "U+0001" in out[0] and "XML 1.1" in out[0]


def test_xml11_without_control_characters_is_read(tmp_path):
    doc = tmp_path / "v11.xml"
    doc.write_text(tei().replace('version="1.0"', 'version="1.1"'), encoding="utf-8")
    assert run(str(doc)).exit_code == 0


# --- 6. a witness group that contains itself -------------------------------------------------


CYCLE = """<listWit>
  <witness n="G">A witness named as the group</witness>
  <witness xml:id="A">A</witness>
  <listWit xml:id="G"><head>Group</head><witness n="G">again</witness></listWit>
</listWit>"""


def cyclic(folder: Path) -> Path:
    doc = folder / "cycle.xml"
    text = tei(body='<p><app><lem wit="#G">x</lem><rdg wit="#A">y</rdg></app></p>')
    doc.write_text(text.replace("<p>Made by the test.</p>", CYCLE), encoding="utf-8")
    return doc


def test_witness_group_cycle_is_a_problem_at_its_line(tmp_path):
    doc = cyclic(tmp_path)
    result = run(str(doc))
    assert result.exit_code == 1
    out = lines(result)
    hit = [x for x in out if "[witness/group-cycle]" in x]
    assert len(hit) == 1 and hit[0].startswith(f"{doc}:9:"), out
    assert 'group "G" contains itself' in hit[0]


# --- 7. file names XML or the terminal cannot hold -------------------------------------------


def test_junit_report_holds_a_control_character_in_a_file_name(tmp_path):
    doc = tmp_path / "bell\x07.xml"
    doc.write_text(tei(body="<p>&undefined;</p>"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--no-project", "-f", "junit", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    report = result.output[result.output.index("<?xml") : result.output.rindex(">") + 1]
    from lxml import etree

    suite = etree.fromstring(report.encode())
    assert suite.find(".//testcase").get("name").endswith("bell\\x07.xml")


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_a_file_name_that_is_not_utf8_is_reported(tmp_path, fmt):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.xml"
    with open(raw, "wb") as f:
        f.write(tei(body="<p>x</p><p").encode())
    result = CliRunner().invoke(main, ["validate", "--no-project", "-f", fmt, str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "caf\\xe9.xml" in result.output.replace("\\\\", "\\")  # JSON doubles it
    missing = os.fsdecode(os.fsencode(tmp_path) + b"/gone\xe9.xml")
    assert_clean_failure(
        CliRunner().invoke(main, ["validate", missing]), 2, "gone\\xe9.xml", "[io/missing]"
    )


def test_report_text_is_xml_safe():
    from teitools.errors import Problem
    from teitools.validate import FileResult, Report

    report = Report([FileResult("a\x01b.xml", [Problem("a\x01b.xml", 1, 1, "m\x02", "r")])])
    assert "\x01" not in as_junit(report) and "\x02" not in as_junit(report)


def test_schematron_include_escaping_its_folder_by_percent_is_refused(tmp_path, secret):
    path, token = secret
    stolen_pattern(tmp_path, token)
    sch = schematron(tmp_path / "schemas", '<include href="..%2Fstolen.xml"/>')
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(), encoding="utf-8")
    result = run("--schema", str(sch), str(doc))
    assert result.exit_code == 2 and not leaks(token, result.output)
    assert "[schema/" in result.output


def test_ten_thousand_schematron_findings_among_siblings_are_quick(tmp_path):
    """Each finding is placed at its line without walking its preceding siblings again."""
    sch = tmp_path / "p.sch"
    sch.write_text(
        f'<schema xmlns="{SCH}"><ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>'
        '<pattern><rule context="tei:p[@n]"><assert test="false()" id="each">'
        "p</assert></rule></pattern></schema>",
        encoding="utf-8",
    )
    doc = tmp_path / "long.xml"
    doc.write_text(
        tei(body="\n" + "".join(f'<p n="{i}">w</p>\n' for i in range(10_000))), encoding="utf-8"
    )
    start = time.monotonic()
    found = check_file(doc, (str(sch),)).problems
    assert time.monotonic() - start < 5
    lines_ = [p.line for p in found if p.rule == "schematron/each"]
    assert lines_ == list(range(9, 10_009))


def test_a_document_nested_too_deep_is_refused_in_words_a_user_reads(tmp_path):
    from click.testing import CliRunner

    from teitools.cli import main

    from .conftest import assert_clean_failure
    from .hostile import tei

    doc = tmp_path / "deep.xml"
    doc.write_text(tei(body="<p>" + "<hi>" * 300 + "x" + "</hi>" * 300 + "</p>"), "utf-8")
    for args in (["witness", str(doc), "--wit", "A"], ["apparatus", str(doc)]):
        result = CliRunner().invoke(main, args)
        assert_clean_failure(result, 1, "deep.xml:", "nested more than 256 deep", "[xml/too-deep]")
    result = CliRunner().invoke(main, ["validate", "--no-project", str(doc)])
    assert result.exit_code == 1
    assert "[xml/too-deep]" in result.output and "XML_PARSE_HUGE" not in result.output
