"""The apparatus as editors encode it: hands of a manuscript, conjectures, lacunae and
fragments, readings in sequence, printed editions as witnesses; and one model for every
output, so that witness texts, HTML witness pages and the apparatus cannot disagree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lhtml

from teitools.cli import main
from teitools.render import xslt
from teitools.render.html import base_witness
from teitools.tei import parse
from teitools.witnesses import Apparatus, T, entries, prepare, unattached

from .conftest import FIXTURES, ROOT, SHARED, assert_clean_failure

MODEL = FIXTURES / "apparatus"
runner = CliRunner()


def texts(name: str) -> dict[str, list[str]]:
    """Each witness's text, block by block, as the `witness` command gives it."""
    path = MODEL / name
    appar = prepare(parse(path), str(path), str(path))
    out = {}
    for s in appar.witnesses:
        r = runner.invoke(main, ["witness", str(path), "--wit", s])
        assert r.exit_code == 0, r.output
        out[s] = r.stdout.strip().split("\n\n")
    return out


# --- hands --------------------------------------------------------------------------------


def test_a_hand_not_named_reads_as_its_manuscript_and_never_the_reverse():
    t = texts("model-hands.xml")
    # only the margin is named: M keeps its own text; the margin hand has its reading
    assert t["M"][0] == "In principio erat verbum." and t["Mmr"][0] == "In initio erat verbum."
    # the first hand is named against M: M and its corrector read the lemma
    assert t["Mac"][1] == "Et verbum est apud deum."
    assert t["M"][1] == t["Mc"][1] == "Et verbum erat apud deum."
    # a negative entry naming the corrector only
    assert t["Mc"][2] == "Et lumen lucet." and t["M"][2] == t["Mac"][2] == "Et lux lucet."
    # M named: its hands follow it, unless one is named itself
    assert t["M"][3] == t["Mac"][3] == t["Mmr"][3] == "In tenebra lucet."
    assert t["Mc"][3] == "In umbris lucet." and t["P"][3] == "In tenebris lucet."


def test_hands_are_declared_as_hands_of_their_manuscript():
    appar = Apparatus(parse(MODEL / "model-hands.xml"))
    w = appar.witnesses
    assert [(s, w[s].kind, w[s].parent) for s in ("M", "Mac", "Mc", "Mmr", "P")] == [
        ("M", "witness", None), ("Mac", "hand", "M"), ("Mc", "hand", "M"),
        ("Mmr", "hand", "M"), ("P", "witness", None),
    ]  # fmt: skip
    first = next(appar.root.iter(T + "app"))
    lem, margin = appar.readings(first)
    # as the apparatus prints it: the lemma is M's and P's (its hands read with it, silently)
    assert appar.witnesses_of(margin, first) == {"Mmr"}
    assert {"M", "P"} <= appar.witnesses_of(lem, first)
    assert "Mmr" not in appar.witnesses_of(lem, first)


# --- conjectures --------------------------------------------------------------------------


def test_a_conjecture_is_nobodys_reading():
    t = texts("model-conjecture.xml")
    assert t["A"] == ["Una vere lectio.", "Altera alpha lectio.", "Tertia gama lectio."]
    assert t["B"] == ["Una vere lectio.", "Altera beta lectio.", "Tertia gama lectio."]
    appar = prepare(parse(MODEL / "model-conjecture.xml"))
    items = entries(appar)
    lemma = items[0].readings[0]
    assert lemma.lemma and lemma.sigla == [] and lemma.conjecture
    assert items[1].readings[1].conjecture and items[1].readings[1].sigla == []
    assert items[1].readings[0].sigla == ["A"]  # the negative lemma: not B, not the conjecture
    assert items[2].readings[0].conjecture  # typed as a conjecture, with @resp


def test_the_apparatus_lists_the_conjecturer_not_the_witnesses():
    r = runner.invoke(main, ["apparatus", str(MODEL / "model-conjecture.xml")])
    assert r.exit_code == 0, r.output
    first = next(line for line in r.stdout.splitlines() if "vera" in line)
    assert "Bentley" in first
    assert not re.search(r"vera\] +A", first)


# --- lacunae and fragments ----------------------------------------------------------------


def test_a_witness_text_shows_its_lacuna_and_where_a_fragment_begins_and_ends():
    t = texts("model-lacunae.xml")
    assert t["A"] == ["One two three four.", "Five six seven eight.", "Nine ten.", "Eleven twelve."]
    assert t["B"] == ["One two […]", "ten.", "Eleven twelve."]  # no text in its lacuna
    assert t["C"] == ["One two three four.", "Five six seven eight.", "Nine ten.", "[…]"]
    assert t["D"] == ["seven eight.", "Nine ten.", "Eleven twelve."]  # D begins late


def test_an_entry_that_only_carries_a_lacuna_mark_is_no_fault():
    appar = prepare(parse(MODEL / "model-lacunae.xml"))
    app = appar.root.xpath("//*[@xml:id='end-B']")[0]
    res = appar.resolution(app)
    assert res.unaccounted == set() and res.reading["A"] is None
    assert appar.absent_at(app) == {"B"}


def test_the_html_witness_pages_say_where_a_witness_breaks_off_and_resumes(tmp_path):
    out = tmp_path / "site"
    r = runner.invoke(main, ["build", "--html", "-o", str(out), str(MODEL / "model-lacunae.xml")])
    assert r.exit_code == 0, r.output

    def main_text(page: str) -> str:
        doc = lhtml.parse(str(out / page))
        body = doc.xpath("//main//*[contains(@class, 'text')]")[0]
        return " ".join(body.text_content().split())

    b = main_text("model-lacunae.B.html")
    assert "lacuna in B" in b and "B resumes" in b
    assert "three four" not in b and "Five six" not in b and "Eleven twelve" in b
    c = main_text("model-lacunae.C.html")
    assert "C breaks off" in c and "Eleven" not in c and "Nine" in c
    d = main_text("model-lacunae.D.html")
    assert "D begins" in d and "One two" not in d and "eight" in d
    edition = main_text("model-lacunae.html")
    assert "three four" in edition and "Eleven twelve" in edition


# --- readings in sequence, editions as witnesses ------------------------------------------


def test_varseq_orders_a_witness_readings_and_a_bibl_is_a_witness():
    t = texts("model-varseq.xml")
    assert t["B"][0] == "Qui scripsit librum."  # varSeq 2, its final state, though listed first
    assert t["ed1499"][0] == "Qui scribsit librum."
    appar = Apparatus(parse(MODEL / "model-varseq.xml"))
    assert appar.witnesses["ed1499"].kind == "edition"
    assert "Editio princeps" in appar.witnesses["ed1499"].label


# --- witness --format tei -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["model-hands.xml", "model-lacunae.xml", "model-varseq.xml"])
def test_a_derived_witness_is_valid_tei(tmp_path, tei_all, name):
    path = MODEL / name
    assert tei_all(parse(path), name) == []
    for s in Apparatus(parse(path)).witnesses:
        out = tmp_path / f"{s}.xml"
        r = runner.invoke(
            main, ["witness", str(path), "--wit", s, "--format", "tei", "-o", str(out)]
        )
        assert r.exit_code == 0, r.output
        derived = parse(out)
        assert tei_all(derived, str(out)) == [], s
        assert "urn:teitools" not in out.read_text(encoding="utf-8")


def test_a_derived_witness_of_a_prose_source_description_is_valid(tmp_path, tei_all):
    """A sourceDesc of one paragraph takes a paragraph, never a typed one nor a <bibl>."""
    src = tmp_path / "prose.xml"
    src.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>P'
        "</title></titleStmt><publicationStmt><p>Test</p></publicationStmt><sourceDesc>"
        "<p>Collated by the editors.</p></sourceDesc></fileDesc></teiHeader><text><body>"
        '<p>A <app><lem wit="A">x</lem><rdg wit="B">y</rdg></app>.</p></body></text></TEI>',
        encoding="utf-8",
    )
    assert tei_all(parse(src), "prose") == []
    r = runner.invoke(main, ["witness", str(src), "--wit", "B", "--format", "tei"])
    assert r.exit_code == 0, r.output
    derived = etree.fromstring(r.stdout_bytes)
    assert tei_all(etree.ElementTree(derived), "prose") == []
    added = derived.find(f".//{T}sourceDesc/{T}p[2]")
    assert added is not None and "witness B" in "".join(added.itertext())


# --- one model: every output reads the same decisions --------------------------------------


def _corpora_apparatus_files() -> list[Path]:
    files = []
    for folder in ("scta-gracilis", "tei-stylesheets-tests"):
        base = SHARED / "corpora" / folder
        files += sorted(p for p in base.rglob("*.xml") if b"<app" in p.read_bytes())
    return files


def _chosen(appar: Apparatus, siglum: str) -> list[int]:
    """For each entry in order, which of its readings (1-based) the model gives a witness."""
    out = []
    for app in appar.root.iter(T + "app"):
        if unattached(app):  # reported, and nobody's text: the page shows no reading
            out.append(0)
            continue
        r = appar.resolution(app).reading.get(siglum)
        out.append(appar.readings(app).index(r) + 1 if r is not None else 0)
    return out


ENTRY_SIGLA = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:t="urn:teitools" xpath-default-namespace="http://www.tei-c.org/ns/1.0">
  <xsl:import href="{common}"/>
  <xsl:output method="text"/>
  <xsl:mode use-accumulators="#all"/>
  <xsl:template match="/">
    <xsl:value-of select="//text//app[not(@from or @to or @loc)] ! (let $e := t:entry(.)
      return string-join((string($e?page), string($e?paragraph),
        $e?readings ! string-join(?sigla, ' ')), '|'))" separator="&#10;"/>
  </xsl:template>
</xsl:stylesheet>"""


@pytest.fixture(scope="module")
def every_apparatus(tmp_path_factory) -> tuple[Path, dict[Path, str]]:
    """Every apparatus file of the corpora, the fixtures and the Secret Report, in one folder
    (their names made distinct: several are called alike)."""
    own = [f for f in sorted(MODEL.glob("*.xml")) if b"attach-base.xml" not in f.read_bytes()]
    files = [*_corpora_apparatus_files(), *own, ROOT / "tei" / "secret-report.xml"]
    assert len(files) > 70
    src = tmp_path_factory.mktemp("every-apparatus")
    names = {}
    for k, f in enumerate(files):
        names[f] = f"{k:03d}-{f.stem}"
        (src / f"{names[f]}.xml").write_bytes(f.read_bytes())
    return src, names


def test_every_apparatus_file_gives_every_witness_and_its_apparatus(every_apparatus):
    src, names = every_apparatus
    for f, name in names.items():
        path = src / f"{name}.xml"
        r = runner.invoke(main, ["apparatus", str(path)])
        assert r.exit_code == 0, (f, r.output[-500:])
        for s in Apparatus(parse(path)).witnesses:
            for fmt in ("text", "tei"):
                r = runner.invoke(main, ["witness", str(path), "--wit", s, "--format", fmt])
                assert r.exit_code == 0, (f, s, fmt, r.output[-500:])


def test_every_apparatus_file_is_printed(every_apparatus, tmp_path):
    src, names = every_apparatus
    out = tmp_path / "pdf"
    r = runner.invoke(main, ["build", "--pdf", "-o", str(out), str(src)])
    assert r.exit_code == 0, r.output[-2000:]
    from pypdf import PdfReader

    for name in names.values():
        pdf = out / f"{name}.pdf"
        assert len(PdfReader(pdf).pages) >= 1, name


def test_witness_texts_html_pages_and_the_printed_apparatus_agree(every_apparatus, tmp_path):
    """Over every apparatus file of the corpora and the fixtures: the reading each witness
    page shows is the model's, and the sigla the apparatus prints are the model's."""
    src, names = every_apparatus
    files = list(names)
    site = tmp_path / "site"
    r = runner.invoke(main, ["build", "--html", "-o", str(site), str(src)])
    assert r.exit_code == 0, r.output[-2000:]
    sheet = tmp_path / "entry-sigla.xsl"
    sheet.write_text(ENTRY_SIGLA.format(common=(ROOT / "xslt/tei/tei.xsl").as_uri()))
    checked = 0
    for f in files:
        path = src / f"{names[f]}.xml"
        appar = prepare(parse(path), str(path))
        python_sigla = [  # where each entry stands, and who reads each of its readings
            "|".join(
                [e.page or "", str(e.paragraph or ""), *(" ".join(r.sigla) for r in e.readings)]
            )
            for e in entries(appar)
        ]
        _, node = xslt.load(path)
        assert xslt.transform(sheet, node).split("\n") == python_sigla or (not python_sigla), f
        base = base_witness(appar) if appar.leaves() else ""
        for s in appar.leaves():
            page = site / (f"{names[f]}.html" if s == base else f"{names[f]}.{s}.html")
            shown = [
                int(el.get("data-reading"))
                for el in lhtml.parse(str(page)).xpath(
                    "//main//span[contains(concat(' ', @class, ' '), ' app ')]/*[@data-reading]"
                )
            ]
            assert shown == _chosen(appar, s), (f, s)
            checked += 1
    assert checked >= len(files)  # every witness of every file


def test_pdfs_are_set_in_parallel_and_a_failure_is_one_line(tmp_path):
    """Several PDFs are set by a pool of processes; a document that fails stops the build with
    its own one-line error, as it would alone."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.xml").write_bytes((MODEL / "model-hands.xml").read_bytes())
    (tmp_path / "c.xml").write_text("<notei>x</notei>", encoding="utf-8")
    out = tmp_path / "pdf"
    r = runner.invoke(main, ["build", "--pdf", "-o", str(out), str(tmp_path)])
    assert_clean_failure(r, 1, f"{tmp_path / 'c.xml'}:1:", "[tei/root]")
    assert sorted(p.name for p in out.glob("*.pdf")) == ["a.pdf", "b.pdf"]


def test_a_first_pdf_build_that_sets_nothing_leaves_no_folder(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text>", encoding="utf-8")
    out = tmp_path / "pdf"
    r = runner.invoke(main, ["build", "--pdf", "-o", str(out), str(bad)])
    assert_clean_failure(r, 1, f"{bad}:", "[xml/well-formed]")
    assert not out.exists()
