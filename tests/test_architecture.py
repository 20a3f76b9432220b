"""The core never imports Qt, and nothing in the core imports the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "caseworker_app"
QT_ALLOWED = {PACKAGE / "app.py"}  # the composition root builds the windows
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def imported_modules(path: Path) -> list[str]:
    """Every module name an `import` or `from ... import` in the file names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


CORE = sorted(p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts)


@pytest.mark.parametrize("path", [p for p in CORE if p not in QT_ALLOWED],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_does_not_import_qt_or_ui(path: Path) -> None:
    for name in imported_modules(path):
        assert not name.startswith(QT_MODULES), f"{path.name} imports {name}"
        assert not name.startswith("caseworker_app.ui"), f"{path.name} imports {name}"


def test_the_check_finds_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom PySide6.QtCore import QObject\n")
    assert "PySide6.QtCore" in imported_modules(sample)


def test_core_modules_are_found() -> None:
    names = {p.name for p in CORE}
    assert {"caseload.py", "uow.py", "tables.py", "cases.py"} <= names


def test_app_imports_qt_only_inside_functions() -> None:
    """Importing the entry point (for the `demo` command) must not load Qt."""
    tree = ast.parse((PACKAGE / "app.py").read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    for node in top_level:
        module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        assert not (module or "").startswith(QT_MODULES)
