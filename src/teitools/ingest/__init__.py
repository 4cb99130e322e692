"""OCR page text → a TEI draft: pages, running heads, broken words, footnotes, streams.

from teitools.ingest import ingest
result = ingest("book.txt", "wolfe-report")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import Problem
from ..files import write_atomic
from .build import build_tei, tei_bytes
from .core import Draft, ingest_file
from .corrections import apply_corrections, load_corrections
from .profile import Profile, builtin_profiles, load_profile

__all__ = ["IngestResult", "ingest", "load_profile", "builtin_profiles", "Profile", "Draft"]


@dataclass
class IngestResult:
    tree: etree._ElementTree
    draft: Draft

    @property
    def problems(self) -> list[Problem]:
        return self.draft.problems

    @property
    def page_numbers(self) -> list[int]:
        return [p.n for p in self.draft.pages]

    def to_bytes(self) -> bytes:
        return tei_bytes(self.tree)


def ingest(
    source: str | Path,
    profile: str | Path | Profile,
    output: str | Path | None = None,
    corrections: str | Path | None = None,
) -> IngestResult:
    """Turn one OCR text file into a TEI draft by a profile; write it (atomically) if asked.

    `corrections` names a TSV of page-scoped OCR corrections applied to the text before the
    TEI is made (see teitools.ingest.corrections).
    """
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    rows, ops = load_corrections(corrections) if corrections is not None else ([], [])
    draft = ingest_file(source, prof, ops)
    draft.corrections = apply_corrections(draft, rows, str(corrections))
    if corrections is not None:
        draft.corrections_file = Path(corrections).name
    result = IngestResult(build_tei(draft), draft)
    if output is not None:
        write_atomic(output, result.to_bytes())
    return result
