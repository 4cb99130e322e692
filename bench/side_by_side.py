"""Benchmark: teitools (validate + HTML) side by side with jing + the TEI Stylesheets on Saxon.

    python bench/side_by_side.py [FOLDER] [--runs N] [--limit K] [--synthetic-runs N] [--json]

The pipeline TEI users run today is jing against tei_all, then the TEI Stylesheets'
`html/html.xsl` on Saxon-HE (Java); ../shared/baselines/README.md says how (Debian's
`default-jre-headless jing libsaxonhe-java`; Java is a benchmark dependency only). On FOLDER
(default ../shared/corpora/fredracor-300; its *.xml, the first K with --limit) each run times,
in fresh processes and alternating the two pipelines (teitools, baseline, teitools, ...):

  validate   `teitools validate --no-project FILES`  vs  `jing tei_all.rng FILES`
  HTML       `teitools build --html -o OUT FILES`    vs  `java ... net.sf.saxon.Transform
                                                          -s:DIR -o:OUT -xsl:html.xsl`
  both       the two above, one after the other

then, for teitools only (the baseline has no incremental mode), in a copy of the corpus checked
and built once: validate and HTML after two files changed, then both again with nothing
changed. Last, a synthetic edition generated here (one document of about 1 MB, 26 witnesses,
600 apparatus entries in parallel segmentation, valid against tei_all): validate and HTML with
both pipelines.

Every teitools command gets an empty cache folder ($TEITOOLS_CACHE_DIR), except those in the
copy, which share one as an editor's commands do. A build must succeed (exit 0); validate may
find documents invalid (exit 1); exit codes that differ between runs are noted under the table.
To measure a given commit while the working tree changes, export it and set PYTHONPATH to its
src/ folder: the table says which teitools ran.

Each figure is the median over the runs of the wall time and of the peak memory: the largest
sum of the resident set sizes of the processes of one command alive at the same moment (its
whole process tree, sampled every 25 ms from /proc, and never less than the ru_maxrss that
wait4 gives for it); for "both", the larger of the two commands' peaks, which run one after
the other. Outputs go to a fresh temporary folder per run; nothing is written into the repo.
Progress goes to stderr when it is a terminal; a Markdown table (or JSON with --json) to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TEITOOLS_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpora" / "fredracor-300"
TEI_ALL = SHARED / "schemas" / "tei-p5" / "tei_all.rng"
HTML_XSL = SHARED / "baselines" / "tei-stylesheets" / "html" / "html.xsl"
SAXON_JAR = Path("/usr/share/java/Saxon-HE.jar")
PAGE = os.sysconf("SC_PAGE_SIZE")
TIMEOUT = 3600.0
TEI_NS = "http://www.tei-c.org/ns/1.0"


class BenchError(Exception):
    """A problem that stops the benchmark: said in one line, exit 2."""


# ---------------------------------------------------------------- measuring one command


@dataclass
class Measure:
    """One command's wall time, peak memory (MB), exit code and last line of output."""

    seconds: float
    peak_mb: float
    code: int
    said: str = ""


def _session_rss(sid: int) -> int:
    """The summed resident set size (bytes) of every process in session `sid`."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        # fields[0] is the state (field 3 of stat): session is field 6, rss field 24
        if int(fields[3]) == sid:
            total += int(fields[21]) * PAGE
    return total


def measure(
    cmd: list[str], log: Path, ok: tuple[int, ...] = (0,), cache: Path | None = None
) -> Measure:
    """Run `cmd` in a new session (so that its whole process tree can be found), its output
    into `log`; its wall time and peak memory. teitools' cache folder is `cache` (default: a
    new one beside `log`, so that nothing is reused from an earlier command). An exit code not
    in `ok` is a BenchError."""
    cache = cache or log.with_name(log.name + ".cache")
    env = {**os.environ, "TEITOOLS_CACHE_DIR": str(cache), "XDG_CACHE_HOME": str(cache)}
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _session_rss(proc.pid))
                done.wait(0.025)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(TIMEOUT, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # interrupted: its session does not get the terminal's ^C
            os.killpg(proc.pid, signal.SIGKILL)
            raise
        seconds = time.perf_counter() - start
        timer.cancel()
        done.set()
        sampler.join()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
    peak = max(peak, usage.ru_maxrss * 1024)  # ru_maxrss is in KiB on Linux
    tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    last = tail[-1][:300] if tail else "no output"
    if code not in ok:
        raise BenchError(f"{Path(cmd[0]).name} {cmd[1]} exited {code}: {last}")
    return Measure(seconds, peak / 1e6, code, last)


# ---------------------------------------------------------------- the two pipelines


def teitools_cmd() -> list[str]:
    """The teitools command of this interpreter's environment."""
    script = Path(sys.executable).parent / "teitools"
    return [str(script)] if script.exists() else [sys.executable, "-m", "teitools"]


def teitools_source() -> str:
    """Where the teitools that the commands run is imported from (PYTHONPATH can point them to
    another checkout, e.g. an exported commit while the working tree changes)."""
    code = "import teitools; print(teitools.__file__, teitools.__version__)"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    return found.stdout.strip() or f"not importable: {found.stderr.strip()[-200:]}"


def require_baseline() -> tuple[str, str]:
    """The jing and java commands, or a BenchError saying what to install."""
    jing, java = shutil.which("jing"), shutil.which("java")
    missing = [p for p in (TEI_ALL, HTML_XSL, SAXON_JAR) if not p.exists()]
    if not jing or not java or missing:
        what = ", ".join(str(m) for m in missing) or "jing or java"
        raise BenchError(
            f"the baseline is missing ({what}): apt-get install default-jre-headless jing "
            "libsaxonhe-java, and see ../shared/baselines/README.md"
        )
    return jing, java


@dataclass
class Pipelines:
    """The commands of both pipelines over one set of files."""

    files: list[Path]
    folder: Path  # holding exactly `files` (for Saxon's folder mode)
    jing: str
    java: str

    def teitools_validate(self) -> list[str]:
        return [*teitools_cmd(), "validate", "--no-project", *map(str, self.files)]

    def teitools_html(self, out: Path) -> list[str]:
        return [*teitools_cmd(), "build", "--html", "-o", str(out), *map(str, self.files)]

    def jing_validate(self) -> list[str]:
        return [self.jing, str(TEI_ALL), *map(str, self.files)]

    def saxon_html(self, out: Path) -> list[str]:
        out.mkdir(parents=True, exist_ok=True)  # Saxon's folder mode needs it to exist
        return [
            self.java,
            "-cp",
            str(SAXON_JAR),
            "net.sf.saxon.Transform",
            f"-s:{self.folder}",
            f"-o:{out}",
            f"-xsl:{HTML_XSL}",
        ]


# validate exits 1 when a document is invalid: still a measure of the work done; a build must
# succeed (exit 1 there may be a stylesheet that does not compile: no figure of the work)
VALID_OR_NOT = (0, 1)


def run_teitools(p: Pipelines, tmp: Path) -> dict[str, Measure]:
    """One teitools run: validate, then HTML into a fresh folder."""
    v = measure(p.teitools_validate(), tmp / "teitools-validate.log", VALID_OR_NOT)
    h = measure(p.teitools_html(tmp / "teitools-html"), tmp / "teitools-html.log")
    return {"validate": v, "html": h}


def run_baseline(p: Pipelines, tmp: Path) -> dict[str, Measure]:
    """One baseline run: jing, then the TEI Stylesheets on Saxon into a fresh folder."""
    v = measure(p.jing_validate(), tmp / "jing.log", VALID_OR_NOT)
    h = measure(p.saxon_html(tmp / "saxon-html"), tmp / "saxon.log")
    return {"validate": v, "html": h}


def both(m: dict[str, Measure]) -> Measure:
    """Validate then HTML: the times add up, the peak is the larger one's."""
    v, h = m["validate"], m["html"]
    return Measure(v.seconds + h.seconds, max(v.peak_mb, h.peak_mb), max(v.code, h.code), "")


# ---------------------------------------------------------------- incremental (teitools)

BODY_END = re.compile(rb"</(p|l)>")


def change(path: Path, mark: str) -> None:
    """Change a document as an editor would: a word added to the first paragraph or verse
    line of its body (or, failing that, a comment at its end)."""
    data = path.read_bytes()
    body = data.find(b"<body")
    found = BODY_END.search(data, body) if body >= 0 else None
    if found:
        data = data[: found.start()] + f" {mark}".encode() + data[found.start() :]
    else:
        data = data.rstrip() + f"\n<!-- {mark} -->\n".encode()
    path.write_bytes(data)


@dataclass
class Incremental:
    """A copy of the corpus, checked and built once (with one cache folder kept between
    commands, as an editor's is), to check and rebuild after changes."""

    work: Path
    files: list[Path]
    done_once: bool = False

    def again(self, run: int) -> dict[str, Measure]:
        """Two files changed, then validate and HTML; then both again with nothing changed."""
        out, cache, log = self.work / "html", self.work / "cache", self.work / "log"
        paths = [str(f) for f in self.files]
        validate = [*teitools_cmd(), "validate", "--no-project", *paths]
        build = [*teitools_cmd(), "build", "--html", "-o", str(out), *paths]
        if not self.done_once:  # the first full run in the copy is no figure of these stages
            measure(validate, log, VALID_OR_NOT, cache)
            measure(build, log, cache=cache)
            self.done_once = True
        n = len(self.files)
        for i in {(run * 7) % n, (run * 7 + n // 2) % n}:
            change(self.files[i], f"révision{run + 1}")
        return {
            "validate, 2 files changed": measure(validate, log, VALID_OR_NOT, cache),
            "html, 2 files changed": measure(build, log, cache=cache),
            "validate, no-op": measure(validate, log, VALID_OR_NOT, cache),
            "html, no-op": measure(build, log, cache=cache),
        }


# ---------------------------------------------------------------- the synthetic edition

WORDS = (
    "et in est non ad quod cum sed ut quia enim autem per esse sicut ergo vel hoc deus anima "
    "corpus forma materia causa ratio natura virtus actus potentia substantia accidens intellectus "
    "voluntas bonum verum unum ens essentia existentia principium finis motus tempus locus "
    "quantitas qualitas relatio habitus dicendum videtur respondeo praeterea contra oportet "
    "sequitur probatur ostenditur manifestum quaestio articulus liber capitulum secundum primum "
    "tertium dicitur philosophus commentator augustinus magister sententiarum opinio conclusio "
    "argumentum obiectio solutio distinctio propositio maior minor universale particulare genus "
    "species differentia proprium definitio demonstratio scientia cognitio sensus imaginatio "
    "memoria appetitus passio operatio obiectum subiectum praedicatum necessarium possibile "
    "contingens impossibile simpliciter aliquo modo quantum ad primo secundo tertio ultimo"
).split()


def sigla(count: int) -> list[str]:
    """`count` distinct sigla, none a prefix of another (A…Z, then A1…)."""
    letters = [chr(ord("A") + i) for i in range(26)]
    if count <= 26:
        return letters[:count]
    return [f"{letters[i % 26]}{i // 26 + 1}" for i in range(count)]


def synthetic_edition(
    witnesses: int = 26, entries: int = 600, size: int = 1_000_000, seed: int = 14
) -> str:
    """A TEI document of about `size` bytes: one text in `witnesses` witnesses with `entries`
    apparatus entries in positive parallel segmentation (each names every witness once:
    substitutions, transpositions, omissions), valid against tei_all; the same every time."""
    rng = random.Random(seed)
    wits = sigla(witnesses)
    header = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TEI xmlns="{TEI_NS}" xml:lang="la">\n<teiHeader>\n<fileDesc>\n<titleStmt>\n'
        f"<title>A synthetic edition: {witnesses} witnesses, {entries} apparatus entries"
        "</title>\n</titleStmt>\n<publicationStmt>\n<p>Generated by teitools' side-by-side "
        "benchmark, to measure the cost of one large document.</p>\n</publicationStmt>\n"
        "<sourceDesc>\n<listWit>\n"
        + "".join(f'<witness xml:id="{w}">Codex {w}</witness>\n' for w in wits)
        + "</listWit>\n</sourceDesc>\n</fileDesc>\n<encodingDesc>\n"
        '<variantEncoding method="parallel-segmentation" location="internal"/>\n'
        "</encodingDesc>\n</teiHeader>\n<text>\n<body>\n"
    )
    footer = "</body>\n</text>\n</TEI>\n"
    words_per_par = 120
    # about 8 bytes a word of prose; an entry costs about 30 bytes per witness group
    budget = size - len(header) - len(footer) - entries * (60 + 4 * witnesses)
    paragraphs = max(1, budget // (words_per_par * 8))
    # entries spread evenly over the paragraphs, at a random word of each
    per_par = [0] * paragraphs
    for k in range(entries):
        per_par[k * paragraphs // entries] += 1

    def entry() -> str:
        order = wits[:]
        rng.shuffle(order)
        cuts = sorted(rng.sample(range(1, witnesses), rng.randint(1, min(4, witnesses - 1))))
        groups = [sorted(order[a:b]) for a, b in zip([0, *cuts], [*cuts, witnesses], strict=True)]
        lemma = " ".join(rng.choices(WORDS, k=rng.randint(1, 3)))
        parts = [f'<lem wit="{" ".join("#" + w for w in groups[0])}">{lemma}</lem>']
        for g in groups[1:]:
            wit = " ".join("#" + w for w in g)
            kind = rng.random()
            if kind < 0.15:
                parts.append(f'<rdg wit="{wit}" type="omission"/>')
            elif kind < 0.3 and " " in lemma:
                parts.append(
                    f'<rdg wit="{wit}" type="transposition">'
                    f"{' '.join(reversed(lemma.split()))}</rdg>"
                )
            else:
                parts.append(f'<rdg wit="{wit}">{" ".join(rng.choices(WORDS, k=2))}</rdg>')
        return "<app>" + "".join(parts) + "</app>"

    body: list[str] = []
    for i, n in enumerate(per_par):
        if i % 20 == 0:
            if i:
                body.append("</div>\n")
            body.append(
                f'<div type="chapter" n="{i // 20 + 1}">\n<head>Capitulum {i // 20 + 1}</head>\n'
            )
        words = rng.choices(WORDS, k=words_per_par)
        for at in sorted(rng.sample(range(1, words_per_par), n), reverse=True):
            words.insert(at, entry())
        words[0] = words[0].capitalize()
        body.append(f'<p n="{i + 1}">' + " ".join(words) + ".</p>\n")
    body.append("</div>\n")
    return header + "".join(body) + footer


# ---------------------------------------------------------------- the run and the report


def progress(message: str) -> None:
    """A progress line on a terminal, nothing when stderr is piped."""
    if sys.stderr.isatty():
        print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)


def corpus_files(folder: Path, limit: int | None) -> list[Path]:
    """The corpus: FOLDER's *.xml, sorted, the first `limit`."""
    if not folder.is_dir():
        raise BenchError(f"{folder}: not a folder")
    files = sorted(folder.glob("*.xml"))[:limit]
    if not files:
        raise BenchError(f"{folder}: no *.xml file")
    return files


def link_folder(files: list[Path], into: Path) -> Path:
    """A folder of links to exactly `files`: Saxon's folder mode reads every file in one."""
    into.mkdir(parents=True)
    for f in files:
        (into / f.name).symlink_to(f.resolve())
    return into


Results = dict[str, dict[str, list[Measure]]]


def bench(folder: Path, runs: int, limit: int | None, synthetic_runs: int) -> dict:
    """Run everything; the measures by stage and pipeline, and what the run was on."""
    jing, java = require_baseline()
    files = corpus_files(folder, limit)
    results: Results = {}

    def add(stage: str, tool: str, m: Measure) -> None:
        results.setdefault(stage, {}).setdefault(tool, []).append(m)

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="teitools-bench-") as tmp_name:
        tmp = Path(tmp_name)
        p = Pipelines(files, link_folder(files, tmp / "input"), jing, java)
        inc_src = tmp / "incremental" / "src"
        inc_src.mkdir(parents=True)
        copies = [Path(shutil.copy2(f, inc_src / f.name)) for f in files]
        inc = Incremental(tmp / "incremental", copies)
        for r in range(runs):
            for tool, run in (("teitools", run_teitools), ("baseline", run_baseline)):
                progress(f"run {r + 1}/{runs}: {tool}, {len(files)} files")
                out = tmp / f"run{r}-{tool}"
                out.mkdir()
                m = run(p, out)
                m["both"] = both(m)
                for stage, one in m.items():
                    add(stage, tool, one)
                shutil.rmtree(out)
            progress(f"run {r + 1}/{runs}: teitools, 2 files changed, then nothing changed")
            for stage, one in inc.again(r).items():
                add(stage, "teitools", one)
        synth = tmp / "synthetic" / "synthetic-edition.xml"
        synth.parent.mkdir()
        text = synthetic_edition()
        synth.write_text(text, encoding="utf-8")
        s = Pipelines([synth], synth.parent, jing, java)
        for r in range(synthetic_runs):
            progress(f"synthetic edition, run {r + 1}/{synthetic_runs}: teitools")
            out = tmp / f"synth{r}"
            out.mkdir()
            add(
                "edition: validate",
                "teitools",
                measure(s.teitools_validate(), out / "v.log", VALID_OR_NOT),
            )
            add(
                "edition: html",
                "teitools",
                measure(s.teitools_html(out / "teitools-html"), out / "h.log"),
            )
            progress(f"synthetic edition, run {r + 1}/{synthetic_runs}: baseline")
            jing_m = measure(s.jing_validate(), out / "jing.log", VALID_OR_NOT)
            if jing_m.code:
                raise BenchError("the synthetic edition is not valid against tei_all (jing)")
            add("edition: validate", "baseline", jing_m)
            add(
                "edition: html",
                "baseline",
                measure(s.saxon_html(out / "saxon-html"), out / "saxon.log"),
            )
            shutil.rmtree(out)
        progress("")
    return {
        "teitools": teitools_source(),
        "corpus": str(folder),
        "files": len(files),
        "megabytes": round(sum(f.stat().st_size for f in files) / 1e6, 2),
        "runs": runs,
        "synthetic": {
            "runs": synthetic_runs,
            "megabytes": round(len(text.encode()) / 1e6, 2),
            "witnesses": 26,
            "entries": text.count("<app>"),
        },
        "machine": {
            "cores": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
        },
        "memory": "peak of the summed RSS of the command's process tree (25 ms samples of "
        "/proc), at least wait4's ru_maxrss; for 'both', the larger of the two commands",
        "stages": {
            stage: {tool: [asdict(m) for m in ms] for tool, ms in by_tool.items()}
            for stage, by_tool in results.items()
        },
    }


def summary(report: dict) -> dict[str, dict[str, dict[str, float]]]:
    """Medians of time and memory per stage and pipeline."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for stage, by_tool in report["stages"].items():
        out[stage] = {
            tool: {
                "seconds": statistics.median(m["seconds"] for m in ms),
                "peak_mb": statistics.median(m["peak_mb"] for m in ms),
            }
            for tool, ms in by_tool.items()
        }
    return out


def markdown(report: dict) -> str:
    """The table a person reads."""
    med = summary(report)
    n, mb, runs = report["files"], report["megabytes"], report["runs"]
    syn = report["synthetic"]
    machine = report["machine"]
    lines = [
        f"{n} files of `{Path(report['corpus']).name}` ({mb} MB); median of {runs} runs, "
        f"alternating; {machine['cores']} cores, load average {machine['load_before'][0]} "
        f"before, {machine['load_after'][0]} after. Edition: synthetic, {syn['megabytes']} MB, "
        f"{syn['witnesses']} witnesses, {syn['entries']} entries, median of {syn['runs']} runs. "
        f"teitools: {report['teitools']}.",
        "",
        "| work | jing + TEI Stylesheets (Saxon-HE Java) | teitools | teitools / baseline |",
        "| --- | --- | --- | --- |",
    ]
    names = {
        "validate": f"validate {n} files against tei_all",
        "html": f"HTML, {n} files",
        "both": f"validate + HTML, {n} files",
        "validate, 2 files changed": f"validate after 2 of the {n} files changed",
        "html, 2 files changed": f"HTML after 2 of the {n} files changed",
        "validate, no-op": f"validate again, nothing changed ({n} files)",
        "html, no-op": f"HTML again, nothing changed ({n} files)",
        "edition: validate": "edition: validate",
        "edition: html": "edition: HTML",
    }
    for stage, by_tool in med.items():
        t, b = by_tool.get("teitools"), by_tool.get("baseline")

        def cell(m: dict[str, float] | None) -> str:
            return f"{m['seconds']:.2f} s, {m['peak_mb']:.0f} MB" if m else "—"

        ratio = (
            f"×{t['seconds'] / b['seconds']:.2f} time, ×{t['peak_mb'] / b['peak_mb']:.2f} memory"
            if t and b
            else "—"
        )
        lines.append(f"| {names.get(stage, stage)} | {cell(b)} | {cell(t)} | {ratio} |")
    lines += ["", f"Memory: {report['memory']}."]
    lines += [f"Note: {note}" for note in notes(report)]
    return "\n".join(lines)


def notes(report: dict) -> list[str]:
    """What makes runs of one stage not alike: a command whose exit code changed between
    runs (a figure then mixes different work), or that found the input invalid."""
    out = []
    for stage, by_tool in report["stages"].items():
        if stage == "both":  # its codes are its two commands', noted with them
            continue
        for tool, ms in by_tool.items():
            codes = [m["code"] for m in ms]
            said = "; ".join(dict.fromkeys(m["said"] for m in ms if m["code"]))
            if len(set(codes)) > 1:
                out.append(f"{tool} {stage}: exit codes {codes} over the runs ({said})")
            elif codes[0]:
                out.append(f"{tool} {stage}: exit {codes[0]} in every run ({said})")
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run, print the table or the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=CORPUS,
        help="a folder of TEI files (default: the 300 FreDraCor plays)",
    )
    ap.add_argument("--runs", type=int, default=3, help="runs of each pipeline (default 3)")
    ap.add_argument("--limit", type=int, default=None, help="only the first K files")
    ap.add_argument(
        "--synthetic-runs",
        type=int,
        default=None,
        help="runs on the synthetic edition (default: --runs; 0 to skip)",
    )
    ap.add_argument("--json", action="store_true", help="print JSON for machines")
    args = ap.parse_args(argv)
    if args.runs < 1 or (args.limit is not None and args.limit < 1):
        ap.error("--runs and --limit must be at least 1")
    synthetic_runs = args.runs if args.synthetic_runs is None else args.synthetic_runs
    try:
        report = bench(args.folder, args.runs, args.limit, max(0, synthetic_runs))
    except BenchError as e:
        progress("")
        print(f"side_by_side: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        progress("")
        print("side_by_side: error: interrupted", file=sys.stderr)
        return 2
    if args.json:
        report["summary"] = summary(report)
        report["notes"] = notes(report)
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
