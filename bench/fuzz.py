"""A long fuzzing run over every command that reads XML: no traceback, no hang.

    python bench/fuzz.py [--mutants N] [--seed S] [--commands validate,witness,…] [--keep DIR]

Mutants of small TEI documents (tests/fuzzing.py says how they are made) go through validate
(with and without the project's customization), witness (text and TEI), apparatus, publish and
build (HTML; PDF with --commands). Every URL in the mutants points at a loopback listener that
counts connections: any connection is a finding too. Prints a summary line and each finding;
failing mutants are kept in --keep (default bench/fuzz-findings/). Exit 1 on any finding.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzzing import COMMANDS, FAST, campaign  # noqa: E402
from tests.hostile import Listener  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mutants", type=int, default=1000, help="mutants (each run by every command)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument(
        "--commands",
        default=",".join([*FAST, "publish", "build-html"]),
        help=f"comma-separated, of: {', '.join(COMMANDS)}",
    )
    ap.add_argument("--timeout", type=float, default=60, help="seconds before a run is a hang")
    ap.add_argument("--keep", type=Path, default=ROOT / "bench" / "fuzz-findings")
    args = ap.parse_args()
    commands = [c for c in args.commands.split(",") if c]
    unknown = [c for c in commands if c not in COMMANDS]
    if unknown:
        ap.error(f"unknown commands: {', '.join(unknown)}")

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done}/{total} runs", end="", file=sys.stderr, flush=True)

    listener = Listener()
    try:
        result = campaign(
            args.mutants,
            commands,
            seed=args.seed,
            listener_url=listener.url,
            timeout=args.timeout,
            keep=args.keep,
            progress=progress,
        )
    finally:
        listener.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"fuzz: {result.summary()}; network connections {len(listener.connections_at_close)}")
    for command in commands:
        print(f"  {command:18} {result.runs[command]} runs")
    for f in result.findings:
        print(f"\n{f.command}: {f.kind} on {f.mutant}\n{f.detail.strip()[-1500:]}")
    return 1 if result.findings or listener.connections_at_close else 0


if __name__ == "__main__":
    sys.exit(main())
