"""teitools validate on the conventions of real editions: hands, families and groups, printed
editions and witnesses cited now and then, @varSeq, conjectures, lacunae and fragments,
LombardPress's and others' reading types, location-referenced entries. Each fixture holds the
convention (no false alarm) and, beside it, the real fault the rule must still report."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.validate import check_file, check_files, schemas_for, tei_all

from .conftest import FIXTURES, SHARED, need

HERE = FIXTURES / "apparatus"
LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+) \[(?P<rule>[\w/-]+)\]$"
)


def found(name: str, rule: str) -> list:
    """The problems of one rule in a fixture, apparatus rules only (no schema)."""
    return [p for p in check_file(HERE / name).problems if p.rule == f"apparatus/{rule}"]


def line_of(name: str, needle: str) -> int:
    """The line of a fixture where `needle` first stands (an xml:id marking a fault)."""
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return next(k for k, text in enumerate(lines, 1) if needle in text)


def test_hands_read_as_their_manuscript_and_the_forgotten_witness_is_still_reported():
    complete = found("conv-hands.xml", "positive-complete")
    assert [p.line for p in complete] == [line_of("conv-hands.xml", 'xml:id="forgets-B"')]
    # B alone: not M (accounted through its hands Mc and Mac), not a hand
    assert re.search(r"account for witness B \(named in 4 of 5 ", complete[0].message)
    assert found("conv-hands.xml", "witness-twice") == []
    assert found("conv-hands.xml", "siglum-prefix") == []  # every @wit a # pointer


def test_a_witness_no_entry_names_is_reported_once_not_at_every_entry(tmp_path):
    text = (HERE / "conv-hands.xml").read_text(encoding="utf-8")
    added = tmp_path / "added.xml"
    added.write_text(
        text.replace(
            '<witness xml:id="B">Codex B</witness>',
            '<witness xml:id="B">Codex B'
            '</witness><witness xml:id="Z">Codex Z, never collated</witness>',
        ),
        encoding="utf-8",
    )
    complete = [p for p in check_file(added).problems if p.rule == "apparatus/positive-complete"]
    assert [p.message.split(" (")[0] for p in complete] == [
        "this positive entry does not account for witness Z",  # at the first entry, once
        "this positive entry does not account for witness B",
    ]
    assert "no positive entry names it" in complete[0].message


def test_a_prefix_is_reported_only_where_bare_sigla_make_it_ambiguous():
    prefix = found("conv-bare-sigla.xml", "siglum-prefix")
    assert [p.message.split(":")[0] for p in prefix] == ['siglum "A" is a prefix of siglum "AB"']
    assert prefix[0].line == line_of("conv-bare-sigla.xml", 'xml:id="AB"')
    # M and its hand Mac are not ambiguous even there: that is how hands are named


def test_varseq_orders_the_states_of_a_witness():
    twice = found("conv-varseq.xml", "witness-twice")
    assert [p.line for p in twice] == [
        line_of("conv-varseq.xml", 'xml:id="unordered"'),
        line_of("conv-varseq.xml", 'xml:id="same-seq"'),
    ]
    assert all('witness "C" is given two readings' in p.message for p in twice)


def test_omissions_and_additions_typed_in_the_editors_vocabularies():
    name = "conv-omissions.xml"
    typed = found(name, "omission-typed")
    assert [(p.line, p.message.split(" (")[0]) for p in typed] == [
        (line_of(name, 'xml:id="untyped-rdg"'), "an empty <rdg>"),
        (line_of(name, 'xml:id="common-rdg"'), "an empty <rdg>"),  # "common" is no "om."
        (line_of(name, 'xml:id="untyped-lem"'), "an empty <lem>"),
    ]
    # the second part of a chain (@prev) takes its lemma from the first
    assert found(name, "app-content") == []
    assert found(name, "chain") == []


def test_lacunae_and_fragments_excuse_an_absent_witness_only():
    name = "conv-lacunae.xml"
    complete = found(name, "positive-complete")
    assert [p.line for p in complete] == [line_of(name, 'xml:id="forgets-B"')]
    assert "witness B " in complete[0].message and " F" not in complete[0].message
    # entries that only carry a lacunaStart, lacunaEnd or witEnd are no fault; one reading is
    content = found(name, "app-content")
    assert [p.line for p in content] == [line_of(name, 'xml:id="one-reading"')]
    assert found(name, "omission-typed") == []  # the empty lemma beside a witEnd


def test_printed_editions_persons_and_witnesses_cited_now_and_then():
    name = "conv-editions.xml"
    declared = found(name, "wit-declared")
    assert [p.message.split(",")[0] for p in declared] == [
        '@wit "#intro" points to a <p>',
        '@wit "#Nobody" names no witness (declared: A',
    ]
    complete = found(name, "positive-complete")
    assert [p.line for p in complete] == [line_of(name, 'xml:id="forgets-C"')]
    # V is named in 1 of 7 entries: cited occasionally; the editions are never asked for
    assert "witness C (named in 6 of 7 " in complete[0].message


def test_a_family_is_accounted_for_by_its_members_and_a_group_by_its_name():
    name = "conv-hyparchetype.xml"
    complete = found(name, "positive-complete")
    assert [p.line for p in complete] == [line_of(name, 'xml:id="forgets-C"')]
    assert "for witness C (" in complete[0].message  # not the family beta, nor the group
    assert found(name, "witness-twice") == []  # beta and its member B in two readings


def test_a_conjecture_names_no_witness_and_its_entry_still_accounts_for_all():
    name = "conv-conjecture.xml"
    complete = found(name, "positive-complete")
    assert [p.line for p in complete] == [line_of(name, 'xml:id="forgets-C"')]
    assert "for witness C (" in complete[0].message
    problems = check_file(HERE / name).problems
    assert [p for p in problems if p.rule != "apparatus/positive-complete"] == []


def test_a_location_referenced_entry_needs_no_lemma_an_inline_one_does(tmp_path):
    assert check_file(HERE / "conv-located.xml").problems == []
    inline = tmp_path / "inline.xml"
    inline.write_text(
        (HERE / "conv-located.xml")
        .read_text(encoding="utf-8")
        .replace("location-referenced", "parallel-segmentation")
        .replace(' from="#w1"', "")
        .replace(' from="#w2"', "")
        .replace(' from="#w3"', ""),
        encoding="utf-8",
    )
    content = [p for p in check_file(inline).problems if p.rule == "apparatus/app-content"]
    assert len(content) == 2  # the two entries of one reading, not the one with two
    # @from/@to entries fit a double-end-point apparatus as well
    dep = tmp_path / "dep.xml"
    text = (HERE / "conv-located.xml").read_text(encoding="utf-8")
    dep.write_text(text.replace("location-referenced", "double-end-point"), encoding="utf-8")
    assert check_file(dep).problems == []
    # undeclared, the method suggested is the one the entries use
    bare = tmp_path / "undeclared.xml"
    text = (HERE / "conv-located.xml").read_text(encoding="utf-8")
    bare.write_text(re.sub(r"<encodingDesc>.*</encodingDesc>", "", text, flags=re.S))
    said = [p.message for p in check_file(bare).problems]
    assert (
        len(said) == 1
        and 'declares no <variantEncoding> in <encodingDesc> (e.g. method="location-referenced"'
        in said[0]
    )


def test_the_command_reports_each_fault_on_one_line_and_nothing_else():
    # foreign TEI is checked against tei_all: the fixtures are valid TEI, and only their
    # planted faults show
    assert schemas_for(None) == ((), tei_all()) and tei_all() is not None
    files = sorted(HERE.glob("conv-*.xml"))
    result = CliRunner().invoke(main, ["validate", "--no-project", "-j", "1", *map(str, files)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    errors = [m for m in map(LINE.match, lines) if m]
    assert len(errors) == len(lines) - 1  # every line a located error, then the summary
    per_file: dict[str, list[str]] = {}
    for m in errors:
        per_file.setdefault(Path(m["file"]).name, []).append(m["rule"].split("/")[-1])
    assert per_file == {
        "conv-bare-sigla.xml": ["siglum-prefix"],
        "conv-conjecture.xml": ["positive-complete"],
        "conv-editions.xml": ["positive-complete", "wit-declared", "wit-declared"],
        "conv-hands.xml": ["positive-complete"],
        "conv-hyparchetype.xml": ["positive-complete"],
        "conv-lacunae.xml": ["positive-complete", "app-content"],
        "conv-omissions.xml": ["omission-typed"] * 3,
        "conv-varseq.xml": ["witness-twice"] * 2,
    }
    assert lines[-1] == "9 files checked, 8 invalid, 14 errors"


CORPORA = SHARED / "corpora"
SAMPLE = [
    "scta-gracilis/pg-b1q10/pg-b1q10.xml",
    "scta-gracilis/pg-b1q22/pg-b1q22.xml",
    "scta-gracilis/pg-b1q5/pg-b1q5.xml",
    "tei-stylesheets-tests/testapp.xml",
    "tei-stylesheets-tests/testapp2.xml",
]


@pytest.mark.parametrize("rel", SAMPLE)
def test_real_editions_raise_no_false_alarm(rel):
    """LombardPress's empty lemmas with @n, a collation of one reading per word (@from),
    @cause="omission": no error remains; the warnings are the undeclared <variantEncoding>
    (optional in TEI, though LombardPress's own guidelines require it) and pointers outside
    the apparatus."""
    path = need(CORPORA / rel)
    problems = check_files([str(path)])[0].problems
    errors = {p.rule for p in problems if p.severity == "error"}
    assert not errors, [str(p) for p in problems]
    warnings = {p.rule for p in problems if p.severity == "warning"}
    assert warnings <= {"apparatus/pointer", "apparatus/variant-encoding"}
