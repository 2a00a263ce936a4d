"""learnsociety/ is the floor: the apps import it, it imports none of them. Only the roof
(urls.py, the views it routes to, the settings) may name apps; the floor asks them through
the hooks of learnsociety.registry."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = {"accounts", "units", "awards", "programme", "society", "notifications", "dashboard", "demo"}
ROOF = {"urls.py", "views.py", "settings.py", "settings_test.py"}


def _imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_floor_imports_no_app():
    floor = [
        p
        for p in (ROOT / "learnsociety").rglob("*.py")
        if not (p.parent.name == "learnsociety" and p.name in ROOF) and "migrations" not in p.parts
    ]
    assert len(floor) > 20
    found = {str(p.relative_to(ROOT)): sorted(_imported(p) & APPS) for p in floor}
    assert {path: apps for path, apps in found.items() if apps} == {}
