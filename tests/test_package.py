"""teitools as a user installs it: the wheel built from this source, installed into a fresh
virtual environment, every command run from a folder outside the checkout, the print edition
set in the EB Garamond the package carries (the system's copy, if any, hidden from it).

The new environment gets teitools from the wheel alone; its dependencies are read from the
test's own environment (a .pth file naming its site-packages), so nothing is downloaded."""

from __future__ import annotations

import os
import shutil
import site
import sqlite3
import stat
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from teitools.cli import main

from .conftest import ROOT, assert_clean_failure

# What the wheel is built from (src/teitools/data links to xslt/ and schemas/).
SOURCES = ("pyproject.toml", "README.md", "src", "xslt", "schemas")

EDITION = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A Letter in Two Copies</title><author>A. Writer</author></titleStmt>
      <publicationStmt><publisher>The editors</publisher><date when="2024">2024</date>
      </publicationStmt>
      <sourceDesc>
        <listWit>
          <witness xml:id="A">The first copy</witness>
          <witness xml:id="B">The second copy</witness>
        </listWit>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <variantEncoding method="parallel-segmentation" location="internal"/>
    </encodingDesc>
  </teiHeader>
  <text xml:lang="en">
    <body>
      <div type="letter">
        <head>The letter</head>
        <p>We met on a <app><lem wit="#A">cold</lem><rdg wit="#B">grey</rdg></app> morning
          by the <hi rend="italic">river</hi>.</p>
        <p>Nothing more was said <app><lem wit="#A">that day</lem><rdg wit="#B"
          type="omission"/></app>.</p>
      </div>
    </body>
  </text>
</TEI>
"""

# OCR text as the built-in slavic-review profile reads it: one paragraph a line.
OCR = (
    "Question of a September 1936 Plenum of the CPSU Central Committee\n"
    "The editors print here a short exchange on the plenum of *September* 1936.\n"
    "A second paragraph follows, in one line, as the journal prints it.\n"
)

# Fontconfig as the system has it, less any EB Garamond installed there.
NO_SYSTEM_GARAMOND = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><pattern>
    <patelt name="family"><string>EB Garamond</string></patelt>
  </pattern></rejectfont></selectfont>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built as `pip wheel .` builds it, from a copy of the source (so that the
    checkout gets no build/ folder and no file left there from an older build goes in)."""
    source = tmp_path_factory.mktemp("source")
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=skip)
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    built = _run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-index"]
        + ["--no-build-isolation", "--disable-pip-version-check", "-q", "-w", str(out)]
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [whl] = out.glob("teitools-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed: its bin/ folder."""
    home = tmp_path_factory.mktemp("venv")
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(home)])
    assert made.returncode == 0, made.stderr
    bindir = home / "bin"
    python = bindir / "python"
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    deps = [p for p in dict.fromkeys([ours, *site.getsitepackages()]) if p != purelib]
    (Path(purelib) / "teitools-test-deps.pth").write_text("\n".join(deps) + "\n")
    installed = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"]
        + ["--no-index", "--disable-pip-version-check", "-q", str(wheel)]
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return bindir


@pytest.fixture(scope="module")
def user(venv, tmp_path_factory):
    """Run a teitools command as a user would: the installed script, in a folder outside the
    checkout, with nothing in the environment pointing at the source."""
    folder = tmp_path_factory.mktemp("work")
    assert not folder.resolve().is_relative_to(ROOT.resolve())
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TEITOOLS_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env["PATH"] = f"{venv}{os.pathsep}{env.get('PATH', '')}"
    env["FONTCONFIG_FILE"] = str(folder / "fonts.conf")
    (folder / "fonts.conf").write_text(NO_SYSTEM_GARAMOND.format(cache=folder / "fc-cache"))
    (folder / "edition.xml").write_text(EDITION, encoding="utf-8")
    (folder / "article.txt").write_text(OCR, encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        return _run([str(venv / "teitools"), *args], cwd=folder, env=env)

    run.folder = folder  # type: ignore[attr-defined]
    run.env = env  # type: ignore[attr-defined]
    return run


def test_the_wheel_carries_the_data(wheel):
    """Real files, not links: stylesheets, both schemas, the profiles, the fonts."""
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        links = [i.filename for i in z.infolist() if stat.S_ISLNK(i.external_attr >> 16)]
    assert links == []
    for name in (
        "teitools/data/xslt/html/edition.xsl",
        "teitools/data/xslt/print/print.xsl",
        "teitools/data/xslt/print/print.css",
        "teitools/data/xslt/print/fonts/EBGaramond08-Regular.otf",
        "teitools/data/xslt/print/fonts/EBGaramond08-Italic.otf",
        "teitools/data/xslt/print/fonts/OFL.txt",
        "teitools/data/xslt/html/assets/fonts/OFL.txt",
        "teitools/data/xslt/common/labels.xml",
        "teitools/data/schemas/teitools.xsd",
        "teitools/data/schemas/teitools.sch",
        "teitools/data/schemas/tei_all.rng",
        "teitools/ingest/profiles/slavic-review.toml",
    ):
        assert name in names, name
    shipped = {n.removeprefix("teitools/data/") for n in names if n.startswith("teitools/data/")}
    source = {
        str(p.relative_to(ROOT))
        for top in ("xslt", "schemas")
        for p in (ROOT / top).rglob("*")
        if p.is_file() and not any(s.startswith(".") for s in p.relative_to(ROOT).parts)
    }
    assert source <= shipped, sorted(source - shipped)


def test_installed_teitools_is_the_wheels(venv, user):
    code = (
        "import teitools, teitools.resources as r; "
        "print(teitools.__file__); print(r.xslt_dir()); print(r.schemas_dir()); "
        "print(r.profiles_dir()); print(r.print_fonts_dir())"
    )
    done = _run([str(venv / "python"), "-c", code], cwd=user.folder, env=user.env)
    assert done.returncode == 0, done.stderr
    home = venv.parent.resolve()
    for line in done.stdout.split():
        path = Path(line).resolve()
        assert path.is_relative_to(home) and path.exists(), line
    assert user("--version").stdout.strip() == "teitools, version 0.1.0"


def test_validate_against_the_packaged_tei_all(user):
    """Compiling tei_all takes most of this test's seconds."""
    # foreign TEI is checked against tei_all, which comes with the package
    bad = EDITION.replace("<head>The letter</head>", "<head>The letter</head><bogus/>")
    (user.folder / "bad.xml").write_text(bad, encoding="utf-8")
    done = user("validate", "edition.xml", "bad.xml")
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr
    assert "2 files checked, 1 invalid" in done.stdout, done.stdout
    errors = [ln for ln in done.stdout.splitlines() if ": error: " in ln]
    assert errors and all(ln.startswith("bad.xml:") for ln in errors), errors
    assert "bogus" in errors[0] and "tei_all" in errors[0]


def test_witness_and_apparatus(user):
    done = user("witness", "edition.xml", "--wit", "B")
    assert done.returncode == 0, done.stderr
    assert "We met on a grey morning" in " ".join(done.stdout.split())
    done = user("apparatus", "edition.xml")
    assert done.returncode == 0, done.stderr
    assert "cold] A; grey B" in done.stdout


def test_ingest_with_a_builtin_profile(user):
    done = user("ingest", "--list-profiles", "-")
    assert done.returncode == 0 and "slavic-review" in done.stdout, done.stderr
    done = user("ingest", "article.txt", "-p", "slavic-review", "-q", "-o", "draft.xml")
    assert done.returncode == 0, done.stderr
    draft = (user.folder / "draft.xml").read_text(encoding="utf-8")
    assert "http://www.tei-c.org/ns/1.0" in draft and "a short exchange on the plenum" in draft


def test_build_html_and_pdf(user):
    done = user("build", "--html", "edition.xml", "-o", "site")
    assert done.returncode == 0, done.stderr
    site_dir = user.folder / "site"
    page = (site_dir / "edition.html").read_text(encoding="utf-8")
    assert "We met on a" in page
    assert list((site_dir / "assets" / "fonts").glob("*.woff2"))

    done = user("build", "--pdf", "edition.xml", "-o", "pdf")
    assert done.returncode == 0, done.stderr
    reader = PdfReader(user.folder / "pdf" / "edition.pdf")
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "We met on a cold morning" in text
    fonts = {}
    for pdf_page in reader.pages:
        for f in (pdf_page["/Resources"].get("/Font") or {}).values():
            f = f.get_object()
            fd = f["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[str(f["/BaseFont"])] = any(k in fd for k in ("/FontFile2", "/FontFile3"))
    # every face embedded is the packaged EB Garamond, though the system's is hidden
    assert fonts and all(fonts.values()), fonts
    assert all("EB-Garamond" in name for name in fonts), sorted(fonts)


def test_the_system_garamond_is_hidden(user):
    """What makes the PDF test above mean something: fontconfig finds no EB Garamond."""
    if shutil.which("fc-list") is None:
        pytest.skip("fc-list is not installed: fontconfig's own answer cannot be read")
    listed = _run(["fc-list", ":family=EB Garamond", "file"], env=user.env)
    assert listed.returncode == 0 and listed.stdout.strip() == "", listed.stdout


def test_publish(user):
    done = user("publish", "edition.xml", "--db", "store.db")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 new" in done.stdout
    db = sqlite3.connect(user.folder / "store.db")
    try:
        records = db.execute("select doc_id, deleted from records").fetchall()
    finally:
        db.close()
    assert records == [("edition", 0)]
    assert user("serve", "--help").returncode == 0


def test_a_missing_font_is_one_line(tmp_path, monkeypatch):
    """An install that lost its font files says so, rather than setting the book in another
    face."""
    stylesheets = tmp_path / "xslt"
    shutil.copytree(ROOT / "xslt", stylesheets, ignore=shutil.ignore_patterns("fonts"))
    monkeypatch.setenv("TEITOOLS_XSLT", str(stylesheets))
    (tmp_path / "edition.xml").write_text(EDITION, encoding="utf-8")
    out = tmp_path / "pdf"
    result = CliRunner().invoke(
        main, ["build", "--pdf", str(tmp_path / "edition.xml"), "-o", str(out)]
    )
    assert_clean_failure(result, 2, "EBGaramond08-Regular.otf", "font is missing", "[pdf/font]")
    assert not out.exists() or not any(out.iterdir())
