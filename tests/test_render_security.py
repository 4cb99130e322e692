"""`build --html` and `build --pdf` on hostile documents and awkward file systems: nothing is
read outside the document, nothing reaches the network, what cannot be built is said in one
line, and the previous output survives a failed build."""

from __future__ import annotations

import errno
import faulthandler
import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html
from pypdf import PdfReader

from teitools.cli import main
from teitools.errors import InvalidInput
from teitools.render import html as render_html
from teitools.render import xslt
from teitools.tei import MAX_ATTRIBUTES

from .conftest import ROOT, assert_clean_failure
from .hostile import entity_bomb, external_entity, leaks, out_of_band, remote_doctype, tei

FORMATS = ["html", "pdf"]


@pytest.fixture(autouse=True)
def no_hang():
    """Saxon blocks holding the interpreter while it waits on a socket, so the listener
    could not even record a connection: a run that hangs ends the test run, with its
    traceback, instead of hanging it."""
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def build(fmt: str, *args: str | Path):
    return CliRunner().invoke(main, ["build", f"--{fmt}", *map(os.fspath, args)])


def outputs_text(out: Path) -> list[str]:
    """What a reader sees in an output folder: the text of every PDF (compressed in the
    file), besides the files themselves (which `leaks` reads)."""
    texts = []
    for pdf in out.rglob("*.pdf") if out.is_dir() else []:
        texts.append("".join(page.extract_text() or "" for page in PdfReader(pdf).pages))
    return texts


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under a folder (hidden ones included) and a hash of its bytes."""
    return {
        os.fsdecode(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ---- hostile documents: no file read, no network -----------------------------------------


HOSTILE = {
    # a DOCTYPE is dropped before the stylesheets see the document: these build
    "out-of-band": (lambda d, s, lst: out_of_band(d, s, lst), 0),
    "remote-doctype": (lambda d, s, lst: remote_doctype(d, lst), 0),
    # an entity the safe parser does not expand is refused in one line
    "external-entity": (lambda d, s, lst: external_entity(d, s), 1),
    "entity-bomb": (lambda d, s, lst: entity_bomb(d), 1),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_document_reads_no_file_and_reaches_no_host(
    fmt: str, kind: str, tmp_path: Path, listener, secret
) -> None:
    secret_path, token = secret
    secret_path.write_text(token)  # no newline: a URL made of it would be a valid one
    make, code = HOSTILE[kind]
    doc = make(tmp_path, secret_path, listener)
    out = tmp_path / "out"
    result = build(fmt, doc, "-o", out)
    if code == 0:
        assert result.exit_code == 0, result.output
        assert any(out.iterdir())
    else:
        assert_clean_failure(result, code, doc.name)
    assert leaks(token, out, result.output, *outputs_text(out)) == []
    # the listener fixture fails the test if anything connected to it


@pytest.mark.parametrize("fmt", FORMATS)
def test_out_of_band_end_to_end(fmt: str, tmp_path: Path, listener, secret) -> None:
    """The same attack through the real command in its own process, where nothing holds the
    listener back from seeing a connection."""
    secret_path, token = secret
    secret_path.write_text(token)
    doc = out_of_band(tmp_path, secret_path, listener)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "teitools", "build", f"--{fmt}", str(doc), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert leaks(token, out, run.stdout, run.stderr, *outputs_text(out)) == []


def test_the_stylesheets_get_the_document_without_its_doctype(tmp_path, listener, secret):
    """The tree handed to Saxon is the safe parser's: the DOCTYPE (and what it would load)
    stays behind, the TEI root is whole."""
    doc = out_of_band(tmp_path, secret[0], listener)
    tree, node = xslt.load(doc)
    assert "DOCTYPE" not in str(node)
    assert str(node).lstrip().startswith("<TEI")
    assert "<title>Hostile</title>" in str(node)
    assert xslt.document_uri(doc).endswith("/oob.xml")


@pytest.mark.parametrize(
    "call",
    [
        "doc('{url}/doc.xml')",
        "document('{url}/document.xml')",
        "unparsed-text('{url}/text.txt')",
        "collection('{url}/collection')",
        "doc-available('{url}/available.xml')",
    ],
)
def test_saxon_resolves_no_network_uri(call: str, tmp_path: Path, listener) -> None:
    sheet = tmp_path / "reach.xsl"
    sheet.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        f'<xsl:template name="go"><r><xsl:value-of select="{call.format(url=listener.url)}"/>'
        "</r></xsl:template></xsl:stylesheet>",
        encoding="utf-8",
    )
    try:
        out = xslt.transform(sheet, None, {}, "go")
    except InvalidInput as e:
        assert "\n" not in str(e)
    else:
        assert out.endswith("<r>false</r>")  # doc-available() answers no, without asking


def test_saxon_imports_no_stylesheet_from_the_network(tmp_path: Path, listener) -> None:
    sheet = tmp_path / "import.xsl"
    sheet.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        f'<xsl:import href="{listener.url}/evil.xsl"/></xsl:stylesheet>',
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput, match="does not compile"):
        xslt.stylesheet(sheet)


# ---- what validate accepts, build builds ---------------------------------------------------


def deep(n: int) -> str:
    return "<p>" + "<hi>" * n + "deep-text" + "</hi>" * n + "</p>"


def many_attributes(n: int) -> str:
    attrs = " ".join(f'rend{i}="r"' for i in range(n))
    return f"<p><hi {attrs}>wide-text</hi></p>"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "body,words",
    [(deep(240), "deep-text"), (many_attributes(MAX_ATTRIBUTES), "wide-text")],
    ids=["depth-244", "attributes-at-the-limit"],
)
def test_deep_or_wide_document_builds(fmt: str, body: str, words: str, tmp_path: Path) -> None:
    """Saxon's parser refused depth over 100; the safe parser allows 255 levels, and so
    does the build; as many attributes as validate accepts build too."""
    doc = tmp_path / "big.xml"
    doc.write_text(tei(body=body), encoding="utf-8")
    out = tmp_path / "out"
    result = build(fmt, doc, "-o", out)
    assert result.exit_code == 0, result.output
    if fmt == "html":
        assert words in (out / "big.html").read_text(encoding="utf-8")
    else:
        assert words in "".join(outputs_text(out))


def test_too_deep_is_refused_in_one_line(tmp_path: Path) -> None:
    doc = tmp_path / "deeper.xml"
    doc.write_text(tei(body=deep(300)), encoding="utf-8")
    assert_clean_failure(build("html", doc, "-o", tmp_path / "out"), 1, "deeper.xml:")


@pytest.mark.parametrize("fmt", FORMATS)
def test_more_attributes_than_validate_accepts_are_refused_alike(fmt, tmp_path: Path) -> None:
    doc = tmp_path / "wide.xml"
    doc.write_text(tei(body=many_attributes(3000)), encoding="utf-8")
    result = build(fmt, doc, "-o", tmp_path / "out")
    assert_clean_failure(result, 1, "wide.xml:8:", "[xml/too-many-attributes]")


# ---- file names ---------------------------------------------------------------------------


AWKWARD = ["with space.xml", "accentué.xml", "quote'd.xml", 'double"quote.xml', "a&b #1%.xml"]


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_file_name_builds_a_site_whose_links_work(name: str, tmp_path: Path) -> None:
    doc = tmp_path / name
    doc.write_text(tei(title="Awkward"), encoding="utf-8")
    out = tmp_path / "out"
    result = build("html", doc, "-o", out)
    assert result.exit_code == 0, result.output
    page = out / f"{doc.stem}.html"
    assert "Awkward" in page.read_text(encoding="utf-8")
    index = lxml_html.parse(str(out / "index.html")).getroot()
    assert page.name in [unquote(a.get("href", "")) for a in index.iter("a")]
    links = [unquote(a.get("href", "")) for a in lxml_html.parse(str(page)).getroot().iter("a")]
    assert f"downloads/{name}" in links
    assert (out / "downloads" / name).read_bytes() == doc.read_bytes()


def test_awkward_file_name_prints(tmp_path: Path) -> None:
    doc = tmp_path / "a b'c\"&é.xml"
    doc.write_text(tei(title="Awkward print"), encoding="utf-8")
    result = build("pdf", doc, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Awkward print" in "".join(outputs_text(tmp_path / "out"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_documents_of_one_name_are_refused_naming_both(fmt: str, tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.xml").write_text(tei(title=folder), encoding="utf-8")
    a, b = tmp_path / "one" / "same.xml", tmp_path / "two" / "same.xml"
    result = build(fmt, a, b, "-o", tmp_path / "out")
    assert_clean_failure(result, 2, str(a), str(b), "[build/same-name]")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_name_that_is_not_utf8_builds(fmt: str, tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9.xml"
    with open(raw, "wb") as f:
        f.write(tei(title="Latin-1 name").encode())
    doc = Path(os.fsdecode(raw))
    out = tmp_path / "out"
    result = build(fmt, doc, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    made = os.listdir(os.fsencode(out))
    assert (b"caf\xe9.html" if fmt == "html" else b"caf\xe9.pdf") in made


def test_file_name_that_is_not_utf8_is_named_in_one_line_when_invalid(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/bad\xff.xml"
    with open(raw, "wb") as f:
        f.write(b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><unclosed></TEI>")
    result = build("html", os.fsdecode(raw), "-o", tmp_path / "out")
    assert_clean_failure(result, 1, "bad\\xff.xml:")


# ---- the file system: one line, the previous output intact ---------------------------------


@pytest.fixture
def built(tmp_path: Path):
    """A document built once into out/ (html and pdf), and a changed version of it."""
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(title="First"), encoding="utf-8")

    def make(fmt: str) -> tuple[Path, Path, dict[str, str]]:
        out = tmp_path / f"out-{fmt}"
        assert build(fmt, doc, "-o", out).exit_code == 0
        doc.write_text(tei(title="Second"), encoding="utf-8")
        return doc, out, snapshot(out)

    return make


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_under_a_file_is_one_line(fmt: str, tmp_path: Path) -> None:
    doc = tmp_path / "doc.xml"
    doc.write_text(tei(), encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "below"):
        result = build(fmt, doc, "-o", out)
        assert_clean_failure(result, 2, "a-file", "is a file, not a folder")
    assert blocker.read_text() == "not a folder"


def test_pdf_into_a_folder_that_refuses_writing(built, monkeypatch) -> None:
    doc, out, before = built("pdf")
    import teitools.files

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(teitools.files.tempfile, "mkstemp", refuse)
    result = build("pdf", doc, "-o", out)
    assert_clean_failure(result, 2, "cannot write: Permission denied")
    assert snapshot(out) == before


def test_html_on_a_full_disk_keeps_the_old_site(built, monkeypatch) -> None:
    doc, out, before = built("html")
    writes = []

    def fill_up(path: Path, text: str) -> None:
        writes.append(path)
        if len(writes) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        path.write_text(text, encoding="utf-8")

    monkeypatch.setattr(render_html, "_write", fill_up)
    result = build("html", doc, "-o", out)
    assert_clean_failure(result, 2, "cannot write: No space left on device", str(out))
    assert snapshot(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


def test_html_on_a_full_disk_while_copying_assets(built, monkeypatch) -> None:
    doc, out, before = built("html")
    import shutil

    def full(*args, **kwargs):
        raise shutil.Error([("a", "b", "[Errno 28] No space left on device")])

    monkeypatch.setattr(render_html.shutil, "copytree", full)
    result = build("html", doc, "-o", out)
    assert_clean_failure(result, 2, "cannot write", str(out))
    assert snapshot(out) == before


def test_pdf_on_a_full_disk_keeps_the_old_pdf(built, monkeypatch) -> None:
    doc, out, before = built("pdf")
    import teitools.files

    real = teitools.files.os.fdopen

    class Full:
        def __init__(self, fd, mode="r", *args, **kwargs):
            self.f = real(fd, mode, *args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(
        teitools.files.os,
        "fdopen",
        lambda fd, mode="r", *a, **k: Full(fd, mode) if mode == "wb" else real(fd, mode, *a, **k),
    )
    result = build("pdf", doc, "-o", out)
    assert_clean_failure(result, 2, "cannot write: No space left on device")
    assert snapshot(out) == before


def test_a_stylesheet_error_is_said_once_in_one_line(tmp_path: Path, capfd) -> None:
    """Saxon prints an error's stack natively on the process's stderr besides raising it;
    the user sees the error once, from teitools, not a stack of stylesheet lines."""
    from teitools.errors import InvalidInput
    from teitools.render import xslt

    sheet = tmp_path / "boom.xsl"
    sheet.write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        '<xsl:template name="go"><xsl:message terminate="yes">boom-message</xsl:message>'
        "</xsl:template></xsl:stylesheet>",
        encoding="utf-8",
    )
    capfd.readouterr()
    with pytest.raises(InvalidInput) as raised:
        xslt.transform(sheet, None, {}, "go")
    err = capfd.readouterr().err
    assert "boom-message" in str(raised.value)
    assert "boom-message" not in err and "XTMM9000" not in err, err
