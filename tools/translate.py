#!/usr/bin/env python
"""Maintain locale/vi/LC_MESSAGES/django.po.

    tools/translate.py --extract            run makemessages (needs GNU gettext)
    tools/translate.py --missing            print msgids that have no Vietnamese yet
    tools/translate.py --fill FILE.json     set translations from {"msgid": "msgstr", ...}
                                            ("context\u0004msgid" for a pgettext context)

Every action holds a lock on the file, so several people (or scripts) can work at once.
Fuzzy entries are cleared when filled; untranslated entries fall back to English.
"""

import argparse
import fcntl
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"


@contextmanager
def locked():
    lock_path = ROOT / "var" / "translate.lock"
    lock_path.parent.mkdir(exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def extract() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "learnsociety.settings"}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-location",
            "--ignore",
            ".venv/*",
            "--ignore",
            "var/*",
            "--ignore",
            "tests/*",
            "--ignore",
            "bench/*",
            "--ignore",
            "tools/*",
        ],
        cwd=ROOT,
        check=True,
        env=env,
    )


def missing() -> list[str]:
    po = polib.pofile(str(PO))
    return [e.msgid for e in po if (not e.translated() or e.fuzzy) and not e.obsolete]


def fill(mapping: dict[str, str]) -> int:
    po = polib.pofile(str(PO), wrapwidth=0)
    done = 0
    for entry in po:
        # "context\u0004msgid" (gettext's own notation) fills only that context's entry
        keyed = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else None
        if keyed in mapping or entry.msgid in mapping:
            value = mapping[keyed] if keyed in mapping else mapping[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            done += 1
    po.metadata_is_fuzzy = False
    po.metadata.update(
        {
            "Project-Id-Version": "LearnSociety",
            "Language": "vi",
            "Language-Team": "Vietnamese",
            "Last-Translator": "LearnSociety",
        }
    )
    po.header = "Vietnamese translation of LearnSociety."
    po.save()
    return done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--extract", action="store_true")
    parser.add_argument("--missing", action="store_true")
    parser.add_argument("--fill")
    args = parser.parse_args()
    with locked():
        if args.extract:
            extract()
        if args.fill:
            mapping = json.loads(Path(args.fill).read_text(encoding="utf-8"))
            print(f"filled {fill(mapping)} entries")
        if args.missing:
            for msgid in missing():
                print(json.dumps(msgid, ensure_ascii=False))


if __name__ == "__main__":
    main()
