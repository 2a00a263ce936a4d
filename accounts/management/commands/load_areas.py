from django.core.management.base import BaseCommand, CommandError

from accounts.areas import areas_load


class Command(BaseCommand):
    help = (
        "Create or update today's provinces and communes (since 1 July 2025) with their "
        "official codes, from the vietnam-provinces package. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            type=int,
            dest="provinces",
            metavar="CODE",
            help="Official province code (Sơn La: 14). Repeat for several; omit with --all.",
        )
        parser.add_argument("--all", action="store_true", help="Load all 34 provinces.")

    def handle(self, *args, provinces=None, all=False, **options):
        if not provinces and not all:
            raise CommandError("Give --province CODE (e.g. --province 14) or --all.")
        try:
            result = areas_load(province_codes=None if all else provinces)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.provinces} province(s), {result.communes} communes and wards: "
                f"{result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
