"""Time a large school import, checked then written as the background task does it.

Run by hand (not a test), on an empty database with the areas loaded:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python manage.py load_areas --province 14
    DATABASE_URL=… ROWS=50000 .venv/bin/python -m bench.import_schools

It uploads a CSV of ROWS new primary schools spread over Sơn La's first communes, starts
the import as a user would (a job of the background import) and prints the time of the
dry run and of the real import, and the rows written.
"""

from __future__ import annotations

import os
import time


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnsociety.settings")
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import AdministrativeArea, User
    from units.imports import run_import_job
    from units.models import ImportJob, School

    rows = int(os.environ.get("ROWS", "50000"))
    codes = list(
        AdministrativeArea.objects.filter(parent__code="14", valid_to__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)[:10]
    )
    if not codes:
        raise SystemExit("Load the areas first: manage.py load_areas --province 14")
    lines = ["code,name,education_level,tier,area_code,year,staff,learners\n"]
    prefix = f"B{int(time.time())}"
    for i in range(rows):
        lines.append(
            f"{prefix}-{i:06d},Trường Tiểu học số {i},primary,commune,{codes[i % len(codes)]},"
            "2025,30,400\n"
        )
    data = "".join(lines).encode("utf-8")
    user, _ = User.objects.get_or_create(username="bench-import")
    before = School.objects.count()
    print(f"  {rows} rows, {len(data) / 1e6:.1f} MB CSV")
    for dry_run in (True, False):
        job = ImportJob.objects.create(
            kind="schools",
            user=user,
            file=SimpleUploadedFile("schools.csv", data),
            dry_run=dry_run,
        )
        start = time.perf_counter()
        run_import_job(job.pk)
        spent = time.perf_counter() - start
        job.refresh_from_db()
        label = "dry run" if dry_run else "import"
        print(
            f"  {label:<8} {spent:7.1f} s   state {job.state}, rows {job.total}, "
            f"errors {job.error_count}, written {job.written}"
        )
    print(f"  schools written: {School.objects.count() - before}")


if __name__ == "__main__":
    main()
