from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from learnsociety.backup import BackupError, restore, restore_check


class Command(BaseCommand):
    help = (
        "Restore a backup archive (from `manage.py backup`) into an empty database, or with "
        "--check prove it restorable into a temporary database without touching this one."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="restore even if the database already has users"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="restore into a temporary database and uploads folder, compare with the "
            "manifest, then drop them (the live database is not touched)",
        )
        # Used by --check in its child process: a fresh database, verified afterwards.
        parser.add_argument("--verify", action="store_true", help="(internal)")

    def handle(self, *args, archive, force=False, check=False, verify=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        if check:
            try:
                result = restore_check(path)
            except BackupError as exc:
                raise CommandError(f"{path} is NOT restorable: {exc}") from None
            self.stdout.write(
                self.style.SUCCESS(
                    f"{path} is restorable: {result['rows']} rows in {result['tables']} tables "
                    f"and {result['files']} files restored into a temporary database and "
                    "matched the manifest."
                )
            )
            return
        call_command("migrate", verbosity=0, interactive=False)
        if verify:
            # A temporary database made for the check: data migrations' rows make way.
            call_command("flush", verbosity=0, interactive=False)

        if get_user_model().objects.exists() and not force:
            raise CommandError(
                "The database is not empty; restore into an empty database "
                "(or pass --force to load on top of it)."
            )
        try:
            result = restore(path, verify=verify)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path}: {result['rows']} rows in {result['tables']} tables, "
                f"{result['files']} files."
            )
        )
