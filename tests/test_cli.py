"""The teitools command: help, and bad input met with one clear line and nothing written."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from teitools import __version__
from teitools.cli import main

from .conftest import FIXTURES, SLAVIC, assert_clean_failure, need


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_version_and_help_say_what_each_command_does_with_an_example():
    assert run("--version").output.strip() == f"teitools, version {__version__}"
    for cmd in ([], ["ingest"], ["validate"]):
        out = run(*cmd, "--help").output
        assert "Example" in out
    assert "wolfe-report" in run("ingest", "--list-profiles", "-").output


@pytest.mark.parametrize(
    "content, words",
    [
        (None, ["no such file"]),
        (b"", ["the file is empty"]),
        (b"  \n\n", ["the file is empty"]),
        (b"text\x00\x01binary", ["binary file"]),
        (b"caf\xe9 au lait\n", [":1:4:", "not UTF-8"]),
    ],
    ids=["missing", "empty", "blank", "binary", "latin-1"],
)
def test_unreadable_sources_are_refused(tmp_path, content, words):
    src = tmp_path / "in.txt"
    if content is not None:
        src.write_bytes(content)
    out = tmp_path / "out.xml"
    result = run("ingest", src, "-p", FIXTURES / "mini.toml", "-o", out)
    assert_clean_failure(result, 2, str(src), *words)
    assert not out.exists()


def test_a_profile_expecting_page_numbers_on_a_text_without_them(tmp_path):
    out = tmp_path / "out.xml"
    result = run("ingest", need(SLAVIC), "-p", "wolfe-report", "-o", out)
    assert_clean_failure(result, 1, str(SLAVIC))
    # the Slavic Review has no page numbers: its own profile says so and ingest succeeds
    result = run("ingest", SLAVIC, "-p", "slavic-review", "-o", out)
    assert result.exit_code == 0 and out.exists()


def test_a_profile_with_numbered_pages_on_unnumbered_text(tmp_path):
    prof = tmp_path / "p.toml"
    prof.write_text("[pages]\nnumbered = true\n")
    result = run("ingest", FIXTURES / "unnumbered.txt", "-p", prof)
    assert_clean_failure(result, 1, "unnumbered.txt:1:", "no page-number line")


def test_an_output_that_cannot_be_written(tmp_path):
    out = tmp_path / "no" / "such" / "dir" / "out.xml"
    result = run("ingest", FIXTURES / "mini-book.txt", "-p", FIXTURES / "mini.toml", "-o", out)
    assert_clean_failure(result, 2, str(out), "cannot write")
    # a folder where the file should be: the rename fails, and no temporary file is left
    target = tmp_path / "taken"
    target.mkdir()
    result = run("ingest", FIXTURES / "mini-book.txt", "-p", FIXTURES / "mini.toml", "-o", target)
    assert_clean_failure(result, 2, str(target), "cannot write")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_bad_profiles_and_corrections_are_named(tmp_path):
    result = run("ingest", FIXTURES / "mini-book.txt", "-p", "no-such-profile")
    assert_clean_failure(result, 2, "no such profile", "wolfe-report")
    bad = tmp_path / "bad.toml"
    bad.write_text("[pages\n")
    assert_clean_failure(run("ingest", FIXTURES / "mini-book.txt", "-p", bad), 1, "bad.toml:1:")
    tsv = tmp_path / "c.tsv"
    tsv.write_text("x\ty\n")
    result = run("ingest", FIXTURES / "mini-book.txt", "-p", FIXTURES / "mini.toml", "-c", tsv)
    assert_clean_failure(result, 1, "c.tsv:1:1:", "page<TAB>ocr<TAB>corrected")


def test_ingest_end_to_end_as_a_process(tmp_path):
    out = tmp_path / "mini.xml"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "teitools",
            "ingest",
            FIXTURES / "mini-book.txt",
            "-p",
            FIXTURES / "mini.toml",
            "-o",
            out,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert 'note: page number repaired from its sequence: "no" read as 12' in proc.stderr
    assert proc.stderr.splitlines()[0].startswith(str(FIXTURES / "mini-book.txt") + ":")
    assert b'<pb n="14" xml:id="p14"/>' in out.read_bytes()
    proc = subprocess.run(
        [sys.executable, "-m", "teitools", "validate", out],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and "1 file checked, 0 invalid, 0 errors" in proc.stdout


def test_build_pdf_takes_a_folder_and_refuses_a_missing_or_empty_file(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "mini.xml").write_bytes((FIXTURES / "render" / "mini.xml").read_bytes())
    result = run("build", "--pdf", folder, "-o", tmp_path / "pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pdf" / "mini.pdf").read_bytes().startswith(b"%PDF-")
    missing = tmp_path / "nowhere.xml"
    result = run("build", "--pdf", missing, "-o", tmp_path / "out")
    assert_clean_failure(result, 2, str(missing), "no such file")
    empty = folder / "empty.xml"
    empty.write_text("")
    result = run("build", "--pdf", empty, "-o", tmp_path / "out")
    assert_clean_failure(result, 2, str(empty), "empty")
    assert not (tmp_path / "out" / "empty.pdf").exists()


@pytest.mark.parametrize("fmt", ["--pdf", "--html"])
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<foo/>", ["not.xml:1:", "not a TEI document", "<foo>"]),
        (
            '<!DOCTYPE TEI [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0">&e;</TEI>',
            ["not.xml:1:", "external entity", "never reads outside"],
        ),
        (
            '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
            '<TEI xmlns="http://www.tei-c.org/ns/1.0">&d;</TEI>',
            ["not.xml:1:"],
        ),
    ],
    ids=["not-tei", "external-entity", "entity-bomb"],
)
def test_build_refuses_what_it_cannot_render(tmp_path, fmt, text, words):
    src = tmp_path / "not.xml"
    src.write_text(text)
    out = tmp_path / "out"
    result = run("build", fmt, src, "-o", out)
    assert_clean_failure(result, 1, *words)
    assert not out.exists() or not any(out.iterdir())
