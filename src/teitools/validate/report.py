"""Validation reports for people (one problem a line, then a summary) and for CI systems."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, replace

from lxml import etree

from ..errors import Problem
from ..tei import shown
from . import Report


def _line(p: Problem) -> str:
    """A problem's line, its file name printable whatever bytes it holds."""
    return str(replace(p, file=shown(p.file)))


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    """Text XML can hold: characters it cannot (control characters, stray surrogates from
    names that are not UTF-8) written as \\xNN or \\uNNNN."""
    return _NOT_XML.sub(
        lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text
    )


def summary(report: Report) -> str:
    n = len(report.results)
    c = Counter(p.severity for p in report.problems)
    bad = sum(1 for r in report.results if any(p.severity == "error" for p in r.problems))
    parts = [
        f"{n} file{'s' if n != 1 else ''} checked",
        f"{bad} invalid",
        f"{c['error']} error{'s' if c['error'] != 1 else ''}",
    ]
    if c["warning"]:
        parts.append(f"{c['warning']} warning{'s' if c['warning'] != 1 else ''}")
    return ", ".join(parts)


def as_text(report: Report, notes: bool = True) -> str:
    lines = [_line(p) for p in report.problems if notes or p.severity != "note"]
    return "\n".join([*lines, summary(report)]) + "\n"


def as_json(report: Report) -> str:
    return (
        json.dumps(
            {
                "ok": report.ok,
                "summary": summary(report),
                "files": [
                    {
                        "file": shown(r.file),
                        "valid": not any(p.severity == "error" for p in r.problems),
                        "problems": [asdict(replace(p, file=shown(p.file))) for p in r.problems],
                    }
                    for r in report.results
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def as_junit(report: Report) -> str:
    """JUnit XML: a test case a file, a failure a problem (errors), as CI systems read it."""
    suites = etree.Element("testsuites", name="teitools validate")
    suite = etree.SubElement(
        suites,
        "testsuite",
        name="teitools validate",
        tests=str(len(report.results)),
        failures=str(
            sum(1 for r in report.results if any(p.severity == "error" for p in r.problems))
        ),
        errors="0",
        skipped="0",
    )
    for r in report.results:
        case = etree.SubElement(
            suite, "testcase", classname="teitools.validate", name=_xml_text(shown(r.file))
        )
        errors = [p for p in r.problems if p.severity == "error"]
        if errors:
            fail = etree.SubElement(
                case,
                "failure",
                message=_xml_text(errors[0].message),
                type=_xml_text(errors[0].rule),
            )
            fail.text = _xml_text("\n".join(_line(p) for p in errors))
        others = [p for p in r.problems if p.severity != "error"]
        if others:
            etree.SubElement(case, "system-out").text = _xml_text(
                "\n".join(_line(p) for p in others)
            )
    return etree.tostring(
        suites, pretty_print=True, xml_declaration=True, encoding="UTF-8"
    ).decode()
