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


def format_option(choices: list[str], help: str):  # noqa: A002 (click's own word)
    """--format/-f, one of `choices` (the first is the default), given to the command as fmt."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def db_option(help: str):  # noqa: A002
    """--db FILE: the record store of `teitools publish` and `teitools serve`."""
    return click.option(
        "--db",
        required=True,
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="FILE",
        help=help,
    )


project_option = click.option(
    "--project",
    "project_path",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="The project (its teitools.toml, or the folder holding it); default: the one found "
    "from the current folder upward.",
)
