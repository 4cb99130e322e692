"""The apparatus as a report: a readable list of entries, or JSON, with a summary by witness."""

from __future__ import annotations

import json
from dataclasses import asdict

from .witnesses import Apparatus, cite_source, entries, place, summarize


def render(appar: Apparatus, fmt: str = "text") -> str:
    """Every entry of the document, then how each witness stands; as text or JSON."""
    items = entries(appar)
    summary = summarize(appar, items)
    if fmt == "json":
        return (
            json.dumps(
                {
                    "file": appar.file,
                    "witnesses": {s: asdict(w) for s, w in appar.witnesses.items()},
                    "entries": [
                        {
                            **asdict(e),
                            "place": place(e),
                            "source_text": cite_source(appar, e.source),
                        }
                        for e in items
                    ],
                    "summary": asdict(summary),
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    lines = [f"{appar.file}: {len(items)} apparatus entries"]
    for s, w in appar.witnesses.items():
        lines.append(
            f"  {s}  {w.label}" + (f" (group: {' '.join(w.members)})" if w.members else "")
        )
    lines.append("")
    for n, e in enumerate(items, 1):
        readings = "; ".join(
            f"{r.text or '(omits)'} {' '.join(r.sigla) or '—'}" for r in e.readings if not r.lemma
        )
        lem_sigla = " ".join(next((r.sigla for r in e.readings if r.lemma), []))
        head = f"{n:>3}. {place(e)}: {e.lemma or '(nothing)'}] {lem_sigla}; {readings}"
        lines.append(head)
        facts = [
            f"type {e.type}" if e.type else "",
            f"certainty {e.cert}" if e.cert else "",
            f"by {cite_source(appar, e.resp)}" if e.resp else "",
            cite_source(appar, e.source) or "",
        ]
        facts = [f for f in facts if f]
        if facts:
            lines.append("       " + " · ".join(facts))
        for note in e.notes:
            lines.append(f"       note: {note}")
    lines.append("")
    lines.append("Readings each witness has alone:")
    for s, k in summary.alone.items():
        lines.append(f"  {s}: {k} (named in {summary.attested[s]} entries)")
    lines.append("Agreements between pairs (entries where both read the same):")
    for pair, k in summary.agreements.items():
        lines.append(f"  {pair}: {k}")
    return "\n".join(lines) + "\n"
