"""A seeded mutational fuzzer for every teitools command that reads XML.

Mutants are made from small TEI seeds by byte-level and markup-level changes (flips, cuts,
copies, and insertions from a dictionary of what breaks XML tools: stray tags, entity
declarations, DOCTYPEs and schema links pointing at a loopback listener, control characters,
XML 1.1, deep nesting, many attributes, cyclic witness groups, @next chains). Each mutant is
given to each command in a child process watched for hangs; a traceback or an exit code other
than 0, 1 or 2 is a finding, and so is a command that stops answering.

The suite runs a small bounded campaign (tests/test_fuzz.py); `python bench/fuzz.py` a long one.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import shutil
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the Wolfe project: its customization is fuzzed
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = [FIXTURES / "apparatus.xml", FIXTURES / "render" / "mini.xml"]

# What the commands are asked, given the mutant's path and a scratch folder of the run.
COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "validate": lambda f, d: ["validate", "--project", str(ROOT), str(f)],
    "validate-foreign": lambda f, d: ["validate", "--no-project", "--format", "junit", str(f)],
    "witness": lambda f, d: ["witness", str(f), "--wit", "B"],
    "witness-tei": lambda f, d: ["witness", str(f), "--wit", "A", "--format", "tei"],
    "apparatus": lambda f, d: ["apparatus", str(f), "--format", "json"],
    "publish": lambda f, d: ["publish", str(f), "--db", str(d / "store.sqlite")],
    "build-html": lambda f, d: ["build", "--html", str(f), "-o", str(d / "html")],
    "build-pdf": lambda f, d: ["build", "--pdf", str(f), "-o", str(d / "pdf")],
}
FAST = ("validate", "validate-foreign", "witness", "witness-tei", "apparatus")


def dictionary(listener_url: str) -> list[bytes]:
    """Snippets that break XML tools, every URL on the loopback listener."""
    u = listener_url
    words = [
        "<app>", "</app>", "<lem>", "</lem>", '<rdg wit="#B">', "</rdg>", '<rdg wit="#Z"/>',
        '<rdg wit="B C">x</rdg>', '<lem wit="#A #A">', '<rdgGrp>', "<lacunaStart/>",
        '<witStart wit="#B"/>', '<app next="#a1" xml:id="a1">', ' prev="#nowhere"',
        ' xml:id="A"', ' xml:id="p1"', ' wit="#G"', ' type="omission"', ' n="²"',
        ' corresp="#G"', "<pb/>", '<pb n="1"/>', "<note>", '<note place="foot">',
        "<listWit>", '<listWit xml:id="B">', '<witness xml:id="G"><ptr target="#G"/>',
        "<TEI>", "</TEI>", "<teiHeader/>", "<text/>", "&amp;", "&lt;", "&foo;", "&#0;",
        "&#x1;", "&#xFFFE;", "&#1114112;", "<![CDATA[", "]]>", "<!--", "-->", "<?pi x?>",
        '<?teitools ignore="apparatus"?>',
        f'<?xml-model href="{u}/schema.rng"?>',
        f'<?xml-model href="{u}/s.sch" schematypens="http://purl.oclc.org/dsdl/schematron"?>',
        f'<!DOCTYPE TEI SYSTEM "{u}/tei.dtd">',
        f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "{u}/x">]>',
        '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
        '<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{u}/x.xml"/>',
        f'<graphic url="{u}/img.png"/>', f'<ref target="{u}/page">link</ref>',
        '<?xml version="1.1"?>', '<?xml version="1.0" encoding="latin-1"?>',
        "\x00", "\x01", "\x1b[31m", "\ufeff", "\u202e", "\ud7ff", "é", "\U0001f600",
        "<div>" * 50, "</div>" * 50, "<hi>" * 300,
        "<p " + " ".join(f'a{i}="v"' for i in range(300)) + ">",
        '<p rend="{{x}}" style="x:expression(1)">', "<script>alert(1)</script>",
        '"', "'", "<", ">", "&",
    ]  # fmt: skip
    return [w.encode("utf-8", "surrogatepass") for w in words]


def mutate(data: bytes, rng: random.Random, words: Sequence[bytes]) -> bytes:
    """One mutant of `data`: most keep it well-formed and change its markup (so that the
    checks past the parser are reached), the rest change its bytes."""
    if rng.random() < 0.75:
        try:
            return mutate_tree(data, rng, words)
        except Exception:  # a seed the tree mutator cannot read: bytes will do
            pass
    return mutate_bytes(data, rng, words)


# Well-formed fragments the tree mutator inserts (TEI namespace added), and attribute values.
FRAGMENTS = [
    "<app><lem>a</lem><rdg wit='#B'>b</rdg></app>", "<app><rdg wit='#A'/></app>",
    "<app><lem wit='#Z'>z</lem></app>", "<app/>", "<rdgGrp><rdg wit='#C'>c</rdg></rdgGrp>",
    "<lacunaStart wit='#B'/>", "<lacunaEnd wit='#B'/>", "<witStart wit='#C'/>", "<witEnd/>",
    "<note place='foot' n='1'>n</note>", "<pb n='9'/>", "<pb/>", "<lg><l>v</l></lg>",
    "<sp><speaker>S</speaker><p>s</p></sp>", "<choice><sic>a</sic><corr>b</corr></choice>",
    "<listWit><witness xml:id='W1'/><witness xml:id='W2' corresp='#W1'/></listWit>",
    "<witness xml:id='X'><listWit><witness xml:id='Xa'/></listWit></witness>",
    "<gap/>", "<table><row><cell rows='0' cols='-1'>c</cell></row></table>", "<div/>",
    "<foo:bar xmlns:foo='urn:x'>x</foo:bar>", "<hi rend='italic'>i</hi>", "<head/>",
    "<variantEncoding method='location-referenced' location='external'/>", "<lem/>",
]  # fmt: skip
ATTRIBUTES = ["wit", "next", "prev", "type", "n", "rend", "corresp", "source", "resp", "cert",
              "ana", "target", "xml:id", "varSeq", "loc", "from", "to", "place"]  # fmt: skip
VALUES = ["#A", "#B", "#C", "#G", "#Z", "A", "#A #A", "", " ", "#", "#p1", "#a1", "omission",
          "high", "-1", "0", "99999999999999999999", "²", "x y", "#A #B #C #G", "‮",
          "http://127.0.0.1:9/x", "file:///etc/passwd", "a" * 500]  # fmt: skip


def mutate_tree(data: bytes, rng: random.Random, words: Sequence[bytes]) -> bytes:
    """Change the markup of a well-formed document: insert, copy, move, cut or wrap elements,
    set attributes; the result stays well-formed."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser)
    ns = "http://www.tei-c.org/ns/1.0"
    for _ in range(rng.randint(1, 5)):
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        el = rng.choice(elements)
        op = rng.randrange(7)
        if op == 0:
            frag = etree.fromstring(
                f"<x xmlns='{ns}' xmlns:xml='http://www.w3.org/XML/1998/namespace'>"
                f"{rng.choice(FRAGMENTS)}</x>"
            )[0]
            el.insert(rng.randint(0, len(el)), frag)
        elif op == 1 and el is not root:
            import copy

            el.addnext(copy.deepcopy(el))
        elif op == 2 and el is not root:
            el.getparent().remove(el)
        elif op == 3 and el is not root:
            target = rng.choice(elements)
            if el not in target.iterancestors() and target is not el:
                target.append(el)
        elif op == 4:
            name = rng.choice(ATTRIBUTES)
            key = "{http://www.w3.org/XML/1998/namespace}id" if name == "xml:id" else name
            try:
                el.set(key, rng.choice(VALUES))
            except ValueError:
                pass
        elif op == 5:
            name = rng.choice(["app", "lem", "rdg", "note", "hi"])
            wrap = etree.SubElement(el, f"{{{ns}}}{name}")
            for child in list(el)[: rng.randint(0, len(el))]:
                if child is not wrap:
                    wrap.append(child)
        else:
            el.text = (el.text or "") + rng.choice(["x", "é", "‮", "&", "<", " " * 3])
    out = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    if rng.random() < 0.15:  # a prolog from the dictionary: DOCTYPEs, PIs
        prolog = [w for w in words if w.startswith((b"<!DOCTYPE", b"<?"))]
        head, _, body = out.partition(b"?>")
        out = head + b"?>\n" + rng.choice(prolog) + b"\n" + body
    return out


def mutate_bytes(data: bytes, rng: random.Random, words: Sequence[bytes]) -> bytes:
    """One to four changes of the bytes: flips, cuts, copies, insertions."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        n = len(out) or 1
        i, j = sorted((rng.randrange(n), rng.randrange(n)))
        op = rng.randrange(8)
        if op == 0:  # flip a byte
            if out:
                out[i] = rng.randrange(256)
        elif op == 1:  # cut a span
            del out[i : min(j, i + 200)]
        elif op == 2:  # copy a span elsewhere
            chunk = out[i : min(j, i + 400)]
            k = rng.randrange(len(out) + 1)
            out[k:k] = chunk
        elif op == 3:  # truncate
            del out[i:]
        elif op == 4:  # repeat a span many times (depth, size)
            chunk = out[i : min(j, i + 60)]
            out[i:i] = chunk * rng.randint(2, 60)
        else:  # insert a word of the dictionary, preferably at a markup boundary
            k = out.find(b"<", i) if rng.random() < 0.7 else i
            k = i if k < 0 else k
            out[k:k] = rng.choice(words)
    return bytes(out)


@dataclass
class Finding:
    command: str
    kind: str  # traceback | exit | hang
    detail: str
    mutant: str  # where the mutant was kept


@dataclass
class Campaign:
    """What a run did: how many runs per command and outcome, and the findings."""

    runs: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        kinds = Counter(f.kind for f in self.findings)
        return (
            f"{sum(self.runs.values())} runs of {len(self.runs)} commands in "
            f"{self.seconds:.1f} s; exits {dict(sorted(self.outcomes.items()))}; "
            f"tracebacks {kinds['traceback']}, bad exits {kinds['exit']}, hangs {kinds['hang']}"
        )


def _run(args: list[str]) -> tuple[int, str]:
    """Run a teitools command in this process: (exit code, output), or raise what escaped."""
    from click.testing import CliRunner

    from teitools.cli import main

    result = CliRunner().invoke(main, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        tb = "".join(traceback.format_exception(result.exception))
        raise RuntimeError(tb)
    return result.exit_code, result.output


def _worker(jobs: list[tuple[str, str, str]], scratch: str, conn) -> None:
    """Run the jobs (command, mutant path, run folder) in order, telling the parent each
    start and end, so that it can tell a hang from slow progress."""
    os.environ.setdefault("TEITOOLS_MAX_MB", "20")
    for index, (command, mutant, folder) in enumerate(jobs):
        conn.send(("start", index))
        run_dir = Path(folder)
        run_dir.mkdir(parents=True, exist_ok=True)
        try:
            code, output = _run(COMMANDS[command](Path(mutant), run_dir))
            if "Traceback" in output:
                conn.send(("traceback", index, output[-3000:]))
            elif code not in (0, 1, 2):
                conn.send(("exit", index, f"exit {code}: {output[-1000:]}"))
            else:
                conn.send(("ok", index, code))
        except RuntimeError as e:
            conn.send(("traceback", index, str(e)[-3000:]))
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)
    conn.send(("done", len(jobs)))


def campaign(
    mutants: int,
    commands: Sequence[str] = FAST,
    *,
    seed: int = 0,
    listener_url: str = "http://127.0.0.1:9",
    timeout: float = 20.0,
    keep: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Campaign:
    """Make `mutants` mutants (seeded) and run every command in `commands` on each, in a child
    process; a run that takes over `timeout` seconds is a hang (the child is killed and a new
    one goes on with the next run). Failing mutants are copied into `keep`."""
    rng = random.Random(seed)
    words = dictionary(listener_url)
    seeds = [p.read_bytes() for p in SEEDS]
    work = Path(tempfile.mkdtemp(prefix="teitools-fuzz-"))
    result = Campaign()
    start = time.perf_counter()
    jobs: list[tuple[str, str, str]] = []
    for i in range(mutants):
        path = work / f"m{i:05d}.xml"
        path.write_bytes(mutate(rng.choice(seeds), rng, words))
        for command in commands:
            jobs.append((command, str(path), str(work / f"run{len(jobs)}")))
    ctx = mp.get_context("spawn")  # a fresh interpreter: never fork a running JVM
    done = 0
    try:
        while done < len(jobs):
            parent, child = ctx.Pipe()
            batch = jobs[done:]
            proc = ctx.Process(target=_worker, args=(batch, str(work), child), daemon=True)
            proc.start()
            child.close()
            current = None
            while True:
                if not parent.poll(timeout):
                    if current is not None:  # the current run hangs
                        _found(result, batch[current], "hang", f"over {timeout:.0f} s", keep)
                        done += current + 1
                    else:
                        done = len(jobs)
                    proc.kill()
                    break
                try:
                    msg = parent.recv()
                except EOFError:  # the child died (a crash of native code)
                    if current is not None:
                        _found(result, batch[current], "exit", "the process died", keep)
                        done += current + 1
                    else:
                        done = len(jobs)
                    break
                if msg[0] == "start":
                    current = msg[1]
                    continue
                if msg[0] == "done":
                    done = len(jobs)
                    break
                job = batch[msg[1]]
                if msg[0] == "ok":
                    result.runs[job[0]] += 1
                    result.outcomes[msg[2]] += 1
                else:
                    _found(result, job, msg[0], msg[2], keep)
                if progress:
                    progress(done + msg[1] + 1, len(jobs))
                current = None
            proc.join(5)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result.seconds = time.perf_counter() - start
    return result


def _found(result: Campaign, job: tuple[str, str, str], kind: str, detail: str, keep) -> None:
    command, mutant, _ = job
    kept = mutant
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        kept = str(keep / f"{kind}-{command}-{Path(mutant).name}")
        shutil.copyfile(mutant, kept)
    result.runs[command] += 1
    result.findings.append(Finding(command, kind, detail, kept))
