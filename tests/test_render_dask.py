"""The editions made on a Dask distributed cluster (`build --scheduler`): a LocalCluster of
two worker processes, the same site byte for byte as a build in one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.render.html import build_html

from .conftest import FIXTURES, assert_clean_failure, assert_same_site, need_module

MODEL = FIXTURES / "apparatus"


@pytest.fixture(scope="module")
def cluster():
    LocalCluster = need_module("distributed").LocalCluster  # noqa: N806
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c


def test_a_cluster_builds_the_same_site(cluster, tmp_path: Path) -> None:
    src = tmp_path / "tei"
    src.mkdir()
    for f in sorted(MODEL.glob("model-*.xml")):
        shutil.copy(f, src / f.name)
    here = build_html([src], tmp_path / "here")
    there = build_html([src], tmp_path / "there", scheduler=cluster.scheduler_address)
    assert sorted(here.pages) == sorted(there.pages)
    one = tmp_path / "here"
    assert_same_site(one, tmp_path / "there")
    # and the command says so too
    r = CliRunner().invoke(
        main,
        ["build", "--html", str(src), "-o", str(tmp_path / "cmd"), "--scheduler",
         cluster.scheduler_address],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert (tmp_path / "cmd" / "model-hands.compare.html").read_bytes() == (
        one / "model-hands.compare.html"
    ).read_bytes()


def test_a_scheduler_that_does_not_answer_is_one_line(tmp_path: Path, monkeypatch) -> None:
    need_module("distributed")
    monkeypatch.setenv("TEITOOLS_DASK_TIMEOUT", "2")
    doc = tmp_path / "a.xml"
    shutil.copy(MODEL / "model-hands.xml", doc)
    r = CliRunner().invoke(
        main,
        ["build", "--html", str(doc), "-o", str(tmp_path / "out"), "--scheduler",
         "tcp://127.0.0.1:9"],
    )  # fmt: skip
    assert_clean_failure(r, 2, "tcp://127.0.0.1:9", "[build/dask]")
    assert not (tmp_path / "out").exists()
