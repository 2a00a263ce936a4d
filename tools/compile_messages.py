#!/usr/bin/env python
"""Compile every locale/**/django.po into django.mo with polib, so that a fresh machine
needs no GNU gettext to run the app in Vietnamese."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/*.po")):
        if ".venv" in po_path.parts:
            continue
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(mo_path))
        print(f"compiled {po_path.relative_to(ROOT)} ({po.percent_translated()}% translated)")


if __name__ == "__main__":
    main()
