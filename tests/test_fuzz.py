"""Fuzzing: mutants of small TEI documents through every command that reads XML, in a child
process watched for hangs. A bounded campaign here; `python bench/fuzz.py` runs a long one."""

from __future__ import annotations

import os

import pytest

from .fuzzing import FAST, campaign, mutate

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_mutator_is_seeded_and_changes_the_input():
    import random

    data = b"<TEI><text><body><p>x</p></body></text></TEI>"
    a = [mutate(data, random.Random(7), [b"<app>"]) for _ in range(3)]
    b = [mutate(data, random.Random(7), [b"<app>"]) for _ in range(3)]
    assert a == b
    assert any(m != data for m in a)


@pytest.mark.parametrize(
    "commands, mutants, seed",
    [
        (FAST, int(os.environ.get("TEITOOLS_FUZZ_MUTANTS", 60)), 11),
        (("publish", "build-html"), 8, 12),
        (("build-pdf",), 2, 13),
    ],
    ids=["read-commands", "publish-and-html", "pdf"],
)
def test_no_traceback_no_hang(commands, mutants, seed, listener, tmp_path):
    result = campaign(
        mutants, commands, seed=seed, listener_url=listener.url, timeout=60, keep=tmp_path
    )
    print(result.summary())
    assert sum(result.runs.values()) == mutants * len(commands)
    assert result.findings == [], "\n\n".join(
        f"{f.command} {f.kind} on {f.mutant}:\n{f.detail}" for f in result.findings[:3]
    )
    if commands == FAST:  # the mutants reach both the error paths and the work itself
        assert result.outcomes[0] > 0 and result.outcomes[1] > 0
