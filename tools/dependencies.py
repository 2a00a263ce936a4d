#!/usr/bin/env python
"""Print the project's direct dependencies, runtime and dev, from pyproject.toml (the one
list), one per line, for ``make lock`` to install before freezing requirements.lock."""

import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())[
    "project"
]
for requirement in project["dependencies"] + project["optional-dependencies"]["dev"]:
    print(requirement)
