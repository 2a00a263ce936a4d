"""One dependency list: pyproject.toml names every direct dependency, and requirements.lock
(what `make` installs) pins each at the same version."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[\[=<>~ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_direct_dependency_is_locked_at_its_declared_version():
    listed = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "dependencies.py")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    locked = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            locked[_name(name)] = version.strip()
    assert len(listed) > 20
    for requirement in listed:
        assert "==" in requirement, f"{requirement} is not pinned"
        version = requirement.split("==", 1)[1]
        assert locked.get(_name(requirement)) == version, requirement
    assert not (ROOT / "requirements.in").exists()
