"""The project's feature switches (teitools.toml [features]) take effect per document: the
HTML spread and print facing pages, quotation detection, the Wolfe editions' header prose and
fragmentary-witness appendix; a foreign document (no project) has every one off. And the print
apparatus of a negative apparatus (lemmas without sigla, scribes' corrections) reads as
editors print it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teitools.render.html import build_html
from teitools.render.pdf import print_html

from .conftest import need

TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'

HEADER = """<teiHeader><fileDesc>
  <titleStmt><title>{title}</title>
    <respStmt><resp>translated by</resp><name>Ann Editor</name></respStmt></titleStmt>
  <publicationStmt><p>Unpublished.</p></publicationStmt>
  <sourceDesc><bibl><title>The source</title><note>The source's own prose note.</note></bibl>
  {wits}</sourceDesc></fileDesc></teiHeader>"""

WITS = """<listWit><witness xml:id="A">Witness A</witness>
  <witness xml:id="F" ana="#fragmentary">A fragmentary witness</witness></listWit>"""

REPORT = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI {TEI}>{HEADER.format(title="The report", wits=WITS)}
<text><body><div><head>The report</head>
<pb n="1" xml:id="p1"/>
<p>First page words<app><lem wit="#A" type="omission"/><rdg wit="#F" type="addition">, added
 by the fragmentary one,</rdg></app> and more.</p>
<stage type="reaction">(Applause.)</stage>
<pb n="2" xml:id="p2"/>
<p>Second page words.</p>
</div></body></text></TEI>
"""

COMMENTARY = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI {TEI}>{HEADER.format(title="The commentary", wits="")}
<text><body><div><head>On the report</head>
<pb n="11" xml:id="c1" corresp="report.xml#p1"/>
<p>A comment facing the first page.</p>
<pb n="12" xml:id="c2" corresp="report.xml#p2"/>
<p>A comment facing the second page.</p>
</div></body></text></TEI>
"""


def edition(folder: Path, features: dict[str, bool] | None) -> Path:
    """Two facing documents in `folder`, a project with `features` (None: no project)."""
    (folder / "tei").mkdir(parents=True)
    if features is not None:
        lines = [f"{k} = {str(v).lower()}" for k, v in features.items()]
        (folder / "teitools.toml").write_text(
            'name = "Test edition"\n\n[features]\n' + "\n".join(lines) + "\n", encoding="utf-8"
        )
    (folder / "tei" / "report.xml").write_text(REPORT, encoding="utf-8")
    (folder / "tei" / "commentary.xml").write_text(COMMENTARY, encoding="utf-8")
    return folder / "tei"


ALL = ("facing-pages", "quotation-detection", "wolfe-header-prose")
ON = dict.fromkeys(ALL, True)
OFF = dict.fromkeys(ALL, False)


def site(tmp_path: Path, features: dict[str, bool] | None) -> str:
    tei = edition(tmp_path / "ed", features)
    build_html([tei / "report.xml", tei / "commentary.xml"], tmp_path / "out")
    return (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("features", [ON, OFF, None], ids=["on", "off", "foreign"])
def test_facing_pages_make_the_spread_only_where_turned_on(tmp_path, features):
    page = site(tmp_path, features)
    on = features is not None and features["facing-pages"]
    assert ('class="spread"' in page) is on
    assert ("A comment facing the first page." in page) is on
    assert ('id="show-facing"' in page) is on
    assert "First page words" in page and "Second page words." in page
    # the facing document's page breaks link to the pages they face only with the feature
    facing = (tmp_path / "out" / "commentary.html").read_text(encoding="utf-8")
    assert ('<a class="faces" href="report.html#p1"' in facing) is on


@pytest.mark.parametrize("features", [ON, OFF, None], ids=["on", "off", "foreign"])
def test_header_prose_and_additions_appendix_in_print(tmp_path, features):
    tei = edition(tmp_path / "ed", features)
    html, _ = print_html(tei / "report.xml")
    on = features is not None
    on = on and features["wolfe-header-prose"]
    assert ('id="additions"' in html) is on
    assert ("The additions of the fragmentary witness, in full" in html) is on
    assert ("The source's own prose note." in html) is on
    resp = re.search(r'<p class="resp">([^<]*)</p>', html)
    assert resp is not None
    assert resp.group(1) == ("Translated by Ann Editor." if on else "translated by: Ann Editor")
    # the footnote entry of the addition is there either way
    assert "added by the fragmentary one" in html


@pytest.mark.parametrize("features", [ON, OFF, None], ids=["on", "off", "foreign"])
def test_print_faces_only_with_facing_pages(tmp_path, features):
    tei = edition(tmp_path / "ed", features)
    html, _ = print_html(tei / "commentary.xml")
    on = features is not None and features["facing-pages"]
    assert ('class="faces"' in html) is on


def test_html_header_prose_follows_the_feature(tmp_path):
    on = site(tmp_path / "on", ON)
    off = site(tmp_path / "off", {**ON, "wolfe-header-prose": False})
    note = '<p class="header-note">The source\'s own prose note.</p>'
    assert note in on
    assert note not in off  # (the page's description meta may still say it: metadata)
    assert 'class="spread"' in off  # the other features stay as they are


def test_a_feature_change_rebuilds_the_site(tmp_path):
    tei = edition(tmp_path / "ed", ON)
    files = [tei / "report.xml", tei / "commentary.xml"]
    build_html(files, tmp_path / "out")
    assert build_html(files, tmp_path / "out").up_to_date
    toml = tmp_path / "ed" / "teitools.toml"
    toml.write_text(toml.read_text().replace("facing-pages = true", "facing-pages = false"))
    again = build_html(files, tmp_path / "out")
    assert not again.up_to_date
    assert 'class="spread"' not in (tmp_path / "out" / "report.html").read_text()


CITING = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI {TEI}>{HEADER.format(title="A letter", wits="")}
<text><body><div><head>A letter</head>
<p>He wrote “second page words”.<note xml:id="n1"><bibl corresp="#rep">Report, p. 2</bibl>
</note></p>
</div><listBibl><bibl xml:id="rep"><ref target="report.xml">The report</ref></bibl></listBibl>
</body></text></TEI>
"""


@pytest.mark.parametrize("features", [ON, OFF, None], ids=["on", "off", "foreign"])
def test_quotations_are_detected_only_where_turned_on(tmp_path, features):
    tei = edition(tmp_path / "ed", features)
    (tei / "letter.xml").write_text(CITING, encoding="utf-8")
    built = build_html([tei / "report.xml", tei / "letter.xml"], tmp_path / "out")
    on = features is not None and features["quotation-detection"]
    assert [(q.note, q.paragraph) for q in built.quotations] == ([("n1", 2)] if on else [])
    letter = (tmp_path / "out" / "letter.html").read_text(encoding="utf-8")
    assert ('class="quotation-link"' in letter) is on


SCTA = Path("/work/shared/corpora/scta-gracilis/pg-b1q24/pg-b1q24.xml")


def entries(html: str) -> list[str]:
    """The print apparatus entries, as text."""
    found = re.findall(r'<span class="entry[^"]*">(.*?)</span>\s*</span>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", e).split()) for e in found]


def test_negative_apparatus_in_print_reads_as_editors_print_it():
    html, _ = print_html(need(SCTA))
    lines = entries(html)
    assert lines, "no apparatus entries"
    assert not any("] ;" in line or "]  " in line for line in lines), lines
    assert "3 aeternale] corr. ex internale s.l. L" in lines  # where the scribe corrected
    assert "9 licet] verbum del. L" in lines  # keyed by the passage LombardPress suggests
    assert "27 ergo] add. in marg. dext. L" in lines
    assert "42 modi] modum corr. ex modi L" in lines
    # a foreign edition: no fragmentary-witness appendix, deletions are not additions
    assert 'id="additions"' not in html
    assert "The additions of the fragmentary witness" not in html


NEGATIVE = f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI {TEI}><teiHeader><fileDesc><titleStmt><title>N</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc>
<listWit><witness xml:id="L">L</witness><witness xml:id="M">M</witness></listWit>
</sourceDesc></fileDesc></teiHeader>
<text><body><p>Una <app><lem>aeternale</lem><rdg wit="#L" type="correction-substitution">
<subst><del>internale</del><add>aeternale</add></subst></rdg>
<rdg wit="#M" type="correction-overwrite">aeternale ista</rdg></app> res.</p>
</body></text></TEI>
"""


def test_an_unknown_correction_type_shows_its_value(tmp_path):
    doc = tmp_path / "n.xml"
    doc.write_text(NEGATIVE, encoding="utf-8")
    html, _ = print_html(doc)
    assert entries(html) == [
        "1 aeternale] corr. ex internale L; correction-overwrite: aeternale ista M"
    ]
