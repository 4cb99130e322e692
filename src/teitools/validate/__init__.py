"""Validation: well-formedness and the schemas a user names, every problem with its place.

Schemas are compiled once per process and reused across files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import InputError, Problem, TeitoolsError
from ..tei import parse, safe_parser

Checker = Callable[[etree._ElementTree, str], list[Problem]]


@dataclass
class Report:
    """What validation found, file by file."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The XML files named, folders searched recursively for *.xml, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.xml") if q.is_file()))
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file or folder", str(p), rule="io/missing")
    return out


@lru_cache(maxsize=16)
def compile_schema(path: str) -> Checker:
    """Compile a RELAX NG (.rng) or XSD (.xsd) schema once; returns a checker of documents."""
    try:
        doc = etree.parse(path, safe_parser())
    except OSError:
        raise InputError("no such schema", path, rule="io/missing") from None
    except etree.XMLSyntaxError as e:
        line, col = e.position
        raise InputError(
            f"schema is not well-formed XML: {e.msg}", path, line, col, "schema/well-formed"
        ) from None
    ns = etree.QName(doc.getroot()).namespace
    try:
        if ns == "http://relaxng.org/ns/structure/1.0":
            schema: etree._Validator = etree.RelaxNG(doc)
            rule = "schema/relaxng"
        elif ns == "http://www.w3.org/2001/XMLSchema":
            schema = etree.XMLSchema(doc)
            rule = "schema/xsd"
        else:
            raise InputError("not a RELAX NG or XSD schema", path, rule="schema/kind")
    except etree.XMLSchemaParseError as e:
        raise InputError(f"schema does not compile: {e}", path, rule="schema/compile") from None
    name = os.path.basename(path)

    def check(tree: etree._ElementTree, file: str) -> list[Problem]:
        if schema.validate(tree):
            return []
        return [
            Problem(file, e.line, e.column + 1 if e.column else None, f"{e.message} ({name})", rule)
            for e in schema.error_log
        ]

    return check


def validate(paths: Iterable[str | os.PathLike[str]], schemas: Iterable[str] = ()) -> Report:
    """Check each file for well-formedness and against each schema; collect every problem."""
    checkers = [compile_schema(os.path.abspath(s)) for s in schemas]
    report = Report()
    for path in collect(paths):
        name = str(path)
        report.files.append(name)
        try:
            tree = parse(path)
        except TeitoolsError as e:
            report.problems.append(e.problem)
            continue
        for check in checkers:
            report.problems.extend(check(tree, name))
    return report
