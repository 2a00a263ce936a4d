from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from learnsociety.backup import backup


class Command(BaseCommand):
    help = "Write the database and every uploaded file to one .tar.gz archive."

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
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path}: {result['rows']} rows, {result['files']} files."
            )
        )
