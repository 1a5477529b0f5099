"""Start-up and end-to-end speed of the command line, each in fresh processes, side by side:
cold `extract` of the founding article, `verdict` / `export` / keyword `search`, `import` of
5,000 sentences against plain sentence-transformers encoding them, and `ingest` of the 33
transcripts against an older checkout named by `$CLAIMDESK_BASE` (a git worktree beside this one).
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
from bench.search_scale import transcript_sentences

SENTENCES = 5_000
ARTICLE = "articles/000_ef123a5b4f98460d.txt"  # the founding article (9 KB)
PLAIN = """import sys
from sentence_transformers import SentenceTransformer
from checks.embed import packaged_model_path
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
    return [name, f"{wall:.2f}", f"{cpu:.2f}", f"{base[0]:.2f}", f"{base[0] / wall:.2f}×"]


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
    onnx = [_cli(*args, CLAIMDESK_EMBEDDER="onnx") for _ in range(3)]
    torch = _cli(*args, CLAIMDESK_EMBEDDER="torch")
    best = min(onnx)
    return [
        _row("extract (ONNX path, best of 3)", best, torch),
        _row("extract (sentence-transformers path)", torch),
    ]


def _import(tmp: Path, base: Path | None) -> list[list[str]]:
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
    if base:
        then = _cli("import", str(archive), "--db", str(tmp / "base.db"), cwd=base)
        rows.append(_row(f"`import` at {base.name} (older code)", then, plain))
    return rows


def _ingest(tmp: Path, base: Path | None) -> list[list[str]]:
    files = [str(p) for p in sorted((shared_data() / "transcripts").glob("*.txt"))]
    args = ["ingest", *files, "--format", "json"]
    then = _cli(*args, "--db", str(tmp / "base-ingest.db"), cwd=base) if base else None
    ours = _cli(*args, "--db", str(tmp / "ingest.db"))
    rows = [_row(f"`ingest` of the {len(files)} transcripts", ours, then)]
    if then:
        rows.append(_row(f"`ingest` at {base.name} (older code)", then))
    return rows


def main() -> str:
    """Return the Markdown section of this benchmark."""
    base = Path(os.environ["CLAIMDESK_BASE"]) if os.environ.get("CLAIMDESK_BASE") else None
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        rows = _extract() + _model_free(tmp) + _import(tmp, base) + _ingest(tmp, base)
    load = os.getloadavg()[0]
    return "\n".join(
        [
            "## Start-up and end to end",
            "",
            "Each row is one fresh process (`python -m checks ...`), all in one run, so the ratios "
            "compare like with like. CPU seconds are user + system time of that process (all its "
            "threads): what the command costs on an idle machine. Wall seconds carry the load of "
            f"whoever else uses the machine (1-minute load average at the end: {load:.1f} on "
            f"{os.cpu_count()} CPUs). The last column is the other side's wall time over this "
            "row's: the speed-up."
            + (f" Older code: the checkout at `$CLAIMDESK_BASE` ({base})." if base else ""),
            "",
            table(["command", "wall s", "CPU s", "compared with (wall s)", "speed-up"], rows),
        ]
    )


if __name__ == "__main__":
    print(main())
