"""teitools validate: every rule broken once by a small fixture, and the message it gets."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.cli import main
from teitools.validate import check_file, validate

from .conftest import ROOT, TEI_ALL, need

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
{pis}<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Test</title></titleStmt>
      <publicationStmt><publisher>t</publisher><availability><licence>CC0</licence></availability></publicationStmt>
      <sourceDesc>
        <bibl>A test.</bibl>
        <listWit>
          <witness xml:id="A">Codex A</witness>
          <witness xml:id="B">Codex B</witness>
          <witness xml:id="C"{cana}>Codex C</witness>
        </listWit>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl><p>None.</p></editorialDecl>
      {ve}
    </encodingDesc>
    <revisionDesc><change when="2026-11-22">Made.</change></revisionDesc>
  </teiHeader>
  <text>
    <body>
      <div>
        <pb n="1" xml:id="p1"/>
        <p xml:id="para">{body}</p>
      </div>
    </body>
  </text>
</TEI>
"""
VE = '<variantEncoding method="parallel-segmentation" location="internal"/>'
GOOD = (
    'A <app source="#para"><lem wit="#A #B">word</lem><rdg wit="#C">other</rdg>'
    "<note>n</note></app> here."
)


def doc(
    tmp_path: Path,
    body: str = GOOD,
    ve: str = VE,
    pis: str = "",
    cana: str = "",
    name: str = "t.xml",
) -> Path:
    p = tmp_path / name
    p.write_text(HEAD.format(body=body, ve=ve, pis=pis, cana=cana), encoding="utf-8")
    return p


def rules(path: Path, **kw) -> list[str]:
    return [str(p) for p in check_file(path, **kw).problems]


def test_a_good_document_passes_everything(tmp_path):
    assert rules(doc(tmp_path)) == []


CASES = [
    (
        "wit-declared",
        GOOD.replace('wit="#C"', 'wit="#CX"'),
        r':\d+:\d+: error: @wit "#CX" names no witness \(declared: A, B, C\) '
        r"\[apparatus/wit-declared\]",
    ),
    (
        "pointer",
        GOOD.replace('source="#para"', 'source="#parra"'),
        r'@source "#parra" points to no element \(no xml:id="parra" in this document\); '
        r'did you mean "#para"\? \[apparatus/pointer\]',
    ),
    (
        "witness-twice",
        GOOD.replace('wit="#C"', 'wit="#C #A"'),
        r'witness "A" is given two readings in one entry \(also on line \d+\) '
        r"\[apparatus/witness-twice\]",
    ),
    (
        "positive-complete",
        GOOD.replace('<rdg wit="#C">other</rdg>', '<rdg wit="#B #X"/>').replace(
            'wit="#A #B"', 'wit="#A"'
        ),
        r"this positive entry does not account for witness C .* \[apparatus/positive-complete\]",
    ),
    (
        "app-content",
        "A <app><rdg wit='#A'>x</rdg></app>.",
        r"an <app> needs a <lem> or at least two readings \[apparatus/app-content\]",
    ),
    (
        "omission-typed",
        GOOD.replace('<rdg wit="#C">other</rdg>', '<rdg wit="#C"/>'),
        r'an empty <rdg> \(an omission\) must say so: add type="omission" '
        r"\[apparatus/omission-typed\]",
    ),
    (
        "chain",
        'A <seg xml:id="s1" next="#s2">one</seg> <seg xml:id="s2" prev="#s9">two</seg>'
        '<seg xml:id="s9">x</seg>',
        r'@next="#s2" but that element\'s @prev is "#s9", not "#s1" \[apparatus/chain\]',
    ),
]


@pytest.mark.parametrize("rule, body, message", CASES, ids=[c[0] for c in CASES])
def test_each_apparatus_rule(tmp_path, rule, body, message):
    found = [m for m in rules(doc(tmp_path, body)) if f"[apparatus/{rule}]" in m]
    assert found, rules(doc(tmp_path, body))
    assert re.search(message, found[0]), found[0]
    assert found[0].startswith(str(tmp_path / "t.xml") + ":")


def test_the_message_points_at_the_attribute(tmp_path):
    p = doc(tmp_path, GOOD.replace('wit="#C"', 'wit="#CX"'))
    msg = [m for m in rules(p) if "wit-declared" in m][0]
    line, col = map(int, re.match(r".*?:(\d+):(\d+):", msg).groups())
    assert p.read_text().split("\n")[line - 1][col - 1 :].startswith('wit="#CX"')


def test_variant_encoding_declared(tmp_path):
    found = rules(doc(tmp_path, ve=""))
    assert any("declares no <variantEncoding>" in m for m in found)
    located = '<variantEncoding method="parallel-segmentation" location="external"/>'
    assert any('location="internal"' in m for m in rules(doc(tmp_path, ve=located)))


def test_sigla_unique_and_no_prefix(tmp_path):
    p = doc(tmp_path)
    p.write_text(p.read_text().replace('xml:id="C"', 'xml:id="AB"').replace("#C", "AB"))
    assert any('siglum "A" is a prefix of siglum "AB"' in m for m in rules(p))
    p.write_text(p.read_text().replace('xml:id="AB"', 'xml:id="AB" n="A"'))
    assert any('siglum "A" is declared twice' in m for m in rules(p))
    p.write_text(p.read_text().replace('xml:id="AB" n="A"', 'xml:id="A"'))
    assert [m for m in rules(p) if "[xml/id-unique]" in m][0].endswith(
        'error: xml:id "A" is used twice: an identifier must be unique [xml/id-unique]'
    )


def test_a_fragmentary_witness_is_not_asked_for_and_rules_can_be_switched_off(tmp_path):
    body = GOOD.replace('<rdg wit="#C">other</rdg>', '<rdg wit="#B">other</rdg>').replace(
        'wit="#A #B"', 'wit="#A"'
    )
    assert any("positive-complete" in m for m in rules(doc(tmp_path, body)))
    fragmentary = rules(doc(tmp_path, body, cana=' ana="#fragmentary"'))
    assert not any("positive-complete" in m for m in fragmentary)
    # the pointer must resolve: to a category declared in the header
    assert any('@ana "#fragmentary" points to no element' in m for m in fragmentary)
    pi = '<?teitools ignore="apparatus/positive-complete"?>\n'
    assert rules(doc(tmp_path, body, pis=pi)) == []
    assert rules(doc(tmp_path, body), ignore=("apparatus",)) == []


SAFETY = {
    "external-entity": (
        '<!DOCTYPE TEI [<!ENTITY s SYSTEM "file://{secret}">]>\n',
        "&s;",
        'external entity "s"',
    ),
    "entity-bomb": (
        '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]>\n",
        "&i;",
        "entity bomb",
    ),
}


@pytest.mark.parametrize("case", sorted(SAFETY))
def test_hostile_xml_is_refused_and_nothing_is_read_from_outside(tmp_path, case):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    dtd, body, words = SAFETY[case]
    p = tmp_path / "h.xml"
    p.write_text(
        HEAD.format(body=body, ve=VE, pis="", cana="").replace(
            "<TEI ", dtd.format(secret=secret) + "<TEI ", 1
        )
    )
    result = CliRunner().invoke(main, ["validate", str(p)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert words in result.output and "TOP-SECRET-CONTENT" not in result.output
    assert re.search(rf"{re.escape(str(p))}:\d+:", result.output)


def test_remote_doctype_and_xml_model_are_not_fetched(tmp_path):
    pis = (
        '<?xml-model href="https://example.org/none.rng" '
        'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
        '<!DOCTYPE TEI SYSTEM "http://www.tei-c.org/release/xml/tei/custom/schema/dtd/tei_all.dtd">\n'
    )
    found = rules(doc(tmp_path, pis=pis))
    assert any("not fetched" in m and "[xml/doctype-remote]" in m for m in found)
    assert any("not fetched" in m and "[xml/xml-model-remote]" in m for m in found)
    assert all(": note:" in m for m in found)


def test_a_local_xml_model_schema_is_used(tmp_path):
    rng = tmp_path / "only-p.rng"
    rng.write_text(
        '<element name="TEI" xmlns="http://relaxng.org/ns/structure/1.0" '
        'ns="http://www.tei-c.org/ns/1.0"><empty/></element>'
    )
    pis = '<?xml-model href="only-p.rng" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
    assert any(
        "(only-p.rng)" in m and "[schema/relaxng]" in m for m in rules(doc(tmp_path, pis=pis))
    )


def test_xml_1_1_truncated_missing_and_empty(tmp_path):
    p = doc(tmp_path)
    p.write_text(p.read_text().replace('version="1.0"', 'version="1.1"'))
    assert rules(p) == []
    p.write_text(p.read_text()[:900])
    assert any(re.search(r":\d+:\d+: error: .* \[xml/well-formed\]", m) for m in rules(p))
    runner = CliRunner()
    r = runner.invoke(main, ["validate", str(tmp_path / "none.xml")])
    assert r.exit_code == 2 and "no such file or folder" in r.output
    empty = tmp_path / "e.xml"
    empty.write_text("")
    r = runner.invoke(main, ["validate", str(empty)])
    assert r.exit_code == 1 and "the file is empty [io/empty]" in r.output


def test_the_editions_are_valid_against_everything(tei_all):
    report = validate([ROOT / "tei"], schemas=[str(need(TEI_ALL))])
    assert report.ok, [str(p) for p in report.errors]
    assert len(report.files) == 3


def test_a_broken_copy_of_the_report(tmp_path):
    text = (ROOT / "tei" / "secret-report.xml").read_text(encoding="utf-8")
    bad = tmp_path / "secret-report.xml"
    bad.write_text(text.replace('<rdg wit="#SD #Q">statisticians', '<rdg wit="#SDX">statisticians'))
    r = CliRunner().invoke(main, ["validate", str(bad)])
    assert r.exit_code == 1
    assert re.search(
        rf'{re.escape(str(bad))}:\d+:\d+: error: @wit "#SDX" names no witness '
        r"\(declared: SD, Q, W\) \[apparatus/wit-declared\]",
        r.output,
    )
    assert r.output.strip().endswith("1 file checked, 1 invalid, 2 errors")


def test_json_and_junit_reports(tmp_path):
    good, bad = doc(tmp_path, name="a.xml"), doc(tmp_path, GOOD.replace("#C", "#D"), name="b.xml")
    runner = CliRunner()
    r = runner.invoke(main, ["validate", "--format", "json", str(good), str(bad)])
    data = json.loads(r.stdout)
    assert r.exit_code == 1 and data["ok"] is False
    assert [f["valid"] for f in data["files"]] == [True, False]
    assert data["files"][1]["problems"][0]["rule"] == "apparatus/positive-complete" or any(
        p["rule"] == "apparatus/wit-declared" for p in data["files"][1]["problems"]
    )
    r = runner.invoke(main, ["validate", "--format", "junit", str(good), str(bad)])
    suite = etree.fromstring(r.stdout.encode()).find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    assert suite.findall("testcase")[1].find("failure").get("type").startswith("apparatus/")


def test_a_folder_in_parallel_gives_what_one_process_gives(tmp_path, monkeypatch):
    import teitools.validate

    monkeypatch.setattr(teitools.validate, "POOL_BYTES", 0)  # small files: the pool all the same
    for k in range(10):
        doc(tmp_path, GOOD if k % 3 else GOOD.replace("#C", "#Z"), name=f"d{k}.xml")
    one = validate([tmp_path], jobs=1)
    many = validate([tmp_path], jobs=2)
    assert [str(p) for p in one.problems] == [str(p) for p in many.problems]
    assert len(one.errors) == 4 * 2  # 4 bad files, each an undeclared and a missing witness


def test_progress_is_quiet_when_piped(tmp_path):
    for k in range(3):
        doc(tmp_path, name=f"d{k}.xml")
    proc = subprocess.run(
        [sys.executable, "-m", "teitools", "validate", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and proc.stderr == "" and "\r" not in proc.stdout
