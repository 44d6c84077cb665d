"""Imports go one way: models <- workers <- service. The domain never loads the web."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# A package may import only itself, the packages below it, and third-party code.
FORBIDDEN = {"models": ("workers", "service"), "workers": ("service",)}


def imported_packages(path: Path) -> set[tuple[int, str]]:
    """(line, top-level package) of every import in a file, those inside functions too."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {(node.lineno, alias.name.split(".")[0]) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_package_imports_one_above_it(package):
    broken = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, name in sorted(imported_packages(path))
        if name in FORBIDDEN[package]
    ]
    assert broken == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\n\ndef f():\n    from service.sms import view\n")
    assert imported_packages(module) == {(1, "os"), (4, "service")}


def test_importing_every_worker_module_leaves_flask_out():
    script = (
        "import pkgutil, sys, workers\n"
        "for info in pkgutil.walk_packages(workers.__path__, 'workers.'):\n"
        "    __import__(info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'service'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
