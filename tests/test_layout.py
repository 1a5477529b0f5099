"""The layout of DESIGN §2, read from the code: which layer may import which, and module size.

Every module's imports are read with `ast` (nothing is imported or run), so an arrow added
anywhere (a top-level import or one inside a function) fails here with its file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400


def project_modules(root: Path = ROOT) -> list[Path]:
    """Return every Python module of the project (tests included), relative to `root`."""
    found = [root / "app.py", root / "ui.py"]
    for folder in ("checks", "db", "app_pages", "bench", "tests"):
        found += sorted((root / folder).rglob("*.py"))
    return [p.relative_to(root) for p in found if p.exists()]


def imports(path: Path, root: Path = ROOT) -> list[tuple[str, int]]:
    """Return (imported module, line) of every import in a module, relative ones resolved."""
    tree = ast.parse((root / path).read_text("utf-8"), str(path))
    package = list(path.with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], base]).strip(".")
            # `from checks import cli` imports the module checks.cli: name each one.
            out += [(f"{base}.{alias.name}", node.lineno) for alias in node.names]
            out.append((base, node.lineno))
    return out


def layer(path: Path) -> str:
    """Return the layer of DESIGN §2 that a module belongs to."""
    parts = path.parts
    if parts[0] == "checks":
        if len(parts) > 2 and parts[1] in ("workflows", "cli"):
            return f"checks.{parts[1]}"
        return "checks.__main__" if parts[-1] == "__main__.py" else "checks"
    return {"app.py": "app", "ui.py": "ui"}.get(parts[0], parts[0])


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def forbidden(path: Path, name: str) -> str | None:
    """Return why `path` may not import `name`, or None when the arrow is allowed."""
    here = layer(path)
    if within(name, "app_pages"):
        return "nothing imports a page: st.navigation loads app_pages/ by path"
    if within(name, "checks.cli") and here not in ("checks.cli", "checks.__main__", "tests"):
        return "only checks/__main__.py (and the tests) may import checks.cli"
    if here == "checks":
        for top in ("db", "streamlit", "checks.workflows", "ui"):
            if within(name, top):
                return f"the computing core of checks/ never imports {top}"
    if here in ("checks.workflows", "checks.cli") and (
        within(name, "streamlit") or within(name, "ui")
    ):
        return f"{here} never imports streamlit or ui"
    if here == "checks.workflows" and within(name, "checks.cli"):
        return "a workflow never imports the command line"
    if here == "db":
        if within(name, "checks") and not (name == "checks" or within(name, "checks.errors")):
            return "db/ imports no checks module but checks.errors"
        if within(name, "streamlit") or within(name, "ui"):
            return "db/ never imports streamlit or ui"
    return None


def violations(root: Path = ROOT) -> list[str]:
    """Return one line per forbidden import arrow of the project under `root`."""
    out = []
    for path in project_modules(root):
        for name, line in imports(path, root):
            why = forbidden(path, name)
            if why:
                out.append(f"{path}:{line}: imports {name}: {why}")
    return out


def test_no_forbidden_import_arrows():
    found = violations()
    assert not found, "forbidden import arrows (DESIGN §2):\n" + "\n".join(found)


@pytest.mark.parametrize("path", project_modules(), ids=str)
def test_module_is_under_400_lines(path):
    lines = len((ROOT / path).read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path}: {lines} lines (split it by what it holds)"


@pytest.mark.parametrize(
    "path, source, arrow",
    [
        ("checks/quantities.py", "import db.claims\n", "db.claims"),
        ("checks/segment.py", "def f():\n    import streamlit\n", "streamlit"),
        ("db/claims.py", "from checks.workflows import ingest\n", "checks.workflows.ingest"),
        ("db/verdicts.py", "from checks import validate\n", "checks.validate"),
        ("ui.py", "from app_pages import review\n", "app_pages"),
        ("bench/export.py", "from checks.cli.main import main\n", "checks.cli.main"),
        ("checks/workflows/ingest.py", "from checks.cli import edge\n", "checks.cli"),
        ("checks/workflows/reports.py", "import streamlit as st\n", "streamlit"),
    ],
)
def test_an_added_arrow_is_caught(tmp_path, path, source, arrow):
    """Each rule fails when its arrow is added (to a copy of the module in a scratch tree)."""
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, "utf-8")
    found = violations(tmp_path)
    assert any(f"imports {arrow}" in line for line in found), found


@pytest.mark.parametrize(
    "path, source",
    [
        ("db/claims.py", "from checks.errors import UnknownClaim\n"),
        ("checks/__main__.py", "from checks.cli.main import main\n"),
        ("checks/cli/main.py", "from checks.cli import edge\nimport db.connection\n"),
        ("checks/workflows/ingest.py", "import db.documents\nfrom checks import validate\n"),
        ("app_pages/review.py", "import streamlit\nimport ui\nimport db.claims\n"),
    ],
)
def test_allowed_arrows_pass(tmp_path, path, source):
    target = tmp_path / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, "utf-8")
    assert violations(tmp_path) == []
