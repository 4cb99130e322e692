"""The `teitools` command: argument parsing and printing only; the work is in the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import Problem, TeitoolsError
from .options import format_option, output_option, project_option, schema_option


def _report(problems: list[Problem], quiet: bool) -> None:
    for p in problems:
        if quiet and p.severity == "note":
            continue
        click.echo(str(p), err=True)


def _fail(e: TeitoolsError) -> None:
    click.echo(str(e), err=True)
    sys.exit(e.exit_code)


class _Commands(click.Group):
    """The commands; those that live beside their library (build, publish, serve) are
    imported when asked for, so that `teitools validate` does not load them."""

    BESIDE = {
        "build": ("teitools.render.command", "build_command"),
        "publish": ("teitools.publish.command", "publish_command"),
        "serve": ("teitools.publish.command", "serve_command"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.BESIDE})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.BESIDE:
            import importlib

            module, attribute = self.BESIDE[name]
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teitools")
def main() -> None:
    """teitools: critical editions in TEI-XML, from OCR text to HTML, PDF and OAI-PMH.

    \b
    Example:
      teitools ingest book.txt --profile wolfe-report -o draft.xml
    """


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--profile",
    "-p",
    required=False,
    metavar="NAME|FILE",
    help="How the source is laid out: a built-in profile name or a TOML file.",
)
@click.option(
    "--corrections",
    "-c",
    type=click.Path(path_type=Path),
    metavar="TSV",
    help="OCR corrections to apply (page<TAB>ocr<TAB>corrected<TAB>note).",
)
@output_option
@click.option("--strict", is_flag=True, help="Exit 1 if anything was reported, warnings included.")
@click.option("--quiet", "-q", is_flag=True, help="Do not print notes (repaired page numbers).")
@click.option("--list-profiles", is_flag=True, help="List the built-in profiles and exit.")
@project_option
def ingest(
    source: Path,
    profile: str | None,
    corrections: Path | None,
    output: Path | None,
    strict: bool,
    quiet: bool,
    list_profiles: bool,
    project_path: Path | None,
) -> None:
    """Turn OCR'd page text into a TEI draft.

    Splits the text into its printed pages (<pb n="…"/>, repairing misread page numbers),
    drops running heads, rejoins broken words, joins paragraphs across pages, keeps one of
    interleaved page streams, moves footnotes to their calls and normalizes quotes and
    dashes, as the profile says. A profile named bare is looked up in the project's
    profiles folder first. Problems are printed as file:line:col lines.

    \b
    Examples:
      teitools ingest ../shared/seeds/004_d42a5647c659f7ce.txt -p wolfe-report -o report.xml
      teitools ingest article.txt -p my-journal.toml -c corrections.tsv > article.xml
      teitools ingest --list-profiles -
    """
    from .ingest import builtin_profiles
    from .ingest import ingest as run
    from .project import command_project, profile_in

    if list_profiles:
        click.echo("\n".join(builtin_profiles()))
        return
    if not profile:
        raise click.UsageError("give a --profile (see --list-profiles)")
    try:
        profile = profile_in(command_project(project_path), profile)
        result = run(source, profile, output=output, corrections=corrections)
    except TeitoolsError as e:
        _fail(e)
        return
    _report(result.problems, quiet)
    if output is None:
        sys.stdout.buffer.write(result.to_bytes())
    errors = [
        p for p in result.problems if p.severity == "error" or strict and p.severity == "warning"
    ]
    if errors:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@schema_option
@format_option(["text", "json", "junit"], "How to report: for people, or for CI.")
@project_option
@click.option(
    "--no-project",
    is_flag=True,
    help="Check every document as foreign TEI: no project's customization (its declared "
    "schemas, --schema, else tei_all).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULE",
    help="Do not report this rule (e.g. apparatus/positive-complete), or a family "
    '(apparatus). A document can say <?teitools ignore="RULE"?>.',
)
@click.option(
    "--jobs",
    "-j",
    type=int,
    default=None,
    metavar="N",
    help="Files checked in parallel (default: one per core).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors and warnings, not notes.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check every file again and keep no result (by default a file unchanged since it "
    "was checked, with the same schemas and options, is reported from the cache in "
    "$TEITOOLS_CACHE_DIR, else $XDG_CACHE_HOME/teitools or ~/.cache/teitools).",
)
def validate(
    paths: tuple[Path, ...],
    schemas: tuple[Path, ...],
    fmt: str,
    project_path: Path | None,
    no_project: bool,
    ignore: tuple[str, ...],
    jobs: int | None,
    quiet: bool,
    no_cache: bool,
) -> None:
    """Check TEI files: well-formed, valid, and an apparatus that holds together.

    PATHS are files or folders (default: the project's documents; outside a project, tei/).
    Checks well-formedness (safely: nothing is fetched, external entities are never
    resolved, entity bombs are refused), the customization of the project each document
    lies in (the teitools.toml found from its folder upward), any schema a document
    declares with <?xml-model?> that is a local file, every --schema, and the apparatus
    rules (sigla declared, pointers resolve, each witness once per entry, omissions
    typed...; a pointer outside the apparatus that points to nothing is only a warning).
    A document under no project is foreign TEI: checked against tei_all unless it declares
    a schema or --schema names one. Every problem is printed as file:line:col: error:
    message [rule], then a summary. Exit 0 if all is valid, 1 if a document is invalid, 2
    for a usage or I/O error.

    \b
    Examples:
      teitools validate
      teitools validate ../plays/ --format junit > report.xml
      teitools validate corpus/ --no-project --schema my.rng
    """
    from .project import command_project, default_documents
    from .validate import validate as run
    from .validate.report import as_json, as_junit, as_text, summary

    if project_path is not None and no_project:
        raise click.UsageError("give --project or --no-project, not both")

    from .progress import on_terminal

    progress = on_terminal() if fmt == "text" else None

    try:
        # the current folder's project only names the default documents: each document
        # is checked by the project it lies in
        project = command_project(project_path) if project_path or not paths else None
        report = run(
            paths or default_documents(project),
            [str(s) for s in schemas],
            project=False if no_project else (project if project_path is not None else True),
            ignore=ignore,
            jobs=jobs,
            progress=progress,
            cache=not no_cache,
        )
    except TeitoolsError as e:
        _fail(e)
        return
    if fmt == "json":
        click.echo(as_json(report), nl=False)
    elif fmt == "junit":
        click.echo(as_junit(report), nl=False)
    else:
        click.echo(as_text(report, notes=not quiet), nl=False)
    if fmt != "text":
        click.echo(summary(report), err=True)
    if not report.results:
        sys.exit(2)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--wit",
    "-w",
    "siglum",
    required=True,
    metavar="SIGLUM",
    help="The witness whose text to give (a siglum declared in <listWit>).",
)
@format_option(["text", "tei"], "Plain text, one paragraph a block; or a TEI document.")
@output_option
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Also list the entries that do not name the witness (it reads the lemma).",
)
@project_option
def witness(
    file: Path,
    siglum: str,
    fmt: str,
    output: Path | None,
    verbose: bool,
    project_path: Path | None,
) -> None:
    """Give the text of one witness of a critical apparatus.

    Works on any parallel-segmentation apparatus: positive or negative (a <lem> without
    @wit stands for every witness no reading names), <rdgGrp>, nested <app>, witness groups,
    bare sigla or #pointers in @wit, omissions. Notes inside entries are never text. Where an
    entry does not name the witness, it reads the lemma.

    \b
    Examples:
      teitools witness tei/secret-report.xml --wit SD
      teitools witness tei/secret-report.xml --wit Q --format tei -o q.xml
    """
    from .files import write_atomic
    from .ingest.build import tei_bytes
    from .project import command_project
    from .tei import read_tei, shown
    from .witnesses import derive_tei, prepare

    try:
        if project_path is not None:  # a bad project file is said before any work
            command_project(project_path)
        appar = prepare(read_tei(file), shown(str(file)), str(file))
        if fmt == "text":
            data = appar.witness_text(siglum).encode()
        else:
            data = tei_bytes(derive_tei(appar, siglum))
        if output is not None:
            write_atomic(output, data)
        else:
            sys.stdout.buffer.write(data)
    except TeitoolsError as e:
        _fail(e)
        return
    _report(appar.problems, quiet=not verbose)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@format_option(["text", "json"], "A readable list, or JSON for other programs.")
@project_option
def apparatus(file: Path, fmt: str, project_path: Path | None) -> None:
    """List every apparatus entry, then a summary by witness.

    Each entry with its place (printed page and paragraph), lemma, readings with their sigla,
    type and certainty, and the source it cites; then how many readings each witness has
    alone and how often each pair of witnesses agrees.

    \b
    Example:
      teitools apparatus tei/secret-report.xml
      teitools apparatus tei/secret-report.xml --format json | jq '.entries[0]'
    """
    from .apparatus_report import render
    from .project import command_project
    from .tei import read_tei, shown
    from .witnesses import prepare

    try:
        if project_path is not None:  # a bad project file is said before any work
            command_project(project_path)
        appar = prepare(read_tei(file), shown(str(file)), str(file))
    except TeitoolsError as e:
        _fail(e)
        return
    try:
        click.echo(render(appar, fmt, str(file)), nl=False)
    except TeitoolsError as e:
        _fail(e)
        return
    _report(appar.problems, quiet=True)
