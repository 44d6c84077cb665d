"""Imports go one way: models <- workers <- service. The domain never loads the web."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

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


# Underscore names that their libraries document as public: a namedtuple's `_make` and
# werkzeug's `LocalProxy._get_current_object` (Flask's docs name it for passing the app on).
DOCUMENTED = {"_make", "_get_current_object"}


def private(name: str | None) -> bool:
    return bool(name) and name.startswith("_") and not name.startswith("__")


def private_attributes(path: Path) -> list[str]:
    """`x._name` (other than on self or cls) and `f(_flag=...)` in a file: a library's
    private API."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.keyword) and private(node.arg):
            found.append(f"{node.lineno}: {node.arg}=")
        elif (
            isinstance(node, ast.Attribute)
            and private(node.attr)
            and node.attr not in DOCUMENTED
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return sorted(found)


def test_no_private_api_of_a_dependency():
    used = [
        f"{path.relative_to(ROOT)}:{found}"
        for package in ("models", "workers", "service")
        for path in sorted((ROOT / package).rglob("*.py"))
        for found in private_attributes(path)
    ]
    assert used == []


def test_the_private_api_check_sees_a_call(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "def f(c, e):\n    self._x = c.p(_check=False)\n    c._handle_dbapi_exception(e)\n"
    )
    assert private_attributes(module) == ["2: _check=", "3: c._handle_dbapi_exception"]


def project_modules() -> list[Path]:
    return [
        path
        for package in ("models", "workers", "service")
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_no_two_modules_share_a_name():
    """A module or package name says which one it is: `rounds` is one place, not two."""
    seen: dict[str, list[str]] = {}
    for path in project_modules():
        if path.name != "__main__.py":
            name = path.parent.name if path.name == "__init__.py" else path.stem
            seen.setdefault(name, []).append(str(path.relative_to(ROOT)))
    assert {name: paths for name, paths in seen.items() if len(paths) > 1} == {}


PROJECT = ("models", "workers", "service", "tests")


def test_our_modules_are_imported_under_their_own_names():
    aliased = [
        f"{path.relative_to(ROOT)}:{node.lineno} {alias.name} as {alias.asname}"
        for path in project_modules() + sorted((ROOT / "tests").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PROJECT
        for alias in node.names
        if alias.asname
    ]
    assert aliased == []


def test_test_folders_mirror_the_packages():
    """tests/workers/rounds/ tests workers/rounds/, and so on: no folder for a package
    that is gone."""
    folders = [
        path.relative_to(ROOT / "tests")
        for package in ("models", "workers", "service")
        for path in [ROOT / "tests" / package, *(ROOT / "tests" / package).rglob("*")]
        if path.is_dir() and path.name != "__pycache__"
    ]
    assert folders and [f for f in folders if not (ROOT / f).is_dir()] == []


def where_things_live() -> set[str]:
    """The folders named in the README's "Where things live" table."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Where things live", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return {row.rsplit("|", 2)[1].strip().strip("`").rstrip("/") for row in rows[1:]}


def test_the_readme_names_every_concept_folder_and_only_real_ones():
    named = where_things_live()
    concept_folders = {
        str(path.parent.relative_to(ROOT))
        for package in ("workers", "service")
        for path in (ROOT / package).glob("*/__init__.py")
    }
    assert concept_folders - named == set()  # a folder the table leaves out
    assert [folder for folder in named if not (ROOT / folder).is_dir()] == []
