"""Start-up and end-to-end speed of the command line, each in fresh processes, side by side:
cold `extract` of the founding article, `verdict` / `export` / keyword `search`, and `import` of
5,000 sentences against plain sentence-transformers encoding them (and against the older
checkouts named by `$CLAIMDESK_BASE`, git worktrees separated by `:`; bench.ingest_speed compares
`ingest` of the 33 transcripts with them).
Wall seconds and CPU seconds (user + system of the process): on a shared machine the wall time
carries the other users' load; the CPU time is what the command costs."""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import ROOT, Timer, shared_data, table
from bench.ingest_speed import bases
from bench.search_scale import transcript_sentences

SENTENCES = 5_000
ARTICLE = "articles/000_ef123a5b4f98460d.txt"  # the founding article (9 KB)
PLAIN = """import sys
from sentence_transformers import SentenceTransformer
from checks.model_setup import packaged_model_path
texts = open(sys.argv[1], encoding="utf-8").read().split("\\n")
SentenceTransformer(packaged_model_path(), device="cpu").encode(texts, batch_size=64)
"""


def _run(args: list[str], cwd: Path = ROOT, **env: str) -> tuple[float, float]:
    """Run a fresh process; return its wall and CPU seconds. Raises on a non-zero exit."""
    environment = {k: v for k, v in os.environ.items() if k != "CLAIMDESK_MODEL"}
    environment.update(env, HF_HUB_OFFLINE="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with Timer() as timer:
        done = subprocess.run(args, cwd=cwd, env=environment, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args[:4])}: exit {done.returncode}: {done.stderr[-500:]}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return timer.seconds, cpu


def _cli(*args: str, cwd: Path = ROOT, **env: str) -> tuple[float, float]:
    return _run([sys.executable, "-m", "checks", *args], cwd=cwd, **env)


def _row(name: str, measured: tuple[float, float], base: tuple[float, float] | None = None):
    wall, cpu = measured
    if base is None:
        return [name, f"{wall:.2f}", f"{cpu:.2f}", "-", "-"]
    ratio = f"{base[0] / wall:.2f}× wall, {base[1] / cpu:.2f}× CPU"
    return [name, f"{wall:.2f}", f"{cpu:.2f}", f"{base[0]:.2f}", ratio]


def _model_free(tmp: Path) -> list[list[str]]:
    """Cold start of the commands that need no model, on a database with a few claims."""
    db = str(tmp / "small.db")
    doc = tmp / "doc.txt"
    doc.write_text("Rents fell by 3 percent last year. Fares rose 5 percent in May.\n")
    _cli("ingest", str(doc), "--db", db)
    rows = [
        _row("verdict", _cli("verdict", "1", "false", "--reviewer", "Ana", "--db", db)),
        _row("export (CSV)", _cli("export", "--db", db, "--out", str(tmp / "out.csv"))),
        _row("search --mode keyword", _cli("search", "rents", "--mode", "keyword", "--db", db)),
    ]
    return rows


def _extract() -> list[list[str]]:
    article = str(shared_data() / ARTICLE)
    args = ("extract", article, "--format", "json")
    default = sorted(_cli(*args) for _ in range(3))
    onnx = _cli(*args, CLAIMDESK_EMBEDDER="onnx")
    torch = _cli(*args, CLAIMDESK_EMBEDDER="torch")
    return [
        _row("extract (default: OpenVINO path, median of 3)", default[1], torch),
        _row("extract (ONNX Runtime path)", onnx, torch),
        _row("extract (sentence-transformers path)", torch),
    ]


def _import(tmp: Path, base: list[Path]) -> list[list[str]]:
    """`import` of SENTENCES transcript sentences into a fresh database, against plain
    sentence-transformers (fp32, batch 64) loading the model and encoding the same texts."""
    texts = transcript_sentences()[:SENTENCES]
    plain_input = tmp / "sentences.txt"
    plain_input.write_text("\n".join(texts), encoding="utf-8")
    archive = tmp / "sentences.csv"
    with open(archive, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "claim"])
        writer.writerows((f"S{i}", text) for i, text in enumerate(texts))
    plain = _run([sys.executable, "-c", PLAIN, str(plain_input)])
    ours = _cli("import", str(archive), "--db", str(tmp / "import.db"))
    rows = [
        _row(f"plain sentence-transformers encode, {len(texts):,} sentences", plain),
        _row(f"`import` of the {len(texts):,} sentences", ours, plain),
    ]
    for number, folder in enumerate(base):
        then = _cli("import", str(archive), "--db", str(tmp / f"base{number}.db"), cwd=folder)
        rows.append(_row(f"`import` at {folder} (older code)", then, plain))
    return rows


def main() -> str:
    """Return the Markdown section of this benchmark."""
    base = bases()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        rows = _extract() + _model_free(tmp) + _import(tmp, base)
    load = os.getloadavg()[0]
    return "\n".join(
        [
            "## Start-up and end to end",
            "",
            "Each row is one fresh process (`python -m checks ...`), all in one run, so the ratios "
            "compare like with like. CPU seconds are user + system time of that process (all its "
            "threads): what the command costs on an idle machine. Wall seconds carry the load of "
            f"whoever else uses the machine (1-minute load average at the end: {load:.1f} on "
            f"{os.cpu_count()} CPUs). The last column is the other side's time over this row's: "
            "the speed-up, in wall and in CPU seconds."
            + (" Older code: the checkouts named by `$CLAIMDESK_BASE`." if base else "")
            + " `ingest` against older code: see the Ingest speed section.",
            "",
            table(["command", "wall s", "CPU s", "compared with (wall s)", "speed-up"], rows),
        ]
    )


if __name__ == "__main__":
    print(main())
