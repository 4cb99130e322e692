"""Validation reports for people (one problem a line, then a summary) and for CI systems."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict

from lxml import etree

from . import Report


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
    lines = [str(p) for p in report.problems if notes or p.severity != "note"]
    return "\n".join([*lines, summary(report)]) + "\n"


def as_json(report: Report) -> str:
    return (
        json.dumps(
            {
                "ok": report.ok,
                "summary": summary(report),
                "files": [
                    {
                        "file": r.file,
                        "valid": not any(p.severity == "error" for p in r.problems),
                        "problems": [asdict(p) for p in r.problems],
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
        case = etree.SubElement(suite, "testcase", classname="teitools.validate", name=r.file)
        errors = [p for p in r.problems if p.severity == "error"]
        if errors:
            fail = etree.SubElement(case, "failure", message=errors[0].message, type=errors[0].rule)
            fail.text = "\n".join(str(p) for p in errors)
        others = [p for p in r.problems if p.severity != "error"]
        if others:
            etree.SubElement(case, "system-out").text = "\n".join(str(p) for p in others)
    return etree.tostring(
        suites, pretty_print=True, xml_declaration=True, encoding="UTF-8"
    ).decode()
