"""OAI-PMH over a real socket: every response valid against the OAI-PMH schema, every error
with its code, paging that holds while documents are published, a real harvester's harvest,
the TEI and HTML files, and the publish and serve commands."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.publish import Identity, publish
from teitools.publish.command import publish_command, serve_command
from teitools.publish.oai import Application, Protocol, from_environment
from teitools.publish.server import background
from teitools.publish.store import create
from teitools.tei import TEI_NS

from .conftest import ROOT, SHARED, assert_clean_failure, need, need_module
from .test_publish_store import edit

OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
EDITIONS = ("secret-report", "slavic-review-1967", "wolfe-commentary")
T0 = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
REPO = "editions.example.org"


def oai_id(doc_id: str) -> str:
    return f"oai:{REPO}:{doc_id}"


# -- the schema ----------------------------------------------------------------------------


class _Catalog(etree.Resolver):
    """The OASIS catalog of the shared OAI-PMH schemas (catalog.xml) as an lxml resolver:
    offline like XML_CATALOG_FILES, but per parser, so it works whatever libxml2 made of that
    variable before this module ran, and changes nothing for the other tests."""

    def __init__(self, catalog: Path):
        super().__init__()
        entries = etree.parse(str(catalog)).getroot()
        self.map = {
            e.get("systemId") or e.get("name"): str(catalog.parent / e.get("uri"))
            for e in entries
            if isinstance(e.tag, str)
        }

    def resolve(self, url, pubid, context):
        return self.resolve_filename(self.map[url], context) if url in self.map else None


@pytest.fixture(scope="module")
def oai_schema(tmp_path_factory):
    """OAI-PMH.xsd with the schemas its strict wildcards ask for: oai_dc, oai-identifier, and
    a declaration of the TEI element (its content is what `teitools validate` checked)."""
    folder = need(SHARED / "schemas" / "oai-pmh")
    tmp = tmp_path_factory.mktemp("xsd")
    (tmp / "tei-element.xsd").write_text(
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{TEI_NS}" '
        'elementFormDefault="qualified"><xs:element name="TEI"><xs:complexType><xs:sequence>'
        '<xs:any processContents="skip" namespace="##any" minOccurs="0" maxOccurs="unbounded"/>'
        '</xs:sequence><xs:anyAttribute processContents="skip"/></xs:complexType></xs:element>'
        "</xs:schema>"
    )
    wrapper = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:import namespace="http://www.openarchives.org/OAI/2.0/" '
        'schemaLocation="http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"/>'
        '<xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        'schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc.xsd"/>'
        '<xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier" '
        f'schemaLocation="{(folder / "oai-identifier.xsd").as_uri()}"/>'
        f'<xs:import namespace="{TEI_NS}" schemaLocation="tei-element.xsd"/></xs:schema>'
    )
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Catalog(folder / "catalog.xml"))
    doc = etree.fromstring(wrapper.encode(), parser, base_url=str(tmp / "wrapper.xsd"))
    return etree.XMLSchema(doc)


def check(schema, body: bytes) -> etree._Element:
    root = etree.fromstring(body)
    if not schema.validate(root):
        raise AssertionError(f"{schema.error_log}\n{body[:2000].decode()}")
    return root


# -- the stores and servers ----------------------------------------------------------------


def copy_editions(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in EDITIONS:
        shutil.copy(ROOT / "tei" / f"{name}.xml", folder / f"{name}.xml")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The three editions published (at T0), slavic-review-1967 then withdrawn (at T0+1h);
    served with pages of two records, with an HTML folder."""
    tmp = tmp_path_factory.mktemp("site")
    db = tmp / "oai.db"
    publish([copy_editions(tmp / "tei")], db, Identity(REPO), now=T0)
    publish([], db, withdraw=["slavic-review-1967"], now=T0 + timedelta(hours=1))
    html = tmp / "html"
    html.mkdir()
    (html / "index.html").write_text("<!DOCTYPE html><title>edition</title>")
    (tmp / "secret.txt").write_text("outside")
    app = Application(db, html=html, protocol=Protocol(page_size=2))
    with background(app) as url:
        yield url, db
    app.close()


def get(
    url: str,
    query: dict | str | None = None,
    data: bytes | None = None,
    method: str | None = None,
    ctype: str | None = None,
):
    """(status, headers, body) of one request; errors are answers too."""
    if query is not None:
        url += "?" + (query if isinstance(query, str) else urllib.parse.urlencode(query))
    headers = {"Content-Type": ctype} if ctype else {}
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def oai(url: str, schema, query: dict | str) -> etree._Element:
    status, headers, body = get(f"{url}/oai", query)
    assert status == 200
    assert headers["content-type"] == "text/xml; charset=utf-8"
    return check(schema, body)


def error_codes(root: etree._Element) -> list[str]:
    return [e.get("code") for e in root.iter(f"{OAI}error")]


def identifiers(root: etree._Element) -> list[str]:
    return [e.text for e in root.iter(f"{OAI}identifier")]


# -- every verb ----------------------------------------------------------------------------


def test_identify_says_who_the_repository_is_and_its_granularity(site, oai_schema):
    url, _ = site
    root = oai(url, oai_schema, {"verb": "Identify"})
    ident = root.find(f"{OAI}Identify")
    assert ident.findtext(f"{OAI}baseURL") == f"{url}/oai"
    assert ident.findtext(f"{OAI}protocolVersion") == "2.0"
    assert ident.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"
    assert ident.findtext(f"{OAI}deletedRecord") == "persistent"
    assert ident.findtext(f"{OAI}earliestDatestamp") == "2026-01-01T12:00:00Z"
    assert root.find(f"{OAI}request").attrib == {"verb": "Identify"}
    assert ident.findtext(".//{*}repositoryIdentifier") == REPO


def test_list_metadata_formats_for_the_repository_and_for_one_record(site, oai_schema):
    url, _ = site
    for query in (
        {"verb": "ListMetadataFormats"},
        {"verb": "ListMetadataFormats", "identifier": oai_id("secret-report")},
    ):
        root = oai(url, oai_schema, query)
        prefixes = [e.text for e in root.iter(f"{OAI}metadataPrefix")]
        assert sorted(prefixes) == ["oai_dc", "tei"]


def test_list_sets_by_collection_and_document_type(site, oai_schema):
    url, _ = site
    root = oai(url, oai_schema, {"verb": "ListSets"})
    specs = [e.text for e in root.iter(f"{OAI}setSpec")]
    assert specs == [
        "collection",
        "collection:khrushchev-and-stalins-ghost",
        "collection:slavic-review",
        "type",
        "type:commentary",
        "type:exchange",
        "type:speech",
    ]


def test_get_record_in_dublin_core_and_in_tei(site, oai_schema):
    url, _ = site
    query = {"verb": "GetRecord", "identifier": oai_id("wolfe-commentary")}
    root = oai(url, oai_schema, {**query, "metadataPrefix": "oai_dc"})
    dc = root.find(f".//{OAI}metadata")[0]
    assert dc.findtext(f"{DC}creator") == "Bertram D. Wolfe"
    assert dc.findtext(f"{DC}relation") == oai_id("secret-report")
    assert dc.findtext(f"{DC}language") == "en"
    root = oai(url, oai_schema, {**query, "metadataPrefix": "tei"})
    tei = root.find(f".//{OAI}metadata")[0]
    original = etree.parse(str(ROOT / "tei" / "wolfe-commentary.xml")).getroot()
    c14n = {"method": "c14n", "exclusive": True}
    assert etree.tostring(tei, **c14n) == etree.tostring(original, **c14n)


def test_a_withdrawn_record_is_kept_as_deleted(site, oai_schema):
    url, _ = site
    query = {
        "verb": "GetRecord",
        "identifier": oai_id("slavic-review-1967"),
        "metadataPrefix": "tei",
    }
    root = oai(url, oai_schema, query)
    header = root.find(f".//{OAI}header")
    assert header.get("status") == "deleted"
    assert header.findtext(f"{OAI}datestamp") == "2026-01-01T13:00:00Z"
    assert root.find(f".//{OAI}metadata") is None
    # a harvest of its set hears of the deletion
    root = oai(
        url,
        oai_schema,
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "collection:slavic-review"},
    )
    assert [h.get("status") for h in root.iter(f"{OAI}header")] == ["deleted"]
    assert get(f"{url}/tei/slavic-review-1967.xml")[0] == 410


def test_list_identifiers_and_records_page_with_resumption_tokens(site, oai_schema):
    url, _ = site
    for verb in ("ListIdentifiers", "ListRecords"):
        root = oai(url, oai_schema, {"verb": verb, "metadataPrefix": "oai_dc"})
        token = root.find(f".//{OAI}resumptionToken")
        assert (token.get("completeListSize"), token.get("cursor")) == ("3", "0")
        first = identifiers(root)
        assert len(first) == 2 and token.text
        # the request echoes only the token; the next page closes the list with an empty token
        root = oai(url, oai_schema, {"verb": verb, "resumptionToken": token.text})
        assert root.find(f"{OAI}request").attrib == {"verb": verb, "resumptionToken": token.text}
        last = root.find(f".//{OAI}resumptionToken")
        assert (last.get("completeListSize"), last.get("cursor"), last.text) == ("3", "2", None)
        # datestamp order: the two published at T0, then the one withdrawn an hour later
        assert first + identifiers(root) == [
            oai_id("secret-report"),
            oai_id("wolfe-commentary"),
            oai_id("slavic-review-1967"),
        ]


@pytest.mark.parametrize(
    "bounds, found",
    [
        ({"from": "2026-01-01", "until": "2026-01-01"}, 3),
        ({"from": "2026-01-01T12:00:01Z"}, 1),
        ({"until": "2026-01-01T12:00:00Z"}, 2),
        ({"from": "2026-01-01T12:00:00Z", "until": "2026-01-01T12:59:59Z"}, 2),
        ({"set": "collection:khrushchev-and-stalins-ghost"}, 2),
        ({"set": "type"}, 3),
    ],
)
def test_selective_harvests_by_date_and_set(site, oai_schema, bounds, found):
    url, _ = site
    root = oai(url, oai_schema, {"verb": "ListIdentifiers", "metadataPrefix": "tei", **bounds})
    token = root.find(f".//{OAI}resumptionToken")
    size = int(token.get("completeListSize")) if token is not None else len(identifiers(root))
    assert size == found


def test_post_is_answered_as_get(site, oai_schema):
    url, _ = site
    body = urllib.parse.urlencode({"verb": "ListRecords", "metadataPrefix": "oai_dc"}).encode()
    ctype = "application/x-www-form-urlencoded; charset=utf-8"
    status, _, posted = get(f"{url}/oai", data=body, ctype=ctype)
    assert status == 200
    by_get = oai(url, oai_schema, {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
    assert identifiers(check(oai_schema, posted)) == identifiers(by_get)
    status, _, _ = get(f"{url}/oai", data=b"<x/>", ctype="text/xml")
    assert status == 415


# -- every error ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, code",
    [
        ("", "badVerb"),
        ("verb=Harvest", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=tei", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01T00:00:00", "badArgument"),
        (
            "verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-02-01T00:00:00Z",
            "badArgument",
        ),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2026-02-01&until=2026-01-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai+dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=a%20b", "badArgument"),
        ("verb=GetRecord&identifier=%01&metadataPrefix=oai_dc", "badArgument"),
        ("verb=GetRecord&identifier=oai:x:%FF&metadataPrefix=oai_dc", "badArgument"),
        ("verb=GetRecord&identifier=", "badArgument"),
        ("verb=ListSets&set=type", "badArgument"),
        (
            "verb=GetRecord&identifier=oai:editions.example.org:secret-report&metadataPrefix=mods",
            "cannotDisseminateFormat",
        ),
        ("verb=ListIdentifiers&metadataPrefix=marc21", "cannotDisseminateFormat"),
        (
            "verb=GetRecord&identifier=oai:editions.example.org:nothing&metadataPrefix=oai_dc",
            "idDoesNotExist",
        ),
        (
            "verb=GetRecord&identifier=oai:elsewhere.org:secret-report&metadataPrefix=oai_dc",
            "idDoesNotExist",
        ),
        ("verb=ListMetadataFormats&identifier=secret-report", "idDoesNotExist"),
        (
            "verb=ListMetadataFormats&identifier=oai:editions.example.org:slavic-review-1967",
            "noMetadataFormats",
        ),
        ("verb=ListRecords&metadataPrefix=oai_dc&until=1999-12-31", "noRecordsMatch"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=type:poem", "noRecordsMatch"),
        ("verb=ListRecords&resumptionToken=abc", "badResumptionToken"),
        ("verb=ListRecords&resumptionToken=WzEsIm5vIl0", "badResumptionToken"),
        ("verb=ListSets&resumptionToken=abc", "badResumptionToken"),
    ],
)
def test_every_error_has_its_code_and_a_valid_response(site, oai_schema, query, code):
    url, _ = site
    root = oai(url, oai_schema, query)
    assert error_codes(root) and set(error_codes(root)) == {code}, etree.tostring(root)
    request = root.find(f"{OAI}request")
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}  # the spec: the base URL only
    else:
        assert request.get("verb")


@pytest.mark.parametrize(
    "identifier",
    [
        "oai:x.org:été",
        "urn:isbn:0-19-852663-6",
        "http://example.org/a?b=c#d",
        "/a/b",
        "a%zz",
        "a#b#c",
        "x[1]",
        "1abc:foo",
        "http://[::1]/x",
        "a b",
        "<a>",
        "%",
    ],
)
def test_any_identifier_is_answered_validly(site, oai_schema, identifier):
    """Echoed in the response, an identifier must be an anyURI: one that is not is a
    badArgument (and not echoed), one that is but is not here an idDoesNotExist."""
    url, _ = site
    root = oai(url, oai_schema, {"verb": "ListMetadataFormats", "identifier": identifier})
    assert error_codes(root) in (["idDoesNotExist"], ["badArgument"])
    if error_codes(root) == ["idDoesNotExist"]:
        assert root.find(f"{OAI}request").get("identifier") == identifier


def test_a_token_is_refused_by_another_verb_and_when_tampered_with(site, oai_schema):
    url, _ = site
    root = oai(url, oai_schema, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    token = root.find(f".//{OAI}resumptionToken").text
    root = oai(url, oai_schema, {"verb": "ListRecords", "resumptionToken": token})
    assert error_codes(root) == ["badResumptionToken"]
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    root = oai(url, oai_schema, {"verb": "ListIdentifiers", "resumptionToken": tampered})
    assert error_codes(root) == ["badResumptionToken"]


def test_an_empty_repository_has_no_sets(tmp_path, oai_schema):
    db = tmp_path / "empty.db"
    create(str(db), Identity(REPO), now=T0)
    app = Application(db)
    with background(app) as url:
        root = oai(url, oai_schema, {"verb": "ListSets"})
        assert error_codes(root) == ["noSetHierarchy"]
        root = oai(
            url, oai_schema, {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "type"}
        )
        assert error_codes(root) == ["noSetHierarchy"]
        root = oai(url, oai_schema, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
        assert error_codes(root) == ["noRecordsMatch"]
        root = oai(url, oai_schema, {"verb": "Identify"})
        assert root.findtext(f".//{OAI}earliestDatestamp") == "2026-01-01T12:00:00Z"
    app.close()


def test_concurrent_harvesters_each_get_valid_answers(site, oai_schema):
    url, _ = site
    queries = [
        {"verb": "ListRecords", "metadataPrefix": "tei"},
        {"verb": "GetRecord", "identifier": oai_id("secret-report"), "metadataPrefix": "oai_dc"},
        {"verb": "ListSets"},
        {"verb": "Identify"},
    ] * 10
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda q: get(f"{url}/oai", q), queries))
    for (status, _, body), query in zip(answers, queries, strict=True):
        assert status == 200
        root = check(oai_schema, body)
        assert not error_codes(root) and root.find(f"{OAI}{query['verb']}") is not None


# -- paging while publishing ---------------------------------------------------------------


def test_a_harvest_holds_while_documents_are_published(tmp_path, oai_schema):
    """Between two pages, a record already sent changes and a new one comes: the list goes
    on from its snapshot (no record twice, none new, the same size); the next incremental
    harvest from the first responseDate brings both."""
    folder = copy_editions(tmp_path / "tei")
    db = tmp_path / "oai.db"
    publish(
        [folder / "secret-report.xml", folder / "wolfe-commentary.xml"], db, Identity(REPO), now=T0
    )
    app = Application(db, protocol=Protocol(page_size=1))
    with background(app) as url:
        first = oai(url, oai_schema, {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
        started = first.findtext(f"{OAI}responseDate")
        token = first.find(f".//{OAI}resumptionToken")
        assert identifiers(first) == [oai_id("secret-report")]
        report = folder / "secret-report.xml"
        edit(report, "teitools</publisher>", "editors</publisher>")
        later = datetime.now(UTC) + timedelta(seconds=1)
        changes = publish([report, folder / "slavic-review-1967.xml"], db, now=later).changes
        assert (changes.updated, changes.added) == (["secret-report"], ["slavic-review-1967"])
        rest = oai(url, oai_schema, {"verb": "ListIdentifiers", "resumptionToken": token.text})
        assert identifiers(rest) == [oai_id("wolfe-commentary")]
        closing = rest.find(f".//{OAI}resumptionToken")
        assert (closing.get("completeListSize"), closing.get("cursor"), closing.text) == (
            "2",
            "1",
            None,
        )
        news = oai(
            url,
            oai_schema,
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": started},
        )
        token = news.find(f".//{OAI}resumptionToken")
        assert token.get("completeListSize") == "2"
        more = oai(url, oai_schema, {"verb": "ListIdentifiers", "resumptionToken": token.text})
        assert sorted(identifiers(news) + identifiers(more)) == [
            oai_id("secret-report"),
            oai_id("slavic-review-1967"),
        ]
    app.close()


# -- a real harvester ----------------------------------------------------------------------


def _scythe():
    scythe = need_module("oaipmh_scythe")
    config, iterator = need_module("oaipmh_scythe.config"), need_module("oaipmh_scythe.iterator")
    return scythe.Scythe, config.HTTPConfig, iterator.OAIResponseIterator


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_harvester_gets_every_record_through_resumption(site, method):
    Scythe, HTTPConfig, OAIResponseIterator = _scythe()
    url, _ = site
    config = HTTPConfig(http_method=method, timeout=10)
    with Scythe(f"{url}/oai", http_config=config) as scythe:
        assert scythe.identify().repositoryName == "teitools editions"
        records = list(scythe.list_records(metadata_prefix="oai_dc"))
        assert sorted(r.header.identifier for r in records) == sorted(map(oai_id, EDITIONS))
        live = {r.header.identifier: r.metadata for r in records if not r.deleted}
        assert live[oai_id("secret-report")]["creator"] == ["Nikita Sergeyevich Khrushchev"]
        assert [r.header.identifier for r in records if r.deleted] == [oai_id("slavic-review-1967")]
        tei = list(scythe.list_records(metadata_prefix="tei", ignore_deleted=True))
        assert sorted(r.header.identifier for r in tei) == [
            oai_id("secret-report"),
            oai_id("wolfe-commentary"),
        ]
        assert sorted(s.setSpec for s in scythe.list_sets())[:2] == [
            "collection",
            "collection:khrushchev-and-stalins-ghost",
        ]
    with Scythe(f"{url}/oai", http_config=config, iterator=OAIResponseIterator) as scythe:
        pages = list(scythe.list_identifiers(metadata_prefix="oai_dc"))
        assert len(pages) == 2  # three records in pages of two: the token was followed


# -- the files -----------------------------------------------------------------------------


def test_the_tei_files_and_the_html_edition_are_served(site):
    url, _ = site
    status, headers, body = get(f"{url}/tei/secret-report.xml")
    assert status == 200 and headers["content-type"].startswith("application/tei+xml")
    assert body == (ROOT / "tei" / "secret-report.xml").read_bytes()
    assert get(f"{url}/tei/nothing.xml")[0] == 404
    status, headers, body = get(f"{url}/")
    assert status == 200 and b"<title>edition</title>" in body
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert get(f"{url}/index.html")[2] == body
    assert get(f"{url}/missing.html")[0] == 404
    assert get(f"{url}/%2e%2e/secret.txt")[0] == 404
    assert get(f"{url}/oai", data=b"", method="PUT")[0] == 405
    assert get(f"{url}/index.html", method="DELETE")[0] == 405
    status, headers, body = get(f"{url}/tei/secret-report.xml", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 100_000


# -- the commands --------------------------------------------------------------------------


def run(command, *args):
    return CliRunner().invoke(command, [str(a) for a in args])


def test_help_says_what_and_gives_an_example():
    for command in (publish_command, serve_command):
        out = run(command, "--help").output
        assert "Example" in out and "--db" in out


def test_publish_reports_what_it_did(tmp_path):
    folder = copy_editions(tmp_path / "tei")
    db = tmp_path / "oai.db"
    result = run(publish_command, folder, "--db", db, "--repository-id", REPO)
    assert result.exit_code == 0, result.output
    assert f"new        {oai_id('secret-report')}" in result.output
    assert "3 new, 0 updated, 0 unchanged, 0 withdrawn" in result.output
    result = run(publish_command, "--db", db, "--withdraw", oai_id("secret-report"))
    assert result.exit_code == 0, result.output
    assert "0 new, 0 updated, 0 unchanged, 1 withdrawn" in result.output


def test_bad_input_is_one_line_and_nothing_is_written(tmp_path):
    db = tmp_path / "oai.db"
    assert_clean_failure(
        run(publish_command, tmp_path / "none.xml", "--db", db), 2, "none.xml", "no such file"
    )
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <teiHeader>\n</TEI>\n')
    result = run(publish_command, bad, "--db", db)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(rf"{re.escape(str(bad))}:3:\d+: error: .*\[xml/well-formed\]", result.output)
    assert "1 of 1 document invalid: nothing was published" in result.output
    copy_editions(tmp_path / "tei")
    result = run(publish_command, tmp_path / "tei", "--db", db, "--repository-id", "no_dots")
    assert_clean_failure(result, 2, "not a domain name")
    assert_clean_failure(
        run(publish_command, "--db", db, "--withdraw", "x"), 2, "no such record store"
    )
    assert not db.exists() and not list(tmp_path.glob(".oai.db*"))
    db.write_text("not a database")
    assert_clean_failure(
        run(publish_command, tmp_path / "tei", "--db", db), 2, "not a teitools record store"
    )
    assert_clean_failure(run(serve_command, "--db", db), 2, "not a teitools record store")
    assert_clean_failure(
        run(serve_command, "--db", tmp_path / "none.db"), 2, "no such record store"
    )


def test_serve_end_to_end_as_a_subprocess(site, tmp_path):
    _, db = site
    code = "from teitools.publish.command import serve_command; serve_command()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--db", str(db), "--port", "0", "--no-access-log"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/oai", line)
        assert found, line
        deadline = time.monotonic() + 10
        while True:
            try:
                status, _, body = get(f"{found.group(1)}/oai", {"verb": "Identify"})
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert status == 200 and b"<Identify>" in body
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
        proc.stderr.close()
    assert proc.returncode == 0


def test_a_taken_port_is_one_line(site):
    _, db = site
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(serve_command, "--db", db, "--port", port)
    assert_clean_failure(result, 2, f"127.0.0.1:{port}: error: cannot listen")


def test_under_another_server_the_environment_names_the_store(site, oai_schema, monkeypatch):
    _, db = site
    monkeypatch.setenv("TEITOOLS_DB", str(db))
    monkeypatch.setenv("TEITOOLS_BASE_URL", "https://oai.example.org/oai")
    app = from_environment()
    with background(app) as url:
        root = oai(url, oai_schema, {"verb": "Identify"})
        assert root.findtext(f".//{OAI}baseURL") == "https://oai.example.org/oai"
        assert get(f"{url}/")[2].startswith(b"<!DOCTYPE html>")  # no HTML folder: an index
    app.close()
