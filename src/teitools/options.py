"""Command-line options that more than one command takes, said once."""

from __future__ import annotations

from pathlib import Path

import click

schema_option = click.option(
    "--schema",
    "-s",
    "schemas",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Also validate against this RELAX NG, XSD or Schematron schema, e.g. tei_all.rng "
    "(repeatable).",
)

output_option = click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Where to write it, whole or not at all (default: standard output).",
)
