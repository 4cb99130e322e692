"""The `publish` and `serve` commands: argument parsing and printing; the work is in the library."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import TeitoolsError
from ..options import db_option, project_option, schema_option


@click.command("publish")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@db_option("The record store (an SQLite file; made on the first publish).")
@click.option(
    "--repository-id",
    metavar="DOMAIN",
    help="The repository's part of the identifiers, oai:DOMAIN:DOCUMENT (a domain name you "
    "control; default: the project's [repository] id, else teitools.local). Fixed when the "
    "store is made.",
)
@click.option(
    "--repository-name",
    metavar="TEXT",
    help="The name Identify gives (default: the project's [repository] name).",
)
@click.option(
    "--admin-email",
    metavar="ADDRESS",
    help="The address Identify gives (default: the project's, else editors@REPOSITORY-ID).",
)
@click.option(
    "--withdraw",
    multiple=True,
    metavar="ID",
    help="Withdraw this document (its id or oai: identifier): its record stays, marked "
    "deleted. Repeatable. With --withdraw and no PATH, nothing is published.",
)
@schema_option
@project_option
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and warnings.")
def publish_command(
    paths: tuple[Path, ...],
    db: Path,
    repository_id: str | None,
    repository_name: str | None,
    admin_email: str | None,
    withdraw: tuple[str, ...],
    schemas: tuple[Path, ...],
    project_path: Path | None,
    quiet: bool,
) -> None:
    """Publish the TEI documents that validate into a record store for OAI-PMH.

    PATHS are files or folders (default: the project's documents; outside a project, tei/).
    Every document is checked as `teitools validate` checks it (by the project it lies in;
    a document under no project as foreign TEI, against tei_all); if one is invalid, its
    messages are printed and nothing is published. A new store is made as the repository the
    options say, else as the project's [repository] table says. Each document is a record
    oai:REPOSITORY-ID:NAME (NAME: the file name without .xml) whose datestamp changes only
    when its content does, in sets by collection and document type. A document missing from
    PATHS is not withdrawn: name it with --withdraw. Exit 0 if published, 1 if a document
    is invalid, 2 for a usage or I/O error.

    \b
    Examples:
      teitools publish --db build/oai.db --repository-id editions.example.org
      teitools publish tei/secret-report.xml --db build/oai.db -s tei_all.rng
      teitools publish --db build/oai.db --withdraw slavic-review-1967
    """
    from ..cli import _fail
    from ..project import command_project, default_documents
    from . import Identity, Refused, publish

    try:
        project = command_project(project_path)
        if not paths and not withdraw:
            paths = tuple(default_documents(project))
        # the project's [repository] is what a new store is made as: like the defaults it
        # replaces, it never contradicts a store that exists (only the options can)
        repo = project.repository if project and not db.exists() else None
        identity = Identity(
            repository_id or (repo and repo.id),
            repository_name or (repo and repo.name),
            admin_email or (repo and repo.admin_email),
        )
        result = publish(
            paths,
            db,
            identity,
            withdraw=withdraw,
            schemas=[str(s) for s in schemas],
            project=project if project_path is not None and project is not None else True,
        )
    except Refused as e:
        for p in e.problems:
            click.echo(str(p), err=True)
        _fail(e)
        return
    except TeitoolsError as e:
        _fail(e)
        return
    for p in result.problems:
        if not (quiet and p.severity == "note"):
            click.echo(str(p), err=True)
    ch = result.changes
    assert ch.repository is not None
    if not quiet:
        for label, ids in (
            ("new", ch.added),
            ("updated", ch.updated),
            ("unchanged", ch.unchanged),
            ("withdrawn", ch.withdrawn),
        ):
            for doc_id in ids:
                click.echo(f"{label:<10} {ch.repository.oai_identifier(doc_id)}")
    click.echo(
        f"{ch.store}: {len(ch.added)} new, {len(ch.updated)} updated, "
        f"{len(ch.unchanged)} unchanged, {len(ch.withdrawn)} withdrawn"
        + (f" (datestamp {ch.datestamp})" if ch.added or ch.updated or ch.withdrawn else "")
    )


@click.command("serve")
@db_option("The record store `teitools publish` made.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="The address to listen on (0.0.0.0 to be reached from other machines).",
)
@click.option("--port", default=8000, show_default=True, type=int, help="0: any free port.")
@click.option(
    "--html",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Serve this folder (the HTML edition, e.g. build/html) at /.",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="The OAI base URL to announce, when behind a proxy (default: from the request).",
)
@click.option("--access-log/--no-access-log", default=True, help="Log each request.")
def serve_command(
    db: Path, host: str, port: int, html: Path | None, base_url: str | None, access_log: bool
) -> None:
    """Serve the record store by OAI-PMH 2.0, with the TEI files and the HTML edition.

    OAI-PMH is at /oai (GET and POST; formats oai_dc and tei), each published TEI file at
    /tei/NAME.xml, and the --html folder at /. The application is plain ASGI: under
    another server, run `uvicorn --factory teitools.publish.oai:from_environment` with
    TEITOOLS_DB (and TEITOOLS_HTML, TEITOOLS_BASE_URL) set (add `--http
    teitools.publish.server:RequestTimeoutProtocol` to time out requests that arrive slowly,
    as `serve` does). Dotfiles in the --html folder are never served. Stop it with Ctrl-C.

    \b
    Example:
      teitools serve --db build/oai.db --html build/html
      curl 'http://127.0.0.1:8000/oai?verb=ListRecords&metadataPrefix=oai_dc'
    """
    from ..cli import _fail
    from .oai import Application
    from .server import listen, run, url_of

    try:
        if html is not None and not html.is_dir():
            raise click.UsageError(f"{html}: no such folder")
        app = Application(db, html=html, base_url=base_url)
        sock = listen(host, port)
    except TeitoolsError as e:
        _fail(e)
        return
    click.echo(f"Serving {db} at {url_of(sock)}/oai (Ctrl-C to stop)", err=True)
    run(app, sock, access_log)
