from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from learnsociety.backup import backup


class Command(BaseCommand):
    help = (
        "Write the database (one consistent snapshot) and every uploaded file to one "
        ".tar.gz archive with a manifest of row counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="archive path (default: learnsociety-backup-<time>.tar.gz)"
        )

    def handle(self, *args, output=None, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = Path(output or f"learnsociety-backup-{stamp}.tar.gz")
        result = backup(path)
        for name in result["missing"]:
            self.stderr.write(f"missing file (row kept, file not found): {name}")
        summary = (
            f"Backup written to {path}: {result['rows']} rows in {result['tables']} tables, "
            f"{result['files']} files ({result['bytes'] / 1024 / 1024:.1f} MB)"
        )
        if result["missing"]:
            self.stdout.write(
                self.style.WARNING(f"{summary}; {len(result['missing'])} files missing.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(summary + "."))
