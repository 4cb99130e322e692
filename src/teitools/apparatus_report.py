"""The apparatus as a report: a readable list of entries, or JSON, with a summary by witness.

Each entry is printed as editors print it, by the stylesheets that print the HTML and print
editions' apparatus (xslt/common/readings.xsl, run through xslt/text/apparatus.xsl), with the
same labels (xslt/common/labels.xml, keys reading.*, overridden by a project's labels file):
"fides] om. A (per hom.)", "aeternale] coni. Bekker; internale A B".
"""

from __future__ import annotations

import json
from dataclasses import asdict

from .errors import TeitoolsError
from .project import project_of
from .witnesses import Apparatus, cite_source, entries, place, summarize


def printed_lines(appar: Apparatus, path: str | None = None) -> list[str] | None:
    """Each entry (attached to its text) as the print edition prints it: the stylesheets'
    own t:entry-summary, run on the document the model has annotated, with the labels of the
    document's project (`path`: the document's real path, to find its project). None where
    the lines cannot be matched to the entries."""
    from .render.html import labels_param
    from .render.xslt import XSLT_DIR, document_uri, transform, xdm

    project = None
    if path:
        try:
            project = project_of(path)
        except TeitoolsError:  # a broken project file is reported by the commands checking it
            project = None
    node = xdm(appar.annotate(), document_uri(path or appar.file or "document.xml"), appar.file)
    out = transform(XSLT_DIR / "text" / "apparatus.xsl", node, labels_param(project))
    return out.split("\n") if out else []


def render(appar: Apparatus, fmt: str = "text", path: str | None = None) -> str:
    """Every entry of the document, then how each witness stands; as text or JSON.
    `path`: the document's real path (its project's labels print the entries)."""
    items = entries(appar)
    summary = summarize(appar, items)
    lines_of = printed_lines(appar, path) if items else []
    if lines_of is not None and len(lines_of) != len(items):
        lines_of = None
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
                            **({"printed": lines_of[i]} if lines_of else {}),
                        }
                        for i, e in enumerate(items)
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
        if lines_of:
            printed = lines_of[n - 1]
        else:
            readings = "; ".join(
                f"{r.text or '(omits)'} {' '.join(r.sigla) or '—'}"
                for r in e.readings
                if not r.lemma
            )
            lem_sigla = " ".join(next((r.sigla for r in e.readings if r.lemma), []))
            printed = f"{e.lemma or '(nothing)'}] {lem_sigla}; {readings}"
        lines.append(f"{n:>3}. {place(e)}: {printed}")
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
