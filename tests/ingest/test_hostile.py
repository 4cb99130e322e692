"""Ingest on hostile profiles, sources and corrections: one clear line, never a traceback or a hang.

Every key a profile may hold is given values of the wrong type and the wrong kind; regular
expressions that backtrack catastrophically are stopped by a time limit; characters XML cannot
hold are replaced (in the OCR) or refused (in a profile or a corrections file); and a seeded
fuzzer mutates a small profile, source and corrections file a few hundred times.
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.cli import main
from teitools.errors import TeitoolsError
from teitools.ingest import ingest, load_profile
from teitools.ingest.profile import SCHEMA, Pattern
from teitools.tei import NS

from ..conftest import FIXTURES, assert_clean_failure

BOOK = FIXTURES / "mini-book.txt"
MINI = FIXTURES / "mini.toml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def profile(tmp_path: Path, body: str, name: str = "p.toml") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def fails(tmp_path: Path, body: str, code: int = 1, source: Path = BOOK) -> str:
    """Ingest with a profile of this text: a clean failure; its one line."""
    prof = profile(tmp_path, body)
    out = tmp_path / "out.xml"
    result = run("ingest", source, "-p", prof, "-o", out)
    assert_clean_failure(result, code, str(prof))
    assert not out.exists()
    return result.output.strip()


# --- 1. every key of a profile, checked when it is loaded ------------------------------------

BAD = [
    # (profile text, words the one line must hold)
    ('[pages]\nfirst = "abc"\n', ["p.toml:2:", '[pages] first must be an integer, not "abc"']),
    ("[pages]\nfirst = -3\n", ["p.toml:2:", "[pages] first must be between"]),
    ("[pages]\nfirst = 1.5\n", ["[pages] first must be an integer, not 1.5"]),
    ("[pages]\nfirst = true\n", ["[pages] first must be an integer, not true"]),
    ("pages = 5\n", ["p.toml:1:", "pages must be a table ([pages]), not 5"]),
    ("[[pages]]\nfirst = 1\n", ["pages must be a table"]),
    ('[footnotes]\nmarkers = ""\n', ["p.toml:2:", "[footnotes] markers must be the note markers"]),
    ('[footnotes]\nmarkers = "a b"\n', ["[footnotes] markers"]),
    ('[footnotes]\nnormalize = { "ab" = "*" }\n', ["[footnotes] normalize", "single characters"]),
    ('[footnotes]\nnormalize = { "†" = "" }\n', ['[footnotes] normalize."†" must be']),
    ('[footnotes]\nnormalize = "†"\n', ["[footnotes] normalize must be a table"]),
    ('[region]\nstart = "(a)\\\\2"\n', ["p.toml:2:", "[region] start", "invalid group reference"]),
    ('[region]\nend = "(unclosed"\n', ["[region] end is not a valid regular expression"]),
    ('[region]\nstart = ""\n', ["[region] start is an empty regular expression"]),
    ('[structure]\nheadings = ["ok", "[z-a]"]\n', ["[structure] headings[1] is not a valid"]),
    ('[structure]\nheadings = "^I\\\\."\n', ["[structure] headings must be a list, not"]),
    ("[structure]\nheading_continuation = [1]\n", ["heading_continuation must be a regular"]),
    ('[structure]\nsubheadings = [["x"]]\n', ["[structure] subheadings[0] must be a regular"]),
    ('[structure]\nstage = "\\\\(?"\n', ["[structure] stage matches an empty text"]),
    ('[structure]\nstage = "\\\\p{Nope}"\n', ["[structure] stage", "unknown property"]),
    ('[structure]\nbrackets = "# translator"\n', ["[structure] brackets must be one word"]),
    ('[structure]\nheading_div_type = ""\n', ["[structure] heading_div_type must be one word"]),
    ("[structure]\nquote_blocks = 1\n", ["[structure] quote_blocks must be true or false, not 1"]),
    ('[structure]\nitalics_markdown = "false"\n', ["italics_markdown must be true or false"]),
    ('[lines]\nreplacements = [["a", "\\\\3"]]\n', ["replacements[0] has a bad replacement"]),
    ('[lines]\nreplacements = [["(a)", "\\\\g<x>"]]\n', ["replacements[0] has a bad replacement"]),
    ('[lines]\nreplacements = [["a"]]\n', ['replacements[0] must be a pair ["pattern"']),
    ('[lines]\nreplacements = ["a", "b"]\n', ["[lines] replacements[0] must be a pair"]),
    ('[lines]\nreplacements = [["a", 1]]\n', ["replacements[0] must be a string (the replace"]),
    ('[lines]\nrunning_heads = "^X$"\n', ['[lines] running_heads must be a list, not "^X$"']),
    ('[lines]\nsoft_hyphen = ""\n', ["[lines] soft_hyphen must be one character"]),
    ('[lines]\nsoft_hyphen = "--"\n', ["[lines] soft_hyphen must be one character"]),
    ('[lines]\nsoft_hyphen = "a"\n', ["[lines] soft_hyphen must be one character"]),
    ('[document]\ntitle = ["a"]\n', ["p.toml:2:", "[document] title must be a string, not a list"]),
    ('[document]\ntitle = "a\\u0001b"\n', ["[document] title holds the character U+0001"]),
    ('[document]\nhead = "\\u001b[31m"\n', ["[document] head holds the character U+001B"]),
    ('[document]\nid = "1st"\n', ["[document] id must be an XML name"]),
    ('[document]\nid = "a b"\n', ["[document] id must be an XML name"]),
    ('[document]\nlang = "e n"\n', ["[document] lang must be a language code"]),
    ('[document]\ndiv_type = "a\\tb"\n', ["[document] div_type must be one word"]),
    ('[pages]\nid_prefix = "<"\n', ["[pages] id_prefix must be an XML name", '"<"']),
    ('[pages]\nid_prefix = "p:"\n', ["[pages] id_prefix must be an XML name"]),
    ('[pages]\nkeep = "both"\n', ['[pages] keep must be one of "all", "even", "odd"']),
    ("[pages]\nkeep = 2\n", ["[pages] keep must be one of"]),
    ('[pages]\nnumbered = "no"\n', ['[pages] numbered must be true or false, not "no"']),
    ("[pages]\nnumber_max_length = 0\n", ["[pages] number_max_length must be between 1 and"]),
    ("[pages]\nblank_around_number = -1\n", ["[pages] blank_around_number must be between"]),
    ("[pages]\nblank_run_for_missing_number = 0\n", ["blank_run_for_missing_number must be"]),
    ("[pages]\nfacing = 3\n", ["[pages] facing must be a table { document = …, offset = … }"]),
    ('[pages]\nfacing = { document = "x.xml", offset = "one" }\n', ["[pages] facing.offset"]),
    ('[pages]\nfacing = { documnet = "x.xml" }\n', ["facing.documnet is not a key", '"document"']),
    ('[pages.facing]\ndocument = "a b.xml"\n', ["p.toml:1:", "[pages] facing.document must be"]),
    ('pages.first = "x"\n', ["p.toml:1:", "[pages] first must be an integer"]),
    ("[pages]\nfrist = 3\n", ["p.toml:2:", "[pages] frist is not a key", 'did you mean "first"']),
    ("[zzz]\nx = 1\n", ["p.toml:1:", "zzz is not a table or key", "known: extends"]),
    ('title = "x"\n', ["title is not a table or key teitools knows"]),
    ("[header]\nsource_date = 1957\n", ["[header] source_date must be a string", 'write "1957"']),
    ('[header]\nresp = ["a", "b"]\n', ['[header] resp[0] must be ["what was done", "by whom"]']),
    ('[header]\nresp = [["a", "b", "c d"]]\n', ["[header] resp[0] must be an XML name"]),
    ('[header]\neditorial = "one"\n', ["[header] editorial must be a list"]),
    ("[header]\nsource_notes = [1]\n", ["[header] source_notes[0] must be a string, not 1"]),
    ('[header]\nlicense = "CC"\n', ["[header] license is not a key", 'did you mean "licence"']),
    ("[header]\ntitle = 1979-05-27\n", ["[header] title must be a string, not a date"]),
    ("extends = 5\n", ["p.toml:1:", "extends must be the name or path of a profile, not 5"]),
    ('[structure]\nstage = "(?:a{60000}){60000}"\n', ["[structure] stage repeats too much"]),
    ('[structure]\nstage = "' + "x" * 1200 + '"\n', ["of 1200 characters, over 1000"]),
    ('[document]\ntitle = "' + "\\u0085" + '"\n', ["U+0085"]),
    ("[pages\n", ["p.toml:1:7:", "not a valid TOML profile", "profile/toml"]),
    ("[pages]\nfirst = 1\nfirst = 2\n", ["p.toml:3:", "not a valid TOML profile"]),
    ("a = " + "[" * 3000 + "]" * 3000 + "\n", ["not a valid TOML profile"]),
]


@pytest.mark.parametrize("body, words", BAD, ids=[f"bad{i}" for i in range(len(BAD))])
def test_a_bad_value_is_one_line_naming_the_profile_and_the_key(tmp_path, body, words):
    line = fails(tmp_path, body)
    for w in words:
        assert w in line
    assert "error:" in line and "[profile/" in line


def _all_keys():
    for table, keys in SCHEMA.items():
        for key in keys:
            yield table, key


@pytest.mark.parametrize("table, key", list(_all_keys()))
@pytest.mark.parametrize("value", ["{ bogus = 1 }", "[[]]"])
def test_every_key_refuses_a_value_of_the_wrong_kind(tmp_path, table, key, value):
    """Systematically: each key the code reads, given a value of a kind it cannot take."""
    line = fails(tmp_path, f"# a comment\n[{table}]\n{key} = {value}\n")
    assert f"p.toml:3: error: [{table}] {key}" in line


def test_a_value_in_a_profile_extended_is_named_in_that_file(tmp_path):
    profile(tmp_path, '[document]\ntitle = "ok"\n\n[pages]\nfirst = "x"\n', "base.toml")
    prof = profile(tmp_path, 'extends = "base.toml"\n[document]\nid = "ok"\n')
    result = run("ingest", BOOK, "-p", prof)
    assert_clean_failure(result, 1)
    assert result.output.startswith(f"{tmp_path / 'base.toml'}:5: error: [pages] first")


@pytest.mark.parametrize(
    "files, code, words",
    [
        ({"p.toml": 'extends = "p.toml"\n'}, 1, ["extends itself (p.toml → p.toml)"]),
        (
            {
                "p.toml": 'extends = "a.toml"\n',
                "a.toml": 'extends = "b.toml"\n',
                "b.toml": '\nextends = "a.toml"\n',
            },
            1,
            ["b.toml:2:", "extends itself (p.toml → a.toml → b.toml → a.toml)"],
        ),
        ({"p.toml": 'extends = "nope.toml"\n'}, 2, ["p.toml:1:", '"nope.toml": no such profile']),
    ],
    ids=["itself", "cycle", "missing"],
)
def test_profiles_that_extend_themselves_or_nothing(tmp_path, files, code, words):
    for name, body in files.items():
        profile(tmp_path, body, name)
    result = run("ingest", BOOK, "-p", tmp_path / "p.toml")
    assert_clean_failure(result, code, "[profile/extends]", *words)


def test_a_long_chain_of_extends_is_bounded(tmp_path):
    for i in range(40):
        profile(tmp_path, f'extends = "p{i + 1}.toml"\n', f"p{i}.toml")
    profile(tmp_path, "", "p40.toml")
    assert_clean_failure(run("ingest", BOOK, "-p", tmp_path / "p0.toml"), 1, "over 16 profiles")


def test_unreadable_profiles_are_refused_by_name(tmp_path):
    bad = tmp_path / "latin.toml"
    bad.write_bytes(b'[document]\ntitle = "caf\xe9"\n')
    assert_clean_failure(run("ingest", BOOK, "-p", bad), 2, "latin.toml:2:13:", "not UTF-8")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert_clean_failure(run("ingest", BOOK, "-p", folder), 2, "folder.toml", "is a folder")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    assert_clean_failure(run("ingest", BOOK, "-p", fifo), 2, "fifo.toml", "not a regular file")
    result = run("ingest", BOOK, "-p", "no-such-profile")
    assert_clean_failure(result, 2, "no-such-profile", "no such profile", "wolfe-report")
    empty = tmp_path / "empty.toml"
    empty.write_bytes(b"")
    assert_clean_failure(run("ingest", BOOK, "-p", empty), 2, "empty.toml", "empty")


def test_the_built_in_profiles_load():
    for name in ("wolfe-report", "wolfe-commentary", "slavic-review", "wolfe-1957"):
        prof = load_profile(name)
        assert all(p.label and p.file and p.line for p in prof.patterns())


# --- 2. regular expressions that backtrack catastrophically --------------------------------

EVIL_LINE = "a" * 40 + "b"


def _evil_book(tmp_path: Path) -> Path:
    """The small book with a line of 40 a's and a b at the top of a page and in a paragraph."""
    text = BOOK.read_text(encoding="utf-8")
    text = text.replace("THE REPORT.\n\n", f"THE REPORT.\n\n{EVIL_LINE}\n", 1)
    src = tmp_path / "evil.txt"
    src.write_text(text, encoding="utf-8")
    return src


def test_a_pattern_that_backtracks_in_other_engines_is_harmless(tmp_path):
    src = _evil_book(tmp_path)
    body = MINI.read_text().replace("[lines]\n", '[lines]\nreplacements = [["(a+)+$", "x"]]\n')
    prof = profile(tmp_path, body)
    t = time.monotonic()
    result = run("ingest", src, "-p", prof, "-o", tmp_path / "out.xml")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - t < 5


@pytest.mark.parametrize(
    "body, label",
    [
        ('[region]\nstart = "(a|aa)+$"\n', "[region] start"),
        ('[region]\nstart = "^THE"\nend = "(a|aa)+$"\n', "[region] end"),
        ('[lines]\nreplacements = [["x", "y"], ["(a|aa)+$", "x"]]\n', "[lines] replacements[1]"),
        ('[lines]\nrunning_heads = ["(a|aa)+$"]\n', "[lines] running_heads[0]"),
        ('[structure]\nheadings = ["(a|aa)+$"]\n', "[structure] headings[0]"),
        ('[structure]\nstage = "(a|aa)+$"\n', "[structure] stage"),
    ],
)
def test_a_catastrophic_pattern_stops_ingest_with_its_key(tmp_path, monkeypatch, body, label):
    monkeypatch.setenv("TEITOOLS_REGEX_SECONDS", "0.2")
    src = _evil_book(tmp_path)
    if "running_heads" in body:  # a running head is looked for at the top of a page only
        src.write_text(f"{EVIL_LINE}\n\n" + src.read_text())
        body = "[pages]\nfirst = 9\n" + body
    t = time.monotonic()
    line = fails(tmp_path, body, source=src)
    assert time.monotonic() - t < 3
    assert label in line and '"(a|aa)+$" took over 0.2 s on one line' in line
    assert "[profile/regex-timeout]" in line


def test_the_default_time_limit_stops_a_catastrophic_pattern_in_seconds(tmp_path, monkeypatch):
    monkeypatch.delenv("TEITOOLS_REGEX_SECONDS", raising=False)
    t = time.monotonic()
    line = fails(tmp_path, '[structure]\nstage = "(a|aa)+$"\n', source=_evil_book(tmp_path))
    assert time.monotonic() - t < 4
    assert "took over 1 s on one line" in line


def test_a_pattern_has_a_budget_for_the_whole_run():
    import regex

    pat = Pattern(regex.compile("(a|aa)+$"), "[structure] stage", "p.toml", 3, limit=0.05)
    assert pat.search("aaa") is not None
    pat.left = 0.001  # all but a millisecond of the run's budget is spent
    with pytest.raises(TeitoolsError, match=r"p.toml:3: .*took over 1.5 s in all"):
        pat.search(EVIL_LINE)
    pat.reset()
    assert pat.search("aaa") is not None


def test_patterns_are_compiled_once_when_the_profile_is_loaded(monkeypatch):
    import regex

    prof = load_profile(MINI)
    assert prof.stage is not None and isinstance(prof.stage, Pattern)
    compiled = []
    real = regex.compile
    monkeypatch.setattr(regex, "compile", lambda *a, **k: compiled.append(a) or real(*a, **k))
    first = ingest(BOOK, prof).to_bytes()
    assert ingest(BOOK, prof).to_bytes() == first  # the same profile, run twice: the same
    assert compiled == []


# --- 3. characters XML cannot hold -----------------------------------------------------------


def test_control_and_private_use_characters_in_the_ocr_are_replaced_with_a_warning(tmp_path):
    text = BOOK.read_text(encoding="utf-8")
    text = text.replace("Comrades!", "Com\x1brades!\x0c").replace(
        "Leninism", "Len\ue002in\uffffism"
    )
    src = tmp_path / "ctl.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.xml"
    result = run("ingest", src, "-p", MINI, "-o", out)
    assert result.exit_code == 0, result.output
    warnings = [x for x in result.output.splitlines() if "[ingest/character]" in x]
    assert warnings[0].startswith(f"{src}:6:4: warning: the character U+001B")
    assert f"{src}:6:11: warning: the character U+000C" in result.output
    assert f"{src}:9:4: warning: the character U+E002" in result.output
    assert len(warnings) == 4
    xml = out.read_text(encoding="utf-8")
    assert "Com rades!" in xml and "Len\ufffdin\ufffdism" in xml
    etree.fromstring(out.read_bytes())
    result = run("ingest", src, "-p", MINI, "--strict", "-o", out)
    assert result.exit_code == 1


def test_many_kinds_of_bad_character_give_a_few_warnings(tmp_path):
    junk = "".join(chr(0xE000 + i) for i in range(500))
    src = tmp_path / "junk.txt"
    src.write_text(BOOK.read_text(encoding="utf-8").replace("Comrades!", junk), encoding="utf-8")
    result = ingest(src, MINI)
    warnings = [p for p in result.problems if p.rule == "ingest/character"]
    assert len(warnings) == 11
    assert "and 490 other kinds" in warnings[-1].message
    assert "ingest keeps for its own marks" in warnings[0].message


def test_a_replacement_that_puts_in_a_control_character_is_refused(tmp_path):
    body = MINI.read_text().replace(
        "[lines]\n", '[lines]\nreplacements = [["Comrades", "\\\\x01"]]\n'
    )
    line = fails(tmp_path, body)
    assert "[lines] replacements[0] puts in the character U+0001" in line


def test_quotes_in_pointers_and_markers_are_escaped(tmp_path):
    body = (
        MINI.read_text().replace(
            'keep = "even"', 'keep = "even"\nfacing = { document = \'a"b&c\' }'
        )
        + "\n[footnotes]\nmarkers = '*\"'\n"
    )
    prof = profile(tmp_path, body)
    out = tmp_path / "out.xml"
    result = run("ingest", BOOK, "-p", prof, "-o", out)
    assert result.exit_code == 0, result.output
    pbs = etree.parse(str(out)).getroot().findall(".//tei:pb", NS)
    assert pbs[0].get("corresp") == 'a"b&c#p9'


@pytest.mark.parametrize(
    "rows, code, words",
    [
        ("²\tx\ty\n", 1, ["c.tsv:1:1:", "the page must be a number in ASCII digits, not '²'"]),
        ("1\tx\ty\n١٢\tx\ty\n", 1, ["c.tsv:2:1:", "ASCII digits"]),
        ("# note\n\n10\tx\n", 1, ["c.tsv:3:1:", "page<TAB>ocr<TAB>corrected"]),
        ("10\tx\ty\tnote\tmore\n", 1, ["c.tsv:1:1:", "at most 4 columns", "not 5"]),
        ("10\t@join\tx\t\tnote\tmore\n", 1, ["at most 5 columns", "not 6"]),
        ("10\tfirst\tfi\x01rst\n", 1, ["c.tsv:1:12:", "U+0001 cannot stand in a correction"]),
        ("10\tfirst\tfi\ue000rst\n", 1, ["c.tsv:1:12:", "U+E000"]),
        ("10\t@frob\tx\n", 1, ["c.tsv:1:1:", "unknown structural row '@frob'"]),
        ("99\t@join\tx\n", 1, ["c.tsv:1:1:", "page 99 is not in this document"]),
        (b"10\tx\xff\ty\n", 2, ["c.tsv:1:5:", "not UTF-8"]),
        (b"10\tx\x00\ty\n", 2, ["c.tsv:1:", "binary"]),
        (b"", 2, ["c.tsv", "empty"]),
    ],
)
def test_bad_corrections_are_one_line_naming_the_file_and_line(tmp_path, rows, code, words):
    tsv = tmp_path / "c.tsv"
    tsv.write_bytes(rows if isinstance(rows, bytes) else rows.encode("utf-8"))
    out = tmp_path / "out.xml"
    result = run("ingest", BOOK, "-p", MINI, "-c", tsv, "-o", out)
    assert_clean_failure(result, code, *words)
    assert not out.exists()


def test_corrections_with_windows_line_ends_apply(tmp_path):
    tsv = tmp_path / "c.tsv"
    tsv.write_bytes(b"# page\tocr\tcorrected\r\n10\tComrades!\tComrades,\r\n")
    result = ingest(BOOK, MINI, corrections=tsv)
    assert result.draft.corrections == 1
    assert "Comrades, This" in etree.tostring(result.tree, encoding="unicode")


def test_corrections_that_are_a_folder_or_a_pipe(tmp_path):
    folder = tmp_path / "c.tsv"
    folder.mkdir()
    assert_clean_failure(run("ingest", BOOK, "-p", MINI, "-c", folder), 2, "is a folder")
    fifo = tmp_path / "f.tsv"
    os.mkfifo(fifo)
    assert_clean_failure(run("ingest", BOOK, "-p", MINI, "-c", fifo), 2, "not a regular file")


# --- 4. sources --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda p: p.write_bytes(b""), ["the file is empty"]),
        (lambda p: p.write_bytes(b"\n \t\n"), ["the file is empty"]),
        (lambda p: p.write_bytes(bytes(range(256)) * 4), ["binary file"]),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe"), ["not UTF-8"]),
        (lambda p: p.mkdir(), ["is a folder"]),
        (lambda p: os.mkfifo(p), ["not a regular file"]),
        (lambda p: None, ["no such file"]),
    ],
    ids=["empty", "blank", "binary", "png", "folder", "fifo", "missing"],
)
def test_sources_that_are_not_text_files_are_refused(tmp_path, make, words):
    src = tmp_path / "src.txt"
    make(src)
    out = tmp_path / "out.xml"
    result = run("ingest", src, "-p", MINI, "-o", out)
    assert_clean_failure(result, 2, str(src), *words)
    assert not out.exists()


def test_a_source_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("TEITOOLS_MAX_MB", "0.001")
    src = tmp_path / "big.txt"
    src.write_text("x\n" * 1000)
    assert_clean_failure(run("ingest", src, "-p", MINI), 2, "big.txt", "over the limit")


def test_a_page_number_line_of_superscript_digits_is_no_page_number(tmp_path):
    src = tmp_path / "sup.txt"
    src.write_text(BOOK.read_text(encoding="utf-8").replace("\n10\n", "\n¹⁰\n"), encoding="utf-8")
    result = ingest(src, MINI)
    assert result.page_numbers == [10, 12, 14]  # the page is placed from its sequence
    assert any("no page number read as 10" in p.message for p in result.problems)


def test_old_mac_line_ends_are_lines(tmp_path):
    src = tmp_path / "mac.txt"
    src.write_bytes(BOOK.read_bytes().replace(b"\n", b"\r"))
    assert ingest(src, MINI).page_numbers == [10, 12, 14]


# --- 5. a seeded fuzzer ------------------------------------------------------------------------

FUZZ_PROFILE = {
    "document": {"id": "mini", "title": "Mini", "div_type": "speech", "head": "Head"},
    "region": {"start": "^THE REPORT\\.$", "start_after": True, "end": "^Part III$"},
    "pages": {"first": 10, "keep": "even", "facing": {"document": "c.xml", "offset": -1}},
    "lines": {
        "running_heads": ["^KHR\\s*USHCHEV.{0,2}\\s*S\\s+SECRET\\s+REPORT$"],
        "replacements": [["(?<=\\w)’ ’", "”"], ["1(?= am)", "I"]],
        "soft_hyphen": "¬",
    },
    "footnotes": {"markers": "*♦†", "normalize": {"♦": "*"}},
    "structure": {
        "headings": ["^[IVX]+\\.\\s+[^a-z]{4,}$"],
        "heading_continuation": "^[^a-z]{4,}$",
        "stage": "\\((?=[^()]{0,120}?(?:[Aa]pplause|in the hall))[^()]{1,120}(?:\\)|$)",
        "brackets": "#tr",
        "italics_markdown": True,
    },
    "header": {"title": "T", "resp": [["by", "us", "us"]], "source_notes": ["n"]},
}
HOSTILE_VALUES = [
    "",
    "abc",
    "<",
    "\x01",
    "²",
    'a"b',
    "(a",
    "\\2",
    "(a|aa)+$",
    "*",
    "x{99999}{99999}",
    0,
    -1,
    7,
    10**12,
    1.5,
    True,
    False,
    [],
    ["x"],
    [["a", "\\9"]],
    [[]],
    {},
    {"a": 1},
    {"document": 1},
    "\ue000",
    "\ufeff",
    "#",
    "odd",
    "all",
    "^$",
    ".*",
    "[",
    "]",
]
SOURCE_BITS = [
    "\x0c",
    "\x1b",
    "\ue000",
    "\ue001",
    "\ue002",
    "\ufffe",
    "\r",
    "\r\n",
    "*",
    "**",
    "†",
    "¹",
    "²",
    "\n\n\n12\n\n\n",
    "\n\n\nno\n\n\n",
    "[",
    "]",
    "(Applause.)",
    "<",
    "&",
    '"',
    "¬",
    "-",
    "—",
    "\n\n",
    "I. CHAPTER.\n",
    "\t",
    "’ ’",
    "\U0010ffff",
    "\x7f",
]


def _toml(v) -> str:
    """A value in TOML, tables inline: the fuzzer's small writer."""
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(x)}" for k, x in v.items()) + " }"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return repr(v)


def _toml_file(data: dict) -> str:
    """A profile as a TOML file: top-level keys, then one [table] a table."""
    lines = [f"{k} = {_toml(x)}" for k, x in data.items() if not isinstance(x, dict)]
    for k, x in data.items():
        if isinstance(x, dict):
            lines += [f"[{k}]", *(f"{json.dumps(j)} = {_toml(y)}" for j, y in x.items())]
    return "\n".join(lines) + "\n"


def _mutate_profile(rng: random.Random) -> str:
    data = json.loads(json.dumps(FUZZ_PROFILE))
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        table = rng.choice([*data, "extends", "bogus"])
        if table in ("extends", "bogus") or rng.random() < 0.05:
            data[table] = rng.choice([*HOSTILE_VALUES, "p.toml"])
            continue
        if not isinstance(data[table], dict):
            continue
        key = rng.choice([*SCHEMA[table], "bogus"])
        data[table][key] = rng.choice(HOSTILE_VALUES)
    text = _toml_file(data)
    if rng.random() < 0.1:  # damage the text itself
        i = rng.randrange(len(text))
        text = (
            text[:i] + rng.choice(["[", "]", "=", '"', "\n", "\\", "{", "\x00", ""]) + text[i + 1 :]
        )
    return text


def _mutate_source(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(0, 4)):
        i = rng.randrange(len(text))
        if rng.random() < 0.2:
            text = text[:i] + text[i + rng.randint(1, 40) :]
        else:
            text = text[:i] + rng.choice(SOURCE_BITS) + text[i:]
    return text


CORRECTIONS = [
    "10\tComrades!\tComrades,",
    "12\t@join\tIt runs\t\tnote",
    "10\t@quote\tComrades\t",
    "10\t@note *\tThis is\t",
    "10\t@call *\tfirst\t",
    "13\t@note-continues\tMore\t",
    "10\t@split\tgraph\t",
    "x\ty\tz",
    "²\tx\ty",
    "10\t\tz",
    "10\ta\tb\tc\td\te",
    "10\t@join",
    "10\tx\ty\x01",
    "14\tthe\tthe",
]


def _mutant(rng: random.Random, tmp: Path, book: str) -> tuple[Path, Path, Path | None]:
    prof = tmp / "p.toml"
    prof.write_bytes(_mutate_profile(rng).encode("utf-8", "surrogatepass"))
    src = tmp / "s.txt"
    src.write_text(_mutate_source(rng, book), encoding="utf-8", newline="")
    tsv = None
    if rng.random() < 0.3:
        tsv = tmp / "c.tsv"
        tsv.write_text("\n".join(rng.sample(CORRECTIONS, rng.randint(1, 3))), encoding="utf-8")
    return prof, src, tsv


def test_fuzzing_ingest_gives_a_draft_or_one_clean_error(tmp_path, monkeypatch):
    """A few hundred seeded mutants of a profile, a source and corrections: no traceback."""
    monkeypatch.setenv("TEITOOLS_REGEX_SECONDS", "0.02")
    rng = random.Random(11)
    book = BOOK.read_text(encoding="utf-8")
    outcomes: dict[str, int] = {}
    t = time.monotonic()
    for n in range(300):
        prof, src, tsv = _mutant(rng, tmp_path, book)
        try:
            result = ingest(src, prof, corrections=tsv)
        except TeitoolsError as e:
            line = str(e)
            assert "\n" not in line and line.startswith(str(tmp_path)), (n, line)
            outcomes[e.problem.rule] = outcomes.get(e.problem.rule, 0) + 1
            continue
        except Exception as e:  # noqa: BLE001 - the fuzzer's whole point
            pytest.fail(f"mutant {n}: {type(e).__name__}: {e}\n{prof.read_text()}")
        etree.fromstring(result.to_bytes())  # the draft is well-formed XML
        outcomes["ok"] = outcomes.get("ok", 0) + 1
    assert time.monotonic() - t < 20
    # the mutants reach both sides: drafts made, and errors of several kinds
    assert outcomes.get("ok", 0) > 20 and len(outcomes) > 8, outcomes


def test_fuzzing_the_command_never_shows_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("TEITOOLS_REGEX_SECONDS", "0.02")
    rng = random.Random(2026)
    book = BOOK.read_text(encoding="utf-8")
    codes = set()
    for _ in range(40):
        prof, src, tsv = _mutant(rng, tmp_path, book)
        args = ["ingest", src, "-p", prof, "-o", tmp_path / "out.xml"]
        result = run(*args, *(["-c", tsv] if tsv else []))
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit
        ), repr(result.exception)
        codes.add(result.exit_code)
    assert codes >= {0, 1}
