"""The Secret Report's own apparatus, as a reader checks it: what each witness reads, and that
every certain reading of the State Department text is one Wolfe quotes ("Textual Matters")."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.tei import NS, parse

from .conftest import BOOK, ROOT, need

REPORT = ROOT / "tei" / "secret-report.xml"
GAP = "[…]"


def _run(*args: str) -> str:
    """Run a teitools command as a user does; it must succeed."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """The text of each witness as `teitools witness` prints it, on one line."""
    return {s: " ".join(_run("witness", str(REPORT), "--wit", s).split()) for s in ("SD", "Q", "W")}


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return json.loads(_run("apparatus", str(REPORT), "--format", "json"))["entries"]


def _key(text: str) -> str:
    """Letters and digits only, lower case: a quotation compared with the OCR whatever its
    line breaks, hyphens, quotation marks and spacing."""
    return re.sub(r"\W|_", "", text.lower())


@pytest.fixture(scope="module")
def textual_matters() -> str:
    """Wolfe's chapter "Textual Matters" (pp. 80-85) from the OCR, its words rejoined and its
    page numbers taken out."""
    book = need(BOOK).read_text(encoding="utf-8")
    start = book.index("XVIII. TEXTUAL MATTERS.")
    end = book.index("\n85 \n", start)
    chapter = re.sub(r"¬\s*\n", "", book[start:end])
    chapter = re.sub(r"\n\s*8[0-4]\s*\n", "\n", chapter)
    return " ".join(chapter.split())


@pytest.fixture(scope="module")
def quoted(textual_matters: str) -> list[str]:
    """Every passage Wolfe puts in quotation marks in "Textual Matters", as keys."""
    spans = re.findall(r"“([^”]+)”", textual_matters)
    assert len(spans) > 30
    return [_key(s) for s in spans]


def _quoted_by_wolfe(words: str, quoted: list[str]) -> bool:
    return any(_key(words) in span for span in quoted)


# --- Il Quotidiano reads with the State Department text, not with Wolfe -------------------

WOLFE_ONLY = [
    ("all he needed were people to fill the stage", "all he needed were statisticians"),
    ("mercilessly condemned every", "mercilessly stigmatized every"),
    ("combated the views, alien to Marxism, about", "combated the foreign-to-Marxism views about"),
    ("“confessions” were secured through", "“confessions” were acquired through"),
    ("fear and even despair", "fear and even desperation"),
    ("the former candidate member of the Central", "the former candidate for the Central"),
    ("contain some slander of the Central", "contain some slander toward the Central"),
    ("Comrade Rudzutak, candidate-member of", "Comrade Rudzutak, candidate of"),
    ("no need for any approval, for what sort of an approval",
     "no need for any sanction, for what sort of a sanction"),
    ("a very distrustful man, morbidly suspicious", "a very distrustful man, sickly suspicious"),
    ("In this manner were “confessions” secured.", "In this manner were “confessions” acquired."),
    ("These resolutions were adopted", "These resolutions were made"),
    ("resolutions referred to above were adopted", "resolutions referred to above were made"),
    ("“This is radio Kossior.”", "“This is radio in the name of Kossior.”"),
]  # fmt: skip


@pytest.mark.parametrize("w, sd", WOLFE_ONLY, ids=[w for w, _ in WOLFE_ONLY])
def test_q_has_none_of_wolfes_corrections_and_reads_sd_there(texts, w, sd):
    assert w in texts["W"]
    assert w not in texts["Q"] and w not in texts["SD"]
    assert sd in texts["Q"] and sd in texts["SD"]


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text)


def test_q_is_sd_with_additions_only(texts):
    """Outside its additions Q is SD word for word: it only ever adds to SD."""
    import difflib

    sd, q = _tokens(texts["SD"]), _tokens(texts["Q"])
    ops = difflib.SequenceMatcher(None, sd, q, autojunk=False).get_opcodes()
    changed = [(op, " ".join(sd[i1:i2]), " ".join(q[j1:j2])) for op, i1, i2, j1, j2 in ops]
    assert [c for c in changed if c[0] not in ("equal", "insert")] == []
    assert len([c for c in changed if c[0] == "insert"]) >= 8


def test_q_is_named_in_every_entry_and_not_declared_fragmentary(entries):
    root = parse(REPORT).getroot()
    q = root.find(".//tei:listWit/tei:witness[@n='Q']", NS)
    assert q.get("ana") is None
    description = " ".join("".join(q.itertext()).split())
    assert "outside its additions the edition therefore gives Q the text of SD" in description
    assert "not marked as fragmentary" in description
    for e in entries:
        named = [s for r in e["readings"] for s in r["sigla"]]
        assert named.count("Q") == 1, e["place"]


# --- Q's partial additions read as the fragments they are --------------------------------

FRAGMENTS = [
    # item 1: Wolfe quotes "the words", the start of their sentence not
    f"named after themselves. {GAP} many of these prizes were conferred on his sycophants in "
    "Russia and abroad.",
    # item 4: "an added sentence to the effect that": neither its beginning nor its end
    f"the British Empire. {GAP} the present British leaders in a more subtle way are still "
    f"trying to do the same thing {GAP}",
    # item 8: "besides Beria" is Wolfe's paraphrase of the start of the sentence
    f"acted with his support. {GAP} only Zhdanov and Malenkov had regular access to Stalin.",
]


@pytest.mark.parametrize("fragment", FRAGMENTS, ids=["item 1", "item 4", "item 8"])
def test_q_shows_what_wolfe_does_not_quote_of_a_partial_addition(texts, fragment):
    assert fragment in texts["Q"]
    assert GAP not in texts["SD"] and GAP not in texts["W"]


def test_no_fragment_is_glued_to_the_sentence_before_it(texts):
    for glued in ("themselves. many", "British Empire. the present", "support. only Zhdanov"):
        assert glued not in texts["Q"]


def test_every_addition_keeps_wolfes_wording(textual_matters):
    """Each reading of Q, its gaps aside, stands word for word in Wolfe's pp. 82-83."""
    wolfe = _key(textual_matters)
    root = parse(REPORT).getroot()
    readings = root.findall(".//tei:body//tei:rdg[@wit='#Q']", NS)
    assert len(readings) == 11
    gaps = [g.get("reason") for r in readings for g in r.iterfind("tei:gap", NS)]
    assert gaps == ["not-quoted"] * 4
    for rdg in readings:
        words = "".join(rdg.itertext())
        assert _key(words) in wolfe, words


# --- the State Department text where the New Leader printed it -----------------------------


def test_sd_reads_secured_on_p128_and_candidate_for_on_p140(texts, entries):
    for s in ("SD", "Q", "W"):
        assert "their “confessions” were secured by force" in texts[s]
        assert "were acquired by force" not in texts[s]
    for s in ("SD", "Q"):
        assert "the former candidate for the Central Committee Political Bureau" in texts[s]
    assert "the former candidate member of the Central Committee Political Bureau" in texts["W"]
    on_128 = [e["lemma"] for e in entries if e["page"] == "128"]
    assert on_128 == ["people to fill the stage"]
    eikhe = [e for e in entries if e["page"] == "140"]
    assert len(eikhe) == 1 and eikhe[0]["cert"] == "medium"
    assert "New Leader" in eikhe[0]["notes"][0]


# --- certainty: high only where Wolfe quotes SD's words -----------------------------------


def _sd_readings(entries: list[dict]) -> list[tuple[dict, str]]:
    return [
        (e, r["text"])
        for e in entries
        for r in e["readings"]
        if "SD" in r["sigla"] and not r["lemma"] and r["text"].strip()
    ]


def test_the_check_of_quotations_can_fail(quoted):
    assert _quoted_by_wolfe("foreign-to-Marxism views", quoted)
    assert _quoted_by_wolfe("radio in the name of Kossior", quoted)
    assert not _quoted_by_wolfe("candidate for", quoted)  # the New Leader's, not Wolfe's
    assert not _quoted_by_wolfe("the foreign-to-Marxism views", quoted)
    assert not _quoted_by_wolfe("acquired through", quoted)


def test_every_certain_sd_reading_is_one_wolfe_quotes(entries, quoted):
    certain = [(e, text) for e, text in _sd_readings(entries) if e["cert"] == "high"]
    assert len(certain) >= 6
    for e, text in certain:
        assert _quoted_by_wolfe(text, quoted), f"{e['place']}: {text!r} is not Wolfe's"


def test_every_uncertain_sd_reading_says_why_with_wolfes_words_and_page(entries, quoted):
    uncertain = [(e, text) for e, text in _sd_readings(entries) if e["cert"] != "high"]
    assert {e["cert"] for e, _ in uncertain} == {"medium", "low"}
    for e, _ in uncertain:
        note = " ".join(" ".join(e["notes"]).split())
        assert note.startswith("Wolfe: “") and "(p. 84)" in note, e["place"]
        assert re.search(r"does not say where|inferred|conjecture", note), e["place"]
        first = re.match(r"Wolfe: “([^”]+)”", note).group(1)
        assert _quoted_by_wolfe(first, quoted), f"{e['place']}: Wolfe does not write {first!r}"


def test_the_lowered_certainties(entries):
    cert = {(e["page"], e["lemma"]): e["cert"] for e in entries}
    assert cert[("106", "secured")] == "medium"
    assert cert[("160", "secured")] == "low"
    assert cert[("146", "candidate-member")] == "low"
    assert [e["cert"] for e in entries if e["lemma"] == "adopted"] == ["medium", "low"]


def test_the_edition_stays_valid():
    assert "0 invalid, 0 errors" in _run("validate", str(REPORT))
