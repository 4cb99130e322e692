"""The text of any witness, from our apparatus and from apparatus written elsewhere."""

import difflib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.errors import UsageError
from teitools.tei import NS, parse
from teitools.witnesses import Apparatus, T, _blocks, entries, summarize

from .conftest import FIXTURES, ROOT, SHARED, need

REPORT = ROOT / "tei" / "secret-report.xml"


@pytest.fixture(scope="module")
def small():
    return Apparatus(parse(FIXTURES / "apparatus.xml"), "apparatus.xml")


def test_every_kind_of_parallel_segmentation_entry(small):
    texts = {s: small.witness_text(s).strip().split("\n\n") for s in ("A", "B", "C")}
    assert texts["A"] == [
        "Negative: alpha.", "Bare sigla: one.", "Group of readings: x.",
        "Nested: a big red house.", "Witness group: g1.", "Omission: perhaps so.", "Notes: n1.",
    ]  # fmt: skip
    assert texts["B"] == [
        "Negative: beta.", "Bare sigla: two.", "Group of readings: y.",
        "Nested: a big blue house.", "Witness group: g2.", "Omission: perhaps so.", "Notes: n2.",
    ]  # fmt: skip
    assert texts["C"] == [
        "Negative: alpha.", "Bare sigla: one.", "Group of readings: yy.",
        "Nested: a hut.", "Witness group: g2.", "Omission: so.", "Notes: n1.",
    ]  # fmt: skip


def test_a_group_is_declared_and_expands_to_its_members(small):
    assert small.witnesses["G"].members == ["B", "C"]
    assert small.leaves() == ["A", "B", "C"]


def test_an_unknown_siglum_lists_the_declared_ones(small):
    with pytest.raises(UsageError) as e:
        small.witness_text("Z")
    assert 'no witness "Z" is declared (declared: A, G, B, C)' in str(e.value)


def test_the_entries_and_the_summary(small):
    items = entries(small)
    assert len(items) == 8  # the nested entry counts
    nested = items[3]
    assert (nested.page, nested.paragraph, nested.lemma) == ("2", 4, "big red house")
    assert [(r.text, r.sigla) for r in nested.readings] == [
        ("big red house", ["A", "B"]),
        ("hut", ["C"]),
    ]
    omission = items[6]
    assert [(r.text, r.type) for r in omission.readings][1] == ("", "omission")
    s = summarize(small, items)
    assert s.alone["C"] == 3 and s.agreements["A+C"] == 3 and s.agreements["B+C"] == 1


# --- the Secret Report --------------------------------------------------------------------


@pytest.fixture(scope="module")
def report():
    return Apparatus(parse(REPORT), str(REPORT))


@pytest.fixture(scope="module")
def texts(report):
    return {s: " ".join(report.witness_text(s).split()) for s in ("SD", "Q", "W")}


def test_the_statisti_emendation(texts, report):
    assert "all he needed were statisticians; he treated" in texts["SD"]
    assert "people to fill the stage" not in texts["SD"]
    assert "all he needed were people to fill the stage; he treated" in texts["W"]
    assert "statisticians" not in texts["W"]
    app = report.root.find(".//tei:app[@type='emendation']", NS)
    assert app.get("resp") == "#wolfe" and "#wolfe-p84" in app.get("source")
    assert "statistiki" in "".join(app.find("tei:note", NS).itertext())


QUOTIDIANO = [
    "many of these prizes were conferred on his sycophants in Russia and abroad.",
    "mass repressions, not only for the necessary repression of the kulaks, but also for the "
    "elimination of communist opponents, at a time when the Revolution was already victorious",
    "as it developed in the Korean War.",
    "the present British leaders in a more subtle way are still trying to do the same thing",
    "He did not know how to act in the case of India",
    "In our relations with China",
    "We must work with Leninist persistence",
    "We have no intention of abandoning the road of our party",
    "only Zhdanov and Malenkov had regular access to Stalin.",
    "It may be difficult for Voroshilov to take the initiative",
    "that there did not develop a greater nationalist separatism",
]


@pytest.mark.parametrize("words", QUOTIDIANO)
def test_each_addition_of_il_quotidiano_is_in_q_alone(texts, words):
    assert words in texts["Q"]
    assert words not in texts["SD"] and words not in texts["W"]


def test_item_2_is_inside_an_existing_sentence(texts):
    assert "used extreme methods and mass repressions at a time when" in texts["SD"]


IDIOMS = [
    ("inexorably combated the views, alien to Marxism, about",
     "inexorably combated the foreign-to-Marxism views about"),
    ("mercilessly condemned every", "mercilessly stigmatized every"),
    ("“confessions” were secured through", "“confessions” were acquired through"),
    ("fear and even despair", "fear and even desperation"),
    ("the former candidate member of the Central", "the former candidate for the Central"),
    ("contain some slander of the Central", "contain some slander toward the Central"),
    ("no need for any approval, for what sort of an approval could",
     "no need for any sanction, for what sort of a sanction could"),
    ("a very distrustful man, morbidly suspicious", "a very distrustful man, sickly suspicious"),
    ("These resolutions were adopted", "These resolutions were made"),
    ("“This is radio Kossior.”", "“This is radio in the name of Kossior.”"),
]  # fmt: skip


@pytest.mark.parametrize("w, sd", IDIOMS, ids=[w for w, _ in IDIOMS])
def test_each_idiomatic_correction_has_both_readings(texts, w, sd):
    assert w in texts["W"] and w not in texts["SD"]
    assert sd in texts["SD"] and sd not in texts["W"]


def test_w_does_not_correct_every_occurrence(texts):
    assert "The sickly suspicion created in him" in texts["W"]
    assert "they were only so stigmatized" in texts["W"]


def test_every_entry_cites_wolfe_and_the_uncertain_ones_say_why(report):
    apps = report.root.findall(".//tei:body//tei:app", NS)
    assert len(apps) == 25
    ids = {e.get("{http://www.w3.org/XML/1998/namespace}id") for e in report.root.iter()}
    for app in apps:
        sources = app.get("source", "").split()
        assert sources and all(s.lstrip("#") in ids and s.startswith("#wolfe-p") for s in sources)
        assert app.get("cert") in {"high", "medium", "low"}
        if app.get("cert") != "high":
            why = "".join(app.find("tei:note", NS).itertext())
            assert re.search(r"infer|conjecture|placed by the editors|does not say|lost", why, re.I)
    korea = [a for a in apps if a.get("n") == "Q3"][0]
    assert korea.get("cert") == "low"
    assert "says nothing of Asia or Korea" in "".join(korea.find("tei:note", NS).itertext())


def test_the_reports_that_are_not_witnesses_are_in_the_source_description(report):
    sigla = [
        w.get("{http://www.w3.org/XML/1998/namespace}id")
        for w in report.root.iterfind(".//tei:listWit/tei:witness", NS)
    ]
    assert sigla == ["SD", "Q", "W"]
    others = report.root.find(".//tei:sourceDesc", NS)
    text = "".join(others.itertext())
    for name in ("Reuters", "Borba", "France Soir"):
        assert name in text
    assert not any(
        name in "".join(w.itertext())
        for name in ("Reuters", "Borba", "France Soir")
        for w in report.root.iterfind(".//tei:listWit/tei:witness", NS)
    )


# --- the command --------------------------------------------------------------------------


def test_witness_command_text_and_tei(tmp_path, tei_all):
    runner = CliRunner()
    r = runner.invoke(main, ["witness", str(REPORT), "--wit", "SD"])
    assert r.exit_code == 0 and "all he needed were statisticians;" in r.output
    out = tmp_path / "q.xml"
    r = runner.invoke(main, ["witness", str(REPORT), "--wit", "Q", "-f", "tei", "-o", str(out)])
    assert r.exit_code == 0, r.output
    tree = parse(out)
    assert tree.getroot().find(".//tei:body//tei:app", NS) is None
    assert tei_all(tree, str(out)) == []
    derived = tree.getroot().find(".//tei:sourceDesc/tei:bibl[@type='derivedFrom']", NS)
    assert "secret-report.xml" in derived.text and "witness Q" in derived.text
    sub = tree.getroot().find(".//tei:titleStmt/tei:title[@type='sub']", NS)
    assert sub.text.startswith("The text of witness Q: Il Quotidiano")
    assert "sycophants" in "".join(tree.getroot().find(".//tei:body", NS).itertext())


def test_witness_command_errors(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["witness", str(REPORT), "--wit", "SDX"])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert 'no witness "SDX" is declared (declared: SD, Q, W)' in r.output
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI><text>")
    r = runner.invoke(main, ["witness", str(bad), "--wit", "A"])
    assert r.exit_code == 1 and f"{bad}:1:" in r.output


def test_apparatus_command(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["apparatus", str(REPORT)])
    assert r.exit_code == 0
    assert "p. 128, ¶ 83: people to fill the stage] W; statisticians SD" in r.output
    assert "type emendation · certainty high · by Bertram D. Wolfe" in r.output
    assert "  Q: 11 (named in 25 entries)" in r.output and "  SD+W: 11" in r.output
    r = runner.invoke(main, ["apparatus", str(REPORT), "--format", "json"])
    data = json.loads(r.output)
    assert len(data["entries"]) == 25 and data["summary"]["alone"]["Q"] == 11
    first = data["entries"][0]
    assert {"page", "paragraph", "lemma", "readings", "type", "cert", "source"} <= first.keys()


# --- apparatus from elsewhere: Peter Gracilis, LombardPress, negative apparatus ----------


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _ratio(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def test_gracilis_witness_is_closer_to_its_transcription_than_the_edition():
    corpus = need(SHARED / "corpora" / "scta-gracilis")
    pairs = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        ed, lon = folder / f"{folder.name}.xml", folder / f"lon_{folder.name}.xml"
        if ed.exists() and lon.exists() and "<app" in ed.read_text(encoding="utf-8"):
            pairs.append((ed, lon))
    assert len(pairs) >= 50
    gained = 0
    for ed, lon in pairs:
        appar = Apparatus(parse(ed), str(ed))
        witness = _words(appar.witness_text("L"))
        edition = _words(" ".join(_blocks(appar.root.find(T + "text"))))
        diplomatic = _words(" ".join(_blocks(parse(lon).getroot().find(T + "text"))))
        w, e = _ratio(witness, diplomatic), _ratio(edition, diplomatic)
        assert w >= 0.8, f"{ed.name}: L's text only {w:.2f} like the London transcription"
        assert w >= e, f"{ed.name}: L's text ({w:.3f}) further from L than the edition ({e:.3f})"
        gained += w > e
    assert gained >= len(pairs) * 0.75


def test_gracilis_omissions_and_corrections(tmp_path):
    ed = need(SHARED / "corpora" / "scta-gracilis" / "pg-b1q10" / "pg-b1q10.xml")
    appar = Apparatus(parse(ed), str(ed))
    text = appar.witness_text("L")
    assert "Quarto" in text and "significans" in text  # L's readings, not the editors'
    assert "haeretics" not in text  # the editors' supplement, which L leaves blank
    assert "EDITORIAL" not in text and "minim" not in text  # notes inside entries
    assert Path(ed).name in appar.file
