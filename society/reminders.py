"""Reminder rules of the learning-society returns (read by notifications.registry).

- Collection round closing in REMINDER_RETURN_DAYS days (14, 7, 1) → the secretaries of
  the communes whose return is not submitted yet.
- Deadline passed, return still not submitted → the same secretaries, once every
  REMINDER_OVERDUE_EVERY_DAYS days.
- Return sent back for corrections → the commune's secretaries (once per return).

Each rule reads with a fixed number of queries, whatever the number of communes.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import AdministrativeArea, Membership
from notifications.enums import NotificationKind
from notifications.registry import Due, Rule, iso, offset_occasion, overdue_occasion, url_for

from .enums import ReturnStatus
from .models import CollectionRound, CommuneReturn, ReturnTransition
from .selectors import valid_on

KINDS = [(NotificationKind.SOCIETY_RETURNS, {Role.COMMUNE_SECRETARY})]
SENT = [ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED]


def _day(value: str) -> str:
    return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT") if value else ""


def _unsent(round_: CollectionRound, occasion: str, context: dict):
    """One reminder per secretary of each commune of the round without a sent return."""
    sent = CommuneReturn.objects.filter(round=round_, status__in=SENT).values("area_id")
    communes = AdministrativeArea.objects.filter(valid_on(round_.map_date)).values("pk")
    drafts = dict(CommuneReturn.objects.filter(round=round_).values_list("area_id", "pk"))
    rows = (
        Membership.objects.filter(
            role=Role.COMMUNE_SECRETARY,
            is_active=True,
            user__is_active=True,
            organisation__is_active=True,
            organisation__area_id__in=communes,
        )
        .exclude(organisation__area_id__in=sent)
        .values_list("organisation__area_id", "organisation__area__name", "user_id")
        .order_by("organisation__area_id", "user_id")
    )
    for area_id, area_name, user_id in rows.iterator(chunk_size=5000):
        draft = drafts.get(area_id)
        yield Due(
            obj=None,
            model=AdministrativeArea,
            object_id=area_id,
            recipient_id=user_id,
            occasion=occasion,
            context={**context, "commune": area_name, "round": round_.pk},
            url=url_for("society:return-detail", draft)
            if draft
            else reverse("society:return-list"),
            label=f"{area_name} · {round_.year}",
        )


def rounds_closing(now: datetime):
    today = timezone.localdate(now)
    offsets = settings.REMINDER_RETURN_DAYS
    for round_ in CollectionRound.objects.filter(deadline__gte=today, opens_on__lte=today):
        days_left = (round_.deadline - today).days
        occasion = offset_occasion(days_left, offsets, prefix=f"round-{round_.pk}-due")
        if occasion is None:
            continue
        yield from _unsent(
            round_,
            occasion,
            {"year": round_.year, "deadline": iso(round_.deadline), "days": days_left},
        )


def closing_message(context: dict) -> tuple[str, str]:
    title = ngettext(
        "Learning-society return %(year)s due in %(days)s day: %(commune)s",
        "Learning-society return %(year)s due in %(days)s days: %(commune)s",
        context["days"],
    ) % {"year": context["year"], "days": context["days"], "commune": context["commune"]}
    body = _(
        "The %(year)s return of %(commune)s must be submitted to the provincial Association "
        "by %(deadline)s. It has not been submitted yet."
    ) % {
        "year": context["year"],
        "commune": context["commune"],
        "deadline": _day(context["deadline"]),
    }
    return title, body


def rounds_overdue(now: datetime):
    today = timezone.localdate(now)
    every = settings.REMINDER_OVERDUE_EVERY_DAYS
    for round_ in CollectionRound.objects.filter(deadline__lt=today):
        days_over = (today - round_.deadline).days
        occasion = overdue_occasion(days_over, every)
        yield from _unsent(
            round_,
            f"round-{round_.pk}-{occasion}",
            {"year": round_.year, "deadline": iso(round_.deadline), "days": days_over},
        )


def overdue_message(context: dict) -> tuple[str, str]:
    title = _("Overdue: learning-society return %(year)s of %(commune)s") % {
        "year": context["year"],
        "commune": context["commune"],
    }
    body = ngettext(
        "The deadline (%(deadline)s) passed %(days)s day ago and the return is not "
        "submitted yet. Submit it as soon as possible.",
        "The deadline (%(deadline)s) passed %(days)s days ago and the return is not "
        "submitted yet. Submit it as soon as possible.",
        context["days"],
    ) % {"deadline": _day(context["deadline"]), "days": context["days"]}
    return title, body


def still_unsent(area: AdministrativeArea, reminder) -> bool:
    return not CommuneReturn.objects.filter(
        area=area, round_id=reminder.context.get("round"), status__in=SENT
    ).exists()


def returns_returned(now: datetime):
    transitions = (
        ReturnTransition.objects.filter(
            to_status=ReturnStatus.RETURNED, ret__status=ReturnStatus.RETURNED
        )
        .select_related("ret__round", "ret__area")
        .order_by("ret_id", "-at", "-id")
    )
    latest: dict = {}
    for transition in transitions:
        latest.setdefault(transition.ret_id, transition)
    secretaries: dict = {}
    for area_id, user_id in (
        Membership.objects.filter(
            role=Role.COMMUNE_SECRETARY,
            is_active=True,
            user__is_active=True,
            organisation__area_id__in={t.ret.area_id for t in latest.values()},
        )
        .values_list("organisation__area_id", "user_id")
        .order_by("user_id")
    ):
        secretaries.setdefault(area_id, []).append(user_id)
    for transition in latest.values():
        ret = transition.ret
        for user_id in secretaries.get(ret.area_id, []):
            yield Due(
                obj=ret,
                recipient_id=user_id,
                occasion=f"returned-{transition.pk}",
                context={
                    "commune": ret.area.name,
                    "year": ret.round.year,
                    "comment": (transition.comment or ret.review_comment)[:1000],
                },
                url=ret.get_absolute_url(),
                label=f"{ret.area.name} · {ret.round.year}",
            )


def returned_message(context: dict) -> tuple[str, str]:
    title = _("Learning-society return %(year)s returned for corrections: %(commune)s") % {
        "year": context["year"],
        "commune": context["commune"],
    }
    body = str(
        _(
            "The provincial Association returned the return; see the comments at its fields, "
            "correct it and submit it again."
        )
    )
    if context.get("comment"):
        body = f"{body}\n{_('Reviewer’s comment')}: {context['comment']}"
    return title, body


def still_returned(ret: CommuneReturn, reminder) -> bool:
    return ret.status == ReturnStatus.RETURNED


RULES = [
    Rule(
        name="society.round_closing",
        kind=NotificationKind.SOCIETY_RETURNS,
        label=_("Collection round closing, return not submitted"),
        collect=rounds_closing,
        message=closing_message,
        still_applies=still_unsent,
    ),
    Rule(
        name="society.round_overdue",
        kind=NotificationKind.SOCIETY_RETURNS,
        label=_("Return overdue (weekly)"),
        collect=rounds_overdue,
        message=overdue_message,
        still_applies=still_unsent,
    ),
    Rule(
        name="society.return_returned",
        kind=NotificationKind.SOCIETY_RETURNS,
        label=_("Return sent back for corrections"),
        collect=returns_returned,
        message=returned_message,
        still_applies=still_returned,
    ),
]
