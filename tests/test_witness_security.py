"""teitools witness and apparatus on hostile input: what is not TEI, entities left unresolved,
DOCTYPEs, witness groups that contain themselves, bad bytes and bad file names."""

from __future__ import annotations

import os
import time
from pathlib import Path

from click.testing import CliRunner

from teitools.cli import main

from .conftest import assert_clean_failure
from .hostile import external_entity, leaks, out_of_band, remote_doctype, tei

WITNESSES = """<listWit>
  <witness xml:id="A">Codex A</witness>
  <witness xml:id="B">Codex B</witness>
</listWit>"""
APP = '<p>one <app><lem wit="#A">two</lem><rdg wit="#B">deux</rdg></app> three</p>'


def edition(body: str = APP, prolog: str = "", sources: str = WITNESSES) -> str:
    return tei(body=body, prolog=prolog).replace("<p>Made by the test.</p>", sources)


def write(folder: Path, text: str, name: str = "doc.xml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def witness(*args: str):
    return CliRunner().invoke(main, ["witness", *args])


def apparatus(*args: str):
    return CliRunner().invoke(main, ["apparatus", *args])


def test_plain_witness_still_works(tmp_path):
    doc = write(tmp_path, edition())
    result = witness(str(doc), "--wit", "B")
    assert result.exit_code == 0, result.output
    assert "one deux three" in result.output


def test_apparatus_refuses_a_document_that_is_not_tei(tmp_path):
    doc = write(tmp_path, '<?xml version="1.0"?>\n<book><p>Text.</p></book>\n')
    assert_clean_failure(
        apparatus(str(doc)), 1, f"{doc}:2:", "not a TEI document: its root is <book>", "[tei/root]"
    )
    assert_clean_failure(witness(str(doc), "--wit", "A"), 1, "<book>", "[tei/root]")


def test_witness_refuses_an_unresolved_entity(tmp_path):
    doc = write(
        tmp_path,
        edition(
            body='<p>one <app><lem wit="#A">&two;</lem><rdg wit="#B">deux</rdg></app></p>',
            prolog='<!DOCTYPE TEI [<!ENTITY two "two">]>\n',
        ),
    )
    for result in (witness(str(doc), "--wit", "A"), apparatus(str(doc))):
        assert_clean_failure(result, 1, str(doc), "&two;", "[xml/entity-reference]")


def test_witness_refuses_an_external_entity_and_leaks_nothing(tmp_path, secret):
    path, token = secret
    doc = external_entity(tmp_path, path)
    out = tmp_path / "w.xml"
    result = witness(str(doc), "--wit", "A", "-f", "tei", "-o", str(out))
    assert_clean_failure(result, 1, str(doc), "[xml/external-entity]")
    assert not out.exists()
    assert not leaks(token, result.output)


def test_witness_tei_never_copies_the_doctype(tmp_path, listener):
    doc = write(tmp_path, edition(prolog="<!DOCTYPE TEI [<!ELEMENT TEI ANY>]>\n"))
    result = witness(str(doc), "--wit", "B", "-f", "tei")
    assert result.exit_code == 0, result.output
    assert "<!DOCTYPE" not in result.output and "<!ELEMENT" not in result.output
    assert "deux" in result.output
    remote = remote_doctype(tmp_path, listener)
    result = witness(str(remote), "--wit", "x", "-f", "tei")  # no witnesses declared
    assert "<!DOCTYPE" not in result.output


def test_witness_tei_keeps_the_processing_instructions_in_order(tmp_path):
    pis = '<?xml-model href="a.rng"?>\n<!-- made by hand -->\n'
    doc = write(tmp_path, edition(prolog="<!DOCTYPE TEI>\n" + pis))
    result = witness(str(doc), "--wit", "A", "-f", "tei")
    assert result.exit_code == 0, result.output
    assert "<!DOCTYPE" not in result.output
    assert result.output.index("xml-model") < result.output.index("made by hand")
    assert result.output.index("made by hand") < result.output.index("<TEI")


def test_out_of_band_dtd_is_never_read_by_witness(tmp_path, secret, listener):
    path, token = secret
    doc = out_of_band(tmp_path, path, listener)
    result = witness(str(doc), "--wit", "x", "-f", "tei")
    assert not leaks(token, result.output)
    assert "<!DOCTYPE" not in result.output


def test_invalid_utf8_is_refused_alike_by_witness_and_validate(tmp_path):
    doc = tmp_path / "latin1.xml"
    doc.write_bytes(edition(body="<p>caf\u00e9</p>").encode("latin-1"))
    result = witness(str(doc), "--wit", "A")
    assert_clean_failure(result, 1, "[xml/well-formed]")
    line = result.output.strip()
    assert line.startswith(f"{doc}:11:"), line
    checked = CliRunner().invoke(main, ["validate", "--no-project", str(doc)])
    assert checked.exit_code == 1
    assert line in checked.output.splitlines()
    assert_clean_failure(apparatus(str(doc)), 1, line)


CYCLE = """<listWit>
  <witness n="G">A witness named as the group</witness>
  <witness xml:id="A">A</witness>
  <listWit xml:id="G"><head>Group</head><witness n="G">again</witness></listWit>
</listWit>"""


def test_witness_group_cycle_is_refused_at_its_line(tmp_path):
    body = '<p><app><lem wit="#A">x</lem><rdg wit="#G">y</rdg></app></p>'
    doc = write(tmp_path, edition(body=body, sources=CYCLE))
    for result in (witness(str(doc), "--wit", "A"), apparatus(str(doc))):
        assert_clean_failure(
            result, 1, f"{doc}:9:", 'group "G" contains itself (G → G)', "[witness/group-cycle]"
        )


def test_group_cycles_of_any_length_are_found():
    from teitools.witnesses import Witness, group_cycle

    groups = {
        "A": Witness("A", "A"),
        "G1": Witness("G1", "", ["A", "G2"]),
        "G2": Witness("G2", "", ["G3"]),
        "G3": Witness("G3", "", ["G1"]),
    }
    assert group_cycle(groups) == ["G1", "G2", "G3", "G1"]
    groups["G3"].members = ["A"]
    assert group_cycle(groups) is None


def test_a_long_chain_of_groups_does_not_overflow(tmp_path):
    """Groups that each hold a witness named as the next group: deep, but no circle."""
    n = 3000
    groups = "".join(
        f'<listWit xml:id="G{i}"><witness n="G{i + 1}">w</witness></listWit>' for i in range(n)
    )
    sources = f'<listWit><witness xml:id="A">A</witness>{groups}</listWit>'
    body = '<p><app><lem wit="#A">x</lem><rdg wit="#G0">y</rdg></app></p>'
    doc = write(tmp_path, edition(body=body, sources=sources))
    start = time.monotonic()
    result = witness(str(doc), "--wit", "G0")
    assert time.monotonic() - start < 5
    assert result.exit_code == 0, result.output[-500:]
    assert result.output.strip() == "y"


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    start = time.monotonic()
    assert_clean_failure(witness(str(fifo), "--wit", "A"), 2, "not a regular file")
    assert_clean_failure(apparatus(str(fifo)), 2, "not a regular file")
    assert time.monotonic() - start < 5


def test_file_names_that_are_not_utf8(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.xml"
    with open(raw, "wb") as f:
        f.write(edition().encode())
    name = os.fsdecode(raw)
    result = witness(name, "--wit", "B")
    assert result.exit_code == 0 and "one deux three" in result.output
    result = apparatus(name)
    assert result.exit_code == 0 and "caf\\xe9.xml" in result.output, result.output
    with open(raw, "wb") as f:
        f.write(b"<TEI")
    for result in (witness(name, "--wit", "B"), apparatus(name)):
        assert_clean_failure(result, 1, "caf\\xe9.xml:1:", "[xml/well-formed]")
    gone = os.fsdecode(os.fsencode(tmp_path) + b"/gone\xe9.xml")
    for result in (witness(gone, "--wit", "B"), apparatus(gone)):
        assert_clean_failure(result, 2, "gone\\xe9.xml", "[io/missing]")
