"""The `claimdesk` console script (DESIGN §6) and the hint outside the venv."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = "The council spent €2.4 billion on 46 kilometres of tram lines in 2025.\n"


def _private_venv(tmp_path: Path) -> Path:
    """Return a fresh venv that sees the installed requirements (not the project itself)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = sysconfig.get_paths()["purelib"]
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "requirements.pth").write_text(purelib + "\n")
    return venv


def test_make_install_gives_a_claimdesk_script_equal_to_python_m_checks(tmp_path):
    venv = _private_venv(tmp_path)
    # The command `make install` runs for the project itself.
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
         "--no-build-isolation", "-e", str(ROOT)],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    env = {**os.environ, "CLAIMDESK_MODEL": "fake"}
    script = venv / "bin" / "claimdesk"
    # From another folder: the script finds this checkout's code by itself.
    args = ["extract", "-", "--format", "json"]
    ran = subprocess.run([str(script), *args], input=TEXT, capture_output=True, text=True,
                         env=env, cwd=tmp_path)  # fmt: skip
    module = subprocess.run([sys.executable, "-m", "checks", *args], input=TEXT,
                            capture_output=True, text=True, env=env, cwd=ROOT)  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == module.stdout
    helped = subprocess.run([str(script), "--help"], capture_output=True, text=True, env=env)
    assert helped.stdout.startswith("usage: claimdesk ")


def test_outside_the_venv_a_one_line_hint(tmp_path):
    # -S leaves out site-packages: numpy, sqlite-utils and the rest are missing, as with a
    # system Python that has none of the requirements.
    ran = subprocess.run(
        [sys.executable, "-S", "-m", "checks", "ingest", str(ROOT / "demo" / "04-opinion.md"),
         "--db", str(tmp_path / "x.db")],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert ran.returncode == 1
    lines = ran.stderr.strip().splitlines()
    assert len(lines) == 1, ran.stderr
    assert "make install" in lines[0] and ".venv/bin/claimdesk" in lines[0]
