"""The side-by-side benchmark's own parts: the synthetic edition it times, the change it makes
to a document, and how it measures a command (its figures are only as good as these)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.cli import main as cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import side_by_side as sbs  # noqa: E402

TEI = {"t": sbs.TEI_NS}


def test_synthetic_edition_has_the_shape_asked_for() -> None:
    text = sbs.synthetic_edition()
    assert text == sbs.synthetic_edition()  # deterministic
    assert 900_000 < len(text.encode()) < 1_200_000
    root = etree.fromstring(text.encode())
    sigla = root.xpath("//t:listWit/t:witness/@xml:id", namespaces=TEI)
    assert len(sigla) == 26 == len(set(sigla))
    apps = root.xpath("//t:app", namespaces=TEI)
    assert len(apps) == 600
    method = root.xpath("//t:variantEncoding/@method", namespaces=TEI)
    assert method == ["parallel-segmentation"]
    for app in apps:  # positive: every witness exactly once per entry
        named = Counter(w.lstrip("#") for r in app for w in r.get("wit", "").split())
        assert sorted(named) == sorted(sigla) and set(named.values()) == {1}


def test_synthetic_edition_validates_with_teitools(tmp_path: Path) -> None:
    doc = tmp_path / "edition.xml"
    doc.write_text(sbs.synthetic_edition(witnesses=5, entries=40, size=60_000), "utf-8")
    result = CliRunner().invoke(cli, ["validate", "--no-project", str(doc)])
    assert result.exit_code == 0, result.output
    assert "0 invalid" in result.output


def test_sigla_beyond_the_alphabet_are_no_prefix_of_another() -> None:
    s = sbs.sigla(40)
    assert len(set(s)) == 40
    assert not [a for a in s for b in s if a != b and b.startswith(a)]


def test_change_adds_a_word_to_the_body(tmp_path: Path) -> None:
    doc = tmp_path / "play.xml"
    doc.write_text(
        f'<TEI xmlns="{sbs.TEI_NS}"><teiHeader><p>head</p></teiHeader>'
        "<text><body><sp><l>un vers</l></sp></body></text></TEI>",
        "utf-8",
    )
    sbs.change(doc, "révision1")
    root = etree.parse(str(doc)).getroot()
    assert root.xpath("string(//t:l)", namespaces=TEI) == "un vers révision1"
    assert root.xpath("string(//t:teiHeader)", namespaces=TEI) == "head"


def test_change_without_a_paragraph_still_changes_the_file(tmp_path: Path) -> None:
    doc = tmp_path / "empty.xml"
    doc.write_text(f'<TEI xmlns="{sbs.TEI_NS}"><text><body/></text></TEI>', "utf-8")
    before = doc.read_bytes()
    sbs.change(doc, "révision2")
    assert doc.read_bytes() != before
    etree.parse(str(doc))  # still well-formed


def test_measure_counts_the_memory_of_child_processes(tmp_path: Path) -> None:
    # a parent that starts two children, each holding 150 MB at the same time
    child = (
        "import time; b = bytearray(150_000_000); b[::4096] = b'x' * len(b[::4096]); "
        "time.sleep(1.0)"
    )
    parent = (
        "import subprocess, sys\n"
        f"ps = [subprocess.Popen([sys.executable, '-c', {child!r}]) for _ in range(2)]\n"
        "sys.exit(max(p.wait() for p in ps))\n"
    )
    m = sbs.measure([sys.executable, "-c", parent], tmp_path / "log")
    assert m.code == 0
    assert m.peak_mb > 300  # the sum of both children, not the largest one
    assert m.seconds >= 1.0


def test_measure_refuses_a_failed_command(tmp_path: Path) -> None:
    with pytest.raises(sbs.BenchError, match="exited 3: boom"):
        sbs.measure([sys.executable, "-c", "print('boom'); raise SystemExit(3)"], tmp_path / "l")
    m = sbs.measure([sys.executable, "-c", "raise SystemExit(1)"], tmp_path / "l", (0, 1))
    assert m.code == 1


def _report(codes: list[int]) -> dict:
    ms = [
        {"seconds": 2.0 + i, "peak_mb": 100.0, "code": c, "said": f"said {c}"}
        for i, c in enumerate(codes)
    ]
    base = [{"seconds": 1.0, "peak_mb": 50.0, "code": 0, "said": ""} for _ in codes]
    return {
        "teitools": "/x/teitools/__init__.py 0.1.0",
        "corpus": "/x/plays",
        "files": 3,
        "megabytes": 1.0,
        "runs": len(codes),
        "synthetic": {"runs": 0, "megabytes": 1.0, "witnesses": 26, "entries": 600},
        "machine": {"cores": 2, "load_before": [1.0], "load_after": [1.5]},
        "memory": "peak RSS",
        "stages": {
            "validate": {"teitools": ms, "baseline": base},
            "html, no-op": {"teitools": ms},
        },
    }


def test_table_gives_medians_ratios_and_a_dash_where_the_baseline_has_none() -> None:
    table = sbs.markdown(_report([0, 0, 0]))
    assert "| validate 3 files against tei_all | 1.00 s, 50 MB | 3.00 s, 100 MB |" in table
    assert "×3.00 time, ×2.00 memory" in table
    assert "| HTML again, nothing changed (3 files) | — | 3.00 s, 100 MB | — |" in table
    assert "Note:" not in table


def test_a_run_that_did_other_work_is_noted() -> None:
    found = sbs.notes(_report([0, 0, 1]))
    assert "teitools validate: exit codes [0, 0, 1] over the runs (said 1)" in found
