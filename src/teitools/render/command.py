"""`teitools build`: the renderings of the editions, each asked for by its own flag.

The command only parses and prints; each format is a library function in this package. A
format is one entry of FORMATS (its flag, its default folder, its builder): the print edition
adds `"pdf": Format("build/pdf", _build_pdf, "…")` calling teitools.render.pdf.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from ..errors import InputError, TeitoolsError
from ..options import project_option
from ..tei import shown


@dataclass(frozen=True)
class Format:
    """A rendering `build` can make: where it goes by default, what makes it, its help."""

    default_out: str
    build: Callable[..., str]  # (sources, folder, **options) -> a line saying what it did
    help: str


def _build_html(paths: list[Path], out: Path, scheduler: str | None = None, **options: str) -> str:
    from ..progress import on_terminal
    from .html import build_html

    return build_html(paths, out, scheduler=scheduler, progress=on_terminal()).summary()


def _build_pdf(paths: list[Path], out: Path, page_size: str = "A5", **options: str | None) -> str:
    import time

    from ..progress import on_terminal
    from .pdf import build_pdf

    problems: list = []
    start = time.perf_counter()
    made = build_pdf(paths, out, page_size=page_size, problems=problems, progress=on_terminal())
    for p in problems:
        click.echo(str(p), err=True)
    return (
        f"{len(made)} PDF{'s' if len(made) != 1 else ''} ({page_size}) in {out}/ "
        f"({time.perf_counter() - start:.1f} s)"
    )


FORMATS: dict[str, Format] = {
    "html": Format(
        "build/html",
        _build_html,
        "The HTML edition: a static site (default folder build/html/).",
    ),
    "pdf": Format(
        "build/pdf",
        _build_pdf,
        "The print edition: a PDF a document (default folder build/pdf/).",
    ),
}


def _with_format_flags(command: Callable) -> Callable:
    for name, fmt in reversed(FORMATS.items()):
        command = click.option(f"--{name}", f"fmt_{name}", is_flag=True, help=fmt.help)(command)
    return command


@click.command("build")
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Where to build (default: build/<format>/; with several formats, DIR/<format>/).",
)
@click.option(
    "--page-size",
    type=click.Choice(["A5", "letter"]),
    default="A5",
    show_default=True,
    help="The page size of the print edition.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Make the HTML editions on a Dask distributed cluster (e.g. tcp://10.0.0.5:8786; "
    "pip install 'teitools[dask]'): the same site as a build here.",
)
@project_option
@_with_format_flags
def build_command(
    paths: tuple[Path, ...],
    output: Path | None,
    page_size: str,
    scheduler: str | None,
    project_path: Path | None,
    **flags: bool,
) -> None:
    """Build the editions of the TEI documents PATH… (default: the project's documents into
    its build folder; outside a project, every document in tei/ into build/).

    Each build is made whole in a temporary folder and renamed into place; a build whose
    inputs, stylesheets and code have not changed does nothing.

    \b
    Examples:
      teitools build --html
      teitools build --pdf --page-size letter tei/secret-report.xml
      teitools build --html tei/secret-report.xml tei/wolfe-commentary.xml -o site/
      teitools build --html corpus/ --scheduler tcp://127.0.0.1:8786
    """
    chosen = [name for name in FORMATS if flags.get(f"fmt_{name}")]
    if not chosen:
        names = " ".join(f"--{n}" for n in FORMATS)
        raise click.UsageError(f"say what to build: {names}")
    from ..project import command_project, default_documents

    try:
        project = command_project(project_path)
        if not paths:
            paths = tuple(default_documents(project))
    except TeitoolsError as e:
        click.echo(str(e), err=True)
        sys.exit(e.exit_code)
    for name in chosen:
        fmt = FORMATS[name]
        if output is None and project is not None:
            out = Path(os.path.relpath(project.build / name))
        elif output is None:
            out = Path(fmt.default_out)
        else:
            out = output if len(chosen) == 1 else output / name
        try:
            click.echo(fmt.build(list(paths), out, page_size=page_size, scheduler=scheduler))
        except TeitoolsError as e:
            click.echo(str(e), err=True)
            sys.exit(e.exit_code)
        except OSError as e:  # what the builders did not foresee is still said in one line
            place = shown(os.fsdecode(e.filename) if e.filename else str(out))
            click.echo(
                str(InputError(f"cannot build: {e.strerror or e}", place, rule="io/error")),
                err=True,
            )
            sys.exit(InputError.exit_code)
