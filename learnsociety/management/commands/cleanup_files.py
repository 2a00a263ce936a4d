"""Find stored files that no row refers to, and rows whose file is missing.

Such leftovers come from a process killed between writing an upload and committing its
row (an orphan file) or from a file lost outside the application (a missing file). With
``--delete`` orphan files older than ``--older-than`` minutes are removed (younger ones
may belong to an upload whose transaction has not committed yet); rows are never changed.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from learnsociety.uploads import referenced_files


def stored_names(storage, folder: str = "") -> list[str]:
    folders, files = storage.listdir(folder)
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += stored_names(storage, f"{folder}/{sub}" if folder else sub)
    return names


class Command(BaseCommand):
    help = "List (and with --delete remove) uploaded files no row refers to, and rows whose file is missing."

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove the orphan files")
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MINUTES",
            help="only files at least this old count as orphans (default 60)",
        )

    def handle(self, *args, delete: bool = False, older_than: int = 60, **options):
        storage = default_storage
        referenced: dict[str, tuple[str, int]] = {}
        for name, field, pk in referenced_files():
            referenced[name] = (field, pk)
        cutoff = timezone.now() - timedelta(minutes=older_than)
        orphans = []
        for name in sorted(stored_names(storage)):
            if name in referenced:
                continue
            if storage.get_modified_time(name) > cutoff:
                continue
            orphans.append(name)
        missing = sorted(
            (field, pk, name)
            for name, (field, pk) in referenced.items()
            if not storage.exists(name)
        )
        for name in orphans:
            if delete:
                storage.delete(name)
                self.stdout.write(f"deleted orphan file: {name}")
            else:
                self.stdout.write(f"orphan file: {name}")
        for field, pk, name in missing:
            self.stdout.write(f"missing file: {field} #{pk}: {name}")
        verb = "deleted" if delete else "found"
        summary = (
            f"{len(referenced)} file(s) referenced, {len(orphans)} orphan file(s) {verb}, "
            f"{len(missing)} row(s) with a missing file."
        )
        style = self.style.WARNING if orphans and not delete or missing else self.style.SUCCESS
        self.stdout.write(style(summary))
