from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.areas import fill_provinces
from accounts.models import Organisation, User
from demo import accounts as demo
from demo import awards, notifications, programme, society, units
from units.models import SelfAssessment

# The data sets that extend the province and its accounts, in dependency order; each has
# ``load(base) -> None``.
LOADERS = (programme, units, awards, society, notifications)


class Command(BaseCommand):
    help = "Create (or bring up to date) the Son La demo province and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a real deployment).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has users.",
        )

    def handle(self, *args, force: bool = False, if_empty: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo refuses to run with DEBUG off: it creates accounts with a known "
                "password. Use --force only on a throw-away database."
            )

        if if_empty and User.objects.exists():
            self.stdout.write("The database already has users; demo data not loaded.")
            return
        with transaction.atomic():
            base = demo.load()
            for loader in LOADERS:
                loader.load(base)
            # Bulk-written branches and dossiers get their province column (issue 18).
            fill_provinces(Organisation.objects.all(), SelfAssessment.objects.all())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo province loaded: {len(base['schools'])} schools, "
                f"accounts {', '.join(base['users'])} (password {demo.DEMO_PASSWORD})."
            )
        )
