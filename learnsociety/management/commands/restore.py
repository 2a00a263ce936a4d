from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from learnsociety.backup import restore


class Command(BaseCommand):
    help = "Restore a backup archive (from `manage.py backup`) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force", action="store_true", help="restore even if the database already has users"
        )

    def handle(self, *args, archive, force=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {path}")
        call_command("migrate", verbosity=0, interactive=False)
        from accounts.models import User

        if User.objects.exists() and not force:
            raise CommandError(
                "The database is not empty; restore into an empty database "
                "(or pass --force to load on top of it)."
            )
        try:
            result = restore(path)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {path}: {result['files']} files."))
