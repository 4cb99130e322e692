"""Dublin Core and sets from a teiHeader: each DC element from its place in the header."""

from __future__ import annotations

from lxml import etree

from teitools.publish.dc import DC_NS, OAI_DC_NS, collection, describe, document_type, slug
from teitools.tei import parse

from .conftest import ROOT

HEADER = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">Briefe</title>
        <title type="sub">eine Auswahl</title>
        <author>Anna Autorin</author>
        <editor>Erika Editorin</editor>
        <respStmt><resp>transcribed by</resp><persName>Tom Transkript</persName></respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>Verlag X</publisher>
        <idno type="DOI">10.1234/briefe</idno>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY
          4.0</licence></availability>
        <date when="2024-05-01">May 2024</date>
      </publicationStmt>
      <seriesStmt><title>Nachlass Autorin: Schriften</title></seriesStmt>
      <sourceDesc>
        <bibl><author>Anna Autorin</author>, <title>Briefe</title>, Wien 1901<note>a
          note</note></bibl>
      </sourceDesc>
    </fileDesc>
    <profileDesc><abstract><p>Letters   to friends.</p></abstract></profileDesc>
  </teiHeader>
  <text type="letters"><body><div type="letter"><p>See <ref target="other.xml#p1">there</ref>
    and <ref target="https://example.org/x.xml">elsewhere</ref>.</p></div><div/></body></text>
</TEI>"""


def dc_of(xml: str, doc_id: str = "briefe") -> dict[str, list[str]]:
    description = describe(etree.fromstring(xml), doc_id, lambda d: f"oai:r.example.org:{d}")
    root = etree.fromstring(description.oai_dc())
    assert root.tag == f"{{{OAI_DC_NS}}}dc"
    out: dict[str, list[str]] = {}
    for el in root:
        out.setdefault(etree.QName(el).localname, []).append(el.text)
        assert el.tag.startswith(f"{{{DC_NS}}}")
    return out


def test_each_dc_element_from_its_place_in_the_header():
    assert dc_of(HEADER) == {
        "title": ["Briefe: eine Auswahl"],
        "creator": ["Anna Autorin"],
        "contributor": ["Erika Editorin [editor]", "Tom Transkript [transcribed]"],
        "publisher": ["Verlag X"],
        "date": ["2024-05-01"],
        "type": ["Text", "letters"],
        "format": ["application/tei+xml"],
        "identifier": ["oai:r.example.org:briefe", "10.1234/briefe"],
        "source": ["Anna Autorin, Briefe, Wien 1901"],
        "language": ["de"],
        "rights": ["CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"],
        "description": ["Letters to friends."],
        "relation": ["oai:r.example.org:other"],
    }


def test_sets_by_collection_and_document_type():
    root = etree.fromstring(HEADER)
    assert collection(root).spec == "collection:nachlass-autorin"
    assert document_type(root) == "letters"
    del root.find("{*}text").attrib["type"]
    # two divs in the body, no genre: the kind is the text's form
    assert document_type(root) == "prose"
    specs = [s.spec for s in describe(root, "b", str).sets]
    assert specs == ["collection", "collection:nachlass-autorin", "type", "type:prose"]


def test_slugs_are_set_spec_segments():
    assert slug("Khrushchev and Stalin’s Ghost") == "khrushchev-and-stalins-ghost"
    assert slug("Œuvres complètes, tome 1") == "oeuvres-completes-tome-1"
    assert len(slug("word " * 40)) <= 60


def test_the_editions_map_to_their_collections_and_relations():
    report = dc_of(
        etree.tostring(parse(ROOT / "tei" / "secret-report.xml")).decode(), "secret-report"
    )
    assert report["type"] == ["Text", "speech"]
    assert report["language"] == ["en"]
    assert report["description"][0].startswith("The report is printed on the even pages")
    assert "relation" not in report
    commentary = parse(ROOT / "tei" / "wolfe-commentary.xml")
    d = describe(commentary, "wolfe-commentary", lambda d: f"oai:x.org:{d}")
    assert d.dc["relation"] == ["oai:x.org:secret-report"]
    assert [s.spec for s in d.sets][1] == "collection:khrushchev-and-stalins-ghost"
