"""Spreadsheet import and export of schools and past recognitions (openpyxl / CSV).

An import is all-or-nothing: every row is checked first; rows are written only when none
has an error. A dry run checks and reports without writing anything.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.areas import lower_tier_on
from accounts.enums import OrganisationKind, Tier
from accounts.models import AdministrativeArea, Organisation
from learnsociety.exports import Column, xlsx_response
from learnsociety.tasks import enqueue
from learnsociety.uploads import check_spreadsheet

from .enums import EducationLevel
from .models import (
    Framework,
    FrameworkOutcome,
    ImportJob,
    Recognition,
    School,
    SchoolAreaHistory,
    SchoolYearFigures,
)
from .services import area_span, move_problem, school_move
from .tasks import run_import

SCHOOL_COLUMNS = [
    "code",
    "name",
    "education_level",
    "tier",
    "area_code",
    "year",
    "staff",
    "learners",
    "moved_on",
]
RECOGNITION_COLUMNS = [
    "year",
    "school_code",
    "framework",
    "outcome",
    "decision_number",
    "decision_date",
]
logger = logging.getLogger(__name__)

DISTRICT_LEVELS = {"preschool", "primary", "primary_lower_secondary", "lower_secondary"}
# Rows written per INSERT, and rows checked between two progress reports.
BATCH = 1000
PROGRESS_EVERY = 500


def _progress(progress, done: int, total: int, *, writing: bool = False) -> None:
    """Report progress to ``progress(done, total, writing)`` (a background import's job)
    every PROGRESS_EVERY rows, and when the writing starts."""
    if progress is not None and (writing or done % PROGRESS_EVERY == 0):
        progress(done, total, writing)


@dataclass
class RowReport:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    # What the writing step needs but the report does not show (model instances).
    objects: dict = field(default_factory=dict)


@dataclass
class ImportReport:
    rows: list[RowReport]
    written: bool = False
    file_error: str = ""

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors) + (1 if self.file_error else 0)

    @property
    def ok(self) -> bool:
        return not self.file_error and bool(self.rows) and self.error_count == 0


def read_rows(upload) -> list[dict]:
    """Rows of an .xlsx or .csv file as dicts keyed by lower-case header."""
    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook  # noqa: PLC0415 (heavy library, loaded on first use)

        try:
            check_spreadsheet(upload)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        sheet = load_workbook(upload, read_only=True, data_only=True).active
        lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    elif name.endswith(".csv"):
        text = upload.read().decode("utf-8-sig")
        lines = list(csv.reader(io.StringIO(text)))
    else:
        raise ValueError(_("Upload an .xlsx or .csv file."))
    if not lines:
        return []
    headers = [str(h or "").strip().lower() for h in lines[0]]
    rows = []
    for line in lines[1:]:
        if not any(str(c or "").strip() for c in line):
            continue
        rows.append({h: ("" if v is None else v) for h, v in zip(headers, line, strict=False)})
    return rows


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value or "").strip()


def _int(value, label: str, errors: list[str]) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        errors.append(_("%(field)s must be a whole number.") % {"field": label})
        return None
    if number < 0:
        errors.append(_("%(field)s cannot be negative.") % {"field": label})
    return number


def _date(value, errors: list[str], label: str | None = None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if label:
        errors.append(_("%(field)s must be written dd/mm/yyyy.") % {"field": label})
    else:
        errors.append(_("The decision date must be written dd/mm/yyyy."))
    return None


# --- Running an import -------------------------------------------------------------------


def _read_or_error(upload) -> tuple[list[dict], str]:
    """The upload's rows, or no rows and why the file could not be read."""
    try:
        return read_rows(upload), ""
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        return [], str(exc) or _("The file could not be read.")
    except Exception:  # openpyxl raises many kinds of errors on a broken file
        return [], _("The file could not be read.")


def _last_moves() -> dict[int, date]:
    """Each school's latest move (the start of its newest area-history row)."""
    last: dict[int, date] = {}
    for school_id, valid_from in SchoolAreaHistory.objects.order_by("valid_from").values_list(
        "school_id", "valid_from"
    ):
        last[school_id] = valid_from
    return last


def _run(upload, *, dry_run: bool, progress, checker) -> ImportReport:
    """Check every row with ``checker(rows)`` (which loads what the checks look up once),
    then, when no row has an error and this is not a dry run, write them all in one
    transaction: an import is all-or-nothing."""
    rows, file_error = _read_or_error(upload)
    if file_error:
        return ImportReport(rows=[], file_error=file_error)
    rules = checker(rows)
    reports = []
    for index, row in enumerate(rows, start=2):
        _progress(progress, index - 1, len(rows))
        reports.append(rules.check(index, row))
    report = ImportReport(rows=reports)
    if report.ok and not dry_run:
        _progress(progress, len(rows), len(rows), writing=True)
        with transaction.atomic():
            rules.write(reports)
        report.written = True
    return report


# --- Schools -----------------------------------------------------------------------------


def _record_area(school: School, area, moved_on: date) -> None:
    """Keep the area history: a new school starts in its area on ``moved_on``; a school
    that moves closes its current row the day before (see ``services.school_move``), so
    earlier cycles and figures keep the area of their time."""
    if not school.area_history.exists() and school.organisation.area_id == area.pk:
        SchoolAreaHistory.objects.create(school=school, area=area, valid_from=moved_on)
        return
    school_move(school=school, area=area, effective=moved_on)


def _figures(row: dict, errors: list[str]) -> tuple[int | None, int | None, int | None]:
    """A row's year, staff and learners; numbers without a year are an error."""
    year = _int(row.get("year"), _("Year"), errors)
    staff = _int(row.get("staff"), _("Staff"), errors)
    learners = _int(row.get("learners"), _("Learners"), errors)
    if (staff is not None or learners is not None) and year is None:
        errors.append(_("Give the year of the staff and learner numbers."))
    return year, staff, learners


class _SchoolRows:
    """The checks and the writing of a school import."""

    def __init__(self, rows: list[dict]) -> None:
        self.areas = {a.code: a for a in AdministrativeArea.objects.all()}
        self.existing = {o.code: o for o in Organisation.objects.exclude(code="")}
        self.last_moves = _last_moves()
        self.today = timezone.localdate()
        self.levels = {value for value, _label in EducationLevel.choices}
        self.tiers = {value for value, _label in Tier.choices}
        self.seen: dict[str, int] = {}

    def check(self, index: int, row: dict) -> RowReport:
        errors: list[str] = []
        code = _text(row.get("code"))
        name = _text(row.get("name"))
        level = _text(row.get("education_level"))
        tier = _text(row.get("tier")) or (
            lower_tier_on(self.today) if level in DISTRICT_LEVELS else Tier.PROVINCIAL
        )
        area_code = _text(row.get("area_code"))
        self._check_code(code, index, errors)
        if not name:
            errors.append(_("The name is missing."))
        if level not in self.levels:
            errors.append(_("Unknown education level “%(level)s”.") % {"level": level})
        if tier not in self.tiers:
            errors.append(_("Unknown tier “%(tier)s”.") % {"tier": tier})
        if area_code not in self.areas:
            errors.append(_("Unknown area “%(area)s”.") % {"area": area_code})
        moved_on = self._moved_on(row, code, self.areas.get(area_code), errors)
        year, staff, learners = _figures(row, errors)
        values = {
            "code": code,
            "name": name,
            "education_level": level,
            "tier": tier,
            "area": self.areas.get(area_code),
            "year": year,
            "staff": staff,
            "learners": learners,
            "moved_on": moved_on,
        }
        return RowReport(line=index, values=values, errors=errors)

    def _check_code(self, code: str, index: int, errors: list[str]) -> None:
        if not code:
            errors.append(_("The code is missing."))
        elif code in self.seen:
            errors.append(
                _("Duplicate code %(code)s (also on line %(line)s).")
                % {"code": code, "line": self.seen[code]}
            )
        else:
            self.seen[code] = index
            other = self.existing.get(code)
            if other is not None and other.kind != OrganisationKind.SCHOOL:
                errors.append(
                    _("The code %(code)s belongs to an organisation that is not a school.")
                    % {"code": code}
                )

    def _moved_on(self, row: dict, code: str, area, errors: list[str]) -> date | None:
        """The date the school is in its area from (today when not given), checked against
        the area's dates and the school's last move when the school changes area."""
        moved_on: date | None = self.today
        if _text(row.get("moved_on")):
            moved_on = _date(row.get("moved_on"), errors, _("The move date"))
        other = self.existing.get(code)
        if moved_on and area is not None and (other is None or other.area_id != area.pk):
            problem = move_problem(
                area=area,
                effective=moved_on,
                last_move=self.last_moves.get(other.pk) if other is not None else None,
            )
            if problem:
                errors.append(problem)
        return moved_on

    def write(self, reports: list[RowReport]) -> None:
        _write_schools(reports, self.existing)


def import_schools(upload, *, dry_run: bool, progress=None) -> ImportReport:
    return _run(upload, dry_run=dry_run, progress=progress, checker=_SchoolRows)


def _has_figures(v: dict) -> bool:
    return v["year"] is not None and v["staff"] is not None and v["learners"] is not None


def _write_schools(reports: list[RowReport], existing: dict[str, Organisation]) -> None:
    """Write checked rows: new schools in batches (with their history records), schools
    already known one by one, since they may move (``_record_area``)."""
    _create_schools([row.values for row in reports if row.values["code"] not in existing])
    for row in reports:
        if row.values["code"] in existing:
            _update_school(row.values)


def _create_schools(new: list[dict]) -> None:
    orgs = bulk_create_with_history(
        [
            Organisation(
                code=v["code"],
                name=v["name"],
                kind=OrganisationKind.SCHOOL,
                tier=v["tier"],
                area=v["area"],
                province_id=v["area"].province_id if v["area"] is not None else None,
            )
            for v in new
        ],
        Organisation,
        batch_size=BATCH,
    )
    by_code = {org.code: org for org in orgs}
    if any(org.pk is None for org in orgs):  # a backend that returns no ids
        by_code = {
            org.code: org for org in Organisation.objects.filter(code__in=[v["code"] for v in new])
        }
    bulk_create_with_history(
        [
            School(organisation=by_code[v["code"]], education_level=v["education_level"])
            for v in new
        ],
        School,
        batch_size=BATCH,
    )
    SchoolAreaHistory.objects.bulk_create(
        [
            SchoolAreaHistory(
                school_id=by_code[v["code"]].pk, area=v["area"], valid_from=v["moved_on"]
            )
            for v in new
        ],
        batch_size=BATCH,
    )
    SchoolYearFigures.objects.bulk_create(
        [
            SchoolYearFigures(
                school_id=by_code[v["code"]].pk,
                year=v["year"],
                staff=v["staff"],
                learners=v["learners"],
            )
            for v in new
            if _has_figures(v)
        ],
        batch_size=BATCH,
    )


def _update_school(v: dict) -> None:
    org, _created = Organisation.objects.update_or_create(
        code=v["code"],
        defaults={
            "name": v["name"],
            "kind": OrganisationKind.SCHOOL,
            "tier": v["tier"],
            "area": v["area"],
        },
    )
    school, _created = School.objects.update_or_create(
        organisation=org, defaults={"education_level": v["education_level"]}
    )
    _record_area(school, v["area"], v["moved_on"])
    if _has_figures(v):
        SchoolYearFigures.objects.update_or_create(
            school=school,
            year=v["year"],
            defaults={"staff": v["staff"], "learners": v["learners"]},
        )


# --- Past recognitions -------------------------------------------------------------------


class _RecognitionRows:
    """The checks and the writing of an import of past recognitions."""

    def __init__(self, rows: list[dict]) -> None:
        self.schools = {
            s.organisation.code: s for s in School.objects.select_related("organisation")
        }
        # The newest version of each framework code wins.
        self.frameworks = {f.code: f for f in Framework.objects.order_by("version")}
        self.outcomes: dict[tuple[int, str], FrameworkOutcome] = {}
        for outcome in FrameworkOutcome.objects.all():
            for key in (outcome.code, outcome.name_vi, outcome.name_en):
                if key:
                    self.outcomes[(outcome.framework_id, key.lower())] = outcome
        self.existing = set(Recognition.objects.values_list("school_id", "year", "framework_id"))
        self.seen: set[tuple[int, int, int]] = set()

    def check(self, index: int, row: dict) -> RowReport:
        errors: list[str] = []
        year = _int(row.get("year"), _("Year"), errors)
        if year is None and not errors:
            errors.append(_("The year is missing."))
        code = _text(row.get("school_code"))
        school = self.schools.get(code)
        if school is None:
            errors.append(_("Unknown school code “%(code)s”.") % {"code": code})
        framework, outcome = self._framework_outcome(row, errors)
        number = _text(row.get("decision_number"))
        if not number:
            errors.append(_("The decision number is missing."))
        decided = _date(row.get("decision_date"), errors)
        if school is not None and framework is not None and year is not None:
            self._check_once(school.pk, year, framework.pk, errors)
        values = {
            "year": year,
            "school": school,
            "framework": framework,
            "outcome": outcome,
            "decision_number": number,
            "decision_date": decided,
            "school_code": code,
        }
        return RowReport(line=index, values=values, errors=errors)

    def _framework_outcome(self, row: dict, errors: list[str]):
        framework = self.frameworks.get(_text(row.get("framework")))
        if framework is None:
            errors.append(
                _("Unknown framework “%(framework)s”.") % {"framework": _text(row.get("framework"))}
            )
            return None, None
        outcome = self.outcomes.get((framework.pk, _text(row.get("outcome")).lower()))
        if outcome is None:
            errors.append(
                _("Unknown level or grade “%(outcome)s” for this framework.")
                % {"outcome": _text(row.get("outcome"))}
            )
        return framework, outcome

    def _check_once(self, school_id: int, year: int, framework_id: int, errors: list[str]):
        """One recognition per school, year and framework, in the database and the file."""
        key = (school_id, year, framework_id)
        if key in self.existing or key in self.seen:
            errors.append(_("This school is already recognised for %(year)s.") % {"year": year})
        self.seen.add(key)

    def write(self, reports: list[RowReport]) -> None:
        for row in reports:
            v = row.values
            Recognition.objects.create(
                school=v["school"],
                year=v["year"],
                framework=v["framework"],
                outcome=v["outcome"],
                decision_number=v["decision_number"],
                decision_date=v["decision_date"],
            )


def import_recognitions(upload, *, dry_run: bool, progress=None) -> ImportReport:
    return _run(upload, dry_run=dry_run, progress=progress, checker=_RecognitionRows)


def export_schools(schools, year: int, filename: str = "schools", request=None):
    """The schools in the import format (so a file can be edited and imported back),
    written row by row from the database: constant memory for 50,000 schools."""

    figures = SchoolYearFigures.objects.filter(school=OuterRef("pk"), year=year)
    rows = schools.annotate(
        fig_staff=Subquery(figures.values("staff")[:1]),
        fig_learners=Subquery(figures.values("learners")[:1]),
    )
    columns = [
        Column("code", lambda s: s.organisation.code),
        Column("name", lambda s: s.organisation.name, 40),
        Column("education_level", lambda s: s.education_level),
        Column("tier", lambda s: s.organisation.tier),
        Column("area_code", lambda s: s.organisation.area.code if s.organisation.area else ""),
        Column(
            "year",
            lambda s: year if s.fig_staff is not None or s.fig_learners is not None else None,
        ),
        Column("staff", lambda s: s.fig_staff),
        Column("learners", lambda s: s.fig_learners),
    ]
    return xlsx_response(rows, columns, filename, "schools", request=request)


# --- The reform: old unit -> new unit ----------------------------------------------------

REFORM_COLUMNS = ["old_code", "new_code", "effective_date"]


def _schools_in(area_ids) -> dict[int, list[School]]:
    """Schools whose current area (the open row of their history, else their organisation's
    area) is one of ``area_ids``: two queries whatever the number of schools."""
    found: dict[int, list[School]] = {}
    with_history = set()
    for row in SchoolAreaHistory.objects.filter(valid_to__isnull=True).select_related(
        "school__organisation"
    ):
        with_history.add(row.school_id)
        if row.area_id in area_ids:
            found.setdefault(row.area_id, []).append(row.school)
    for school in School.objects.select_related("organisation").filter(
        organisation__area_id__in=area_ids
    ):
        area_id = school.organisation.area_id
        if school.pk not in with_history and area_id is not None:  # always set: the filter
            found.setdefault(area_id, []).append(school)
    return found


class _ReformRows:
    """The checks and the writing of a reorganisation file."""

    def __init__(self, rows: list[dict]) -> None:
        self.areas = {a.code: a for a in AdministrativeArea.objects.all()}
        # How many successors each old unit has in the file: schools move only when one.
        self.successors: dict[str, int] = {}
        for row in rows:
            code = _text(row.get("old_code"))
            self.successors[code] = self.successors.get(code, 0) + 1
        self.schools = _schools_in([self.areas[c].pk for c in self.successors if c in self.areas])
        self.last_moves = _last_moves()

    def check(self, index: int, row: dict) -> RowReport:
        errors: list[str] = []
        old_code, new_code = _text(row.get("old_code")), _text(row.get("new_code"))
        old, new = self.areas.get(old_code), self.areas.get(new_code)
        if old is None:
            errors.append(_("Unknown area “%(area)s”.") % {"area": old_code})
        if new is None:
            errors.append(_("Unknown area “%(area)s”.") % {"area": new_code})
        effective = None
        if not _text(row.get("effective_date")):
            errors.append(_("The effective date is missing."))
        else:
            effective = _date(row.get("effective_date"), errors, _("The effective date"))
        if old is not None and old == new:
            errors.append(_("A unit cannot succeed itself."))
        moving = self._moving(old_code, old, new, effective, errors) if effective else []
        return RowReport(
            line=index,
            values={
                "old": f"{old_code} {old.name}" if old else old_code,
                "new": f"→ {new_code} {new.name}" if new else f"→ {new_code}",
                "effective_date": effective.strftime("%d/%m/%Y") if effective else "",
                "moves": _("%(n)s school(s) move") % {"n": len(moving)},
            },
            errors=errors,
            objects={"old": old, "new": new, "effective": effective, "schools": moving},
        )

    def _moving(self, old_code: str, old, new, effective: date, errors: list[str]) -> list:
        """The schools that move with this row, after checking the dates of both units and
        of each school's last move."""
        if new is not None and not new.is_valid_on(effective):
            errors.append(
                _("%(area)s does not exist on %(date)s (it exists %(span)s).")
                % {
                    "area": new.name,
                    "date": effective.strftime("%d/%m/%Y"),
                    "span": area_span(new),
                }
            )
            return []
        if old is None or new is None:
            return []
        if old.valid_from and old.valid_from >= effective:
            errors.append(
                _("%(area)s only starts on %(date)s: it cannot end before.")
                % {"area": old.name, "date": old.valid_from.strftime("%d/%m/%Y")}
            )
        if self.successors.get(old_code) != 1:
            return []
        moving = self.schools.get(old.pk, [])
        for school in moving:
            problem = move_problem(
                area=new, effective=effective, last_move=self.last_moves.get(school.pk)
            )
            if problem:
                errors.append(f"{school}: {problem}")
        return moving

    def write(self, reports: list[RowReport]) -> None:
        for row in reports:
            v = row.objects
            old, new, effective = v["old"], v["new"], v["effective"]
            old.successors.add(new)
            if old.valid_to is None or old.valid_to >= effective:
                old.valid_to = effective - timedelta(days=1)
                old.save(update_fields=["valid_to"])
            for school in v["schools"]:
                school_move(school=school, area=new, effective=effective)


def import_reform(upload, *, dry_run: bool, progress=None) -> ImportReport:
    """A reorganisation as data: each row says that an old unit was succeeded by a new one
    on an effective date. All-or-nothing. Writing records the successor, ends the old unit
    the day before (when it had no end yet) and moves every school of an old unit that has
    a single successor in the file, dated the effective date; nothing earlier changes."""
    return _run(upload, dry_run=dry_run, progress=progress, checker=_ReformRows)


# --- Imports in the background -----------------------------------------------------------

IMPORTERS = {
    "schools": import_schools,
    "recognitions": import_recognitions,
    "reform": import_reform,
}


def count_rows(upload) -> int:
    """A cheap upper bound on the data rows of an upload, read without parsing it: the
    lines of a CSV, the rows an .xlsx sheet declares. Decides whether the import runs in
    the background."""

    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    try:
        if name.endswith(".csv"):
            return max(0, sum(chunk.count(b"\n") for chunk in upload.chunks()) - 1)
        if name.endswith(".xlsx"):
            with zipfile.ZipFile(upload) as archive:
                found = 0
                for info in archive.infolist():
                    if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
                        with archive.open(info) as sheet:
                            head = sheet.read(4096).decode("utf-8", "replace")
                        match = re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
                        found = max(found, int(match.group(1)) - 1 if match else 0)
                return found
    except (zipfile.BadZipFile, OSError):
        return 0
    finally:
        upload.seek(0)
    return 0


def start_import_job(*, kind: str, upload, dry_run: bool, user):
    """Keep the upload and queue its check (or its import) as a Celery task."""

    with transaction.atomic():
        job = ImportJob.objects.create(kind=kind, user=user, file=upload, dry_run=dry_run)
        enqueue(run_import, job_id=job.pk)
    return job


def import_again(job, *, user):
    """Import for real the file a dry run found valid (no second upload)."""

    with transaction.atomic():
        again = ImportJob.objects.create(
            kind=job.kind, user=user, file=job.file.name, dry_run=False
        )
        enqueue(run_import, job_id=again.pk)
    return again


def run_import_job(job_id: int) -> str:
    """The task's work: run the importer on the kept file, reporting progress on the job.
    A job already started is left alone (a task sent twice runs once)."""

    State = ImportJob.State
    started = ImportJob.objects.filter(pk=job_id, state=State.QUEUED).update(state=State.CHECKING)
    if not started:
        return "skipped"
    job = ImportJob.objects.get(pk=job_id)

    def progress(done: int, total: int, writing: bool) -> None:
        ImportJob.objects.filter(pk=job_id).update(
            checked=done, total=total, state=State.WRITING if writing else State.CHECKING
        )

    try:
        with job.file.open("rb") as upload:
            report = IMPORTERS[job.kind](upload, dry_run=job.dry_run, progress=progress)
    except Exception:
        logger.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            state=State.FAILED,
            file_error=_("The import stopped on an unexpected error; nothing was saved."),
            finished=timezone.now(),
        )
        return State.FAILED
    limit = settings.IMPORT_REPORT_ROWS
    errors = [
        {"line": row.line, "values": _shown(row.values), "errors": row.errors}
        for row in report.rows
        if row.errors
    ][:limit]
    ImportJob.objects.filter(pk=job_id).update(
        state=State.DONE,
        total=len(report.rows),
        checked=len(report.rows),
        error_count=sum(1 for row in report.rows if row.errors),
        written=report.written,
        file_error=report.file_error[:500],
        errors=errors,
        finished=timezone.now(),
    )
    return State.DONE


def _shown(values: dict) -> str:
    """A row's values as the report shows them: non-empty ones, joined."""
    shown = []
    for value in values.values():
        if value is None or value == "":
            continue
        shown.append(value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value))
    return " · ".join(shown)
