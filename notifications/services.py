"""Writes of the notifications app: in-app notifications, the reminder outbox (scan,
claim-and-deliver, digests, resend) and preferences.

Exactly once: the scan inserts one ``Reminder`` row per (rule, object, recipient,
occasion) under a unique constraint, in the transaction that decided to remind; delivery
first *claims* the row with a conditional UPDATE (only one caller can move it out of
``pending``), creates the in-app notification once, then sends the e-mail. A worker
killed after the claim leaves the row in ``sending``; once the lease expires the next
scan hands it to another worker. The only window left is between the SMTP server
accepting a message and our UPDATE to ``sent``; the Message-ID is stable per reminder so
that mail systems can drop such a duplicate.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from kombu.exceptions import OperationalError

from accounts import roles
from accounts.enums import Role
from accounts.models import User
from learnsociety import registry
from learnsociety.siteurl import site_url
from learnsociety.tasks import broker_is_down, mark_broker_down, mark_broker_up

from .enums import Channel, NotificationKind, ReminderState
from .models import Notification, NotificationPreference, Reminder
from .registry import Due, Rule, all_kinds, all_rules, rules_by_name
from .tasks import send_reminder, send_reminder_batch

logger = logging.getLogger(__name__)

ACTIVE_STATES = (ReminderState.PENDING, ReminderState.FAILED)
BATCH = 100  # reminders per queued delivery task
DEFAULT_CHANNEL = Channel.EMAIL


class NotificationError(ValidationError):
    pass


# --- In-app notifications -------------------------------------------------------------

# Why a reminder was cancelled: stored in English (the outbox is a log) and translated on
# the outbox page (the ``translated`` filter).
OBJECT_DELETED = gettext_noop("The object was deleted.")
UNKNOWN_RULE = gettext_noop("Unknown rule.")
RECIPIENT_INACTIVE = gettext_noop("The recipient's account is inactive.")
NO_LONGER_APPLIES = gettext_noop("No longer applies.")


def in_each_language(make) -> dict[str, tuple[str, ...]]:
    """What ``make()`` returns (texts, lazy or not), made and rendered in Vietnamese and
    in English."""
    found = {}
    for code in ("vi", "en"):
        with translation.override(code):
            found[code] = tuple(str(part) for part in make())
    return found


def notification_create(*, recipient, kind: str, title, url: str = "", body="") -> Notification:
    """Create an in-app notification. ``title`` and ``body`` should be lazy translations
    (``learnsociety.i18n.lazy_format`` for messages with values): they are written in
    both languages and shown in the one the reader uses."""
    texts = in_each_language(lambda: (title, body))
    return Notification.objects.create(
        recipient=recipient,
        kind=kind,
        title=texts["vi"][0][:300],
        body=texts["vi"][1],
        title_en=texts["en"][0][:300],
        body_en=texts["en"][1],
        url=url,
    )


def notifications_after_commit(
    recipients, *, kind: str, title, url: str = ""
) -> Callable[[], None]:
    """What a workflow move sends once its transaction commits (the ``notify=`` of the
    ``<entity>_transition`` functions): the recipients are chosen now, inside the
    transaction that makes the move; a rolled-back move tells nobody."""
    people = list(recipients)

    def send() -> None:
        for person in people:
            notification_create(recipient=person, kind=kind, title=title, url=url)

    return send


@registry.export_listener
def notification_export_ready(job) -> None:
    """Tell a background export's user (the bell) that its file is ready to download."""
    notification_create(
        recipient=job.user,
        kind=NotificationKind.EXPORTS,
        title=_("Your export is ready to download"),
        url=reverse("exports"),
    )


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# --- Preferences ----------------------------------------------------------------------


def preferences_for(user: User) -> dict[str, str]:
    """The channel of every known kind for ``user`` (defaults filled in)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {code: chosen.get(code, DEFAULT_CHANNEL) for code, _label in all_kinds()}


@transaction.atomic
def preferences_set(*, user: User, channels: dict[str, str]) -> None:
    """Save the user's channel per kind (unknown kinds or channels are refused)."""
    kinds = {code for code, _label in all_kinds()}
    for kind, channel in channels.items():
        if kind not in kinds or channel not in Channel.values:
            raise NotificationError(_("Unknown kind of notification or channel."))
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"channel": channel}
        )


def channel_for(user: User, kind: str) -> str:
    if not user.email:
        return Channel.IN_APP
    found = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", flat=True)
        .first()
    )
    return found or DEFAULT_CHANNEL


# --- Scan -----------------------------------------------------------------------------


@dataclass
class ScanResult:
    created: dict[str, int] = field(default_factory=dict)
    cancelled: int = 0
    enqueued: int = 0

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def _label(due: Due) -> str:
    return (due.label or str(due.obj))[:300]


def _key(content_type_id: int, due: Due) -> tuple:
    return (content_type_id, due.pk, due.recipient_id, due.occasion)


def reminders_new(*, rule: Rule, now: datetime) -> list[tuple[int, Due]]:
    """What ``rule`` wants to send at ``now`` that is not in the outbox yet, as
    ``(content_type_id, due)`` pairs. One query for the rule's candidates (inside
    ``collect``) and one for the keys already recorded."""
    dues = list(rule.collect(now))
    if not dues:
        return []
    types = {
        model: content_type.pk
        for model, content_type in ContentType.objects.get_for_models(
            *{d.model_class for d in dues}
        ).items()
    }
    pairs = [(types[d.model_class], d) for d in dues]
    existing = set(
        Reminder.objects.filter(rule=rule.name, occasion__in={d.occasion for d in dues})
        .values_list("content_type_id", "object_id", "recipient_id", "occasion")
        .iterator(chunk_size=5000)
    )
    new, seen = [], set()
    for ct_id, due in pairs:
        key = _key(ct_id, due)
        if key not in existing and key not in seen:
            seen.add(key)
            new.append((ct_id, due))
    return new


def reminders_cancel_orphans() -> int:
    """Cancel waiting reminders whose object was deleted (one query per object type)."""
    cancelled = 0
    type_ids = (
        Reminder.objects.filter(state__in=ACTIVE_STATES)
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    for content_type in ContentType.objects.filter(pk__in=list(type_ids)):
        model = content_type.model_class()
        waiting = Reminder.objects.filter(content_type=content_type, state__in=ACTIVE_STATES)
        if model is not None:
            # NOT EXISTS, not NOT IN: PostgreSQL turns NOT IN over a large table into a
            # per-row subplan (minutes at national scale); an anti-join is one pass.
            waiting = waiting.exclude(Exists(model._base_manager.filter(pk=OuterRef("object_id"))))
        cancelled += waiting.update(state=ReminderState.CANCELLED, last_error=OBJECT_DELETED)
    return cancelled


def _claimable(now: datetime) -> Q:
    lease = now - timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    return (
        Q(state=ReminderState.PENDING)
        | Q(
            state=ReminderState.FAILED,
            next_attempt_at__lte=now,
            attempts__lt=settings.REMINDER_MAX_ATTEMPTS,
        )
        | Q(state=ReminderState.SENDING, claimed_at__lt=lease)
    )


def reminders_scan(
    *,
    now: datetime | None = None,
    rules: list[Rule] | None = None,
    on_new: Callable[[Rule, Due], None] | None = None,
) -> ScanResult:
    """Record every reminder the rules want at ``now`` and queue the deliveries (new ones,
    failed ones due for a retry, and ones a dead worker left in ``sending``). ``on_new`` is
    told of each reminder recorded (``send_reminders`` prints them without a second scan)."""
    now = now or timezone.now()
    result = ScanResult(cancelled=reminders_cancel_orphans())
    for rule in all_rules() if rules is None else rules:
        with transaction.atomic():
            new = reminders_new(rule=rule, now=now)
            Reminder.objects.bulk_create(
                [
                    Reminder(
                        rule=rule.name,
                        kind=rule.kind,
                        content_type_id=ct_id,
                        object_id=due.pk,
                        object_label=_label(due),
                        recipient_id=due.recipient_id,
                        occasion=due.occasion,
                        context=due.context,
                        url=due.url,
                    )
                    for ct_id, due in new
                ],
                batch_size=1000,
                ignore_conflicts=True,  # a concurrent scan inserted it first: fine
            )
        result.created[rule.name] = len(new)
        if on_new is not None:
            for _ct_id, due in new:
                on_new(rule, due)
    # ``now`` feeds the rules only (``send_reminders --now``); the outbox runs on the clock.
    result.enqueued = reminders_enqueue_due()
    return result


def reminders_enqueue_due(*, now: datetime | None = None) -> int:
    """Queue delivery of every claimable reminder not queued within the lease (so a
    reminder whose task was lost with a broker is queued again, but a long queue is not
    flooded with copies). Returns how many the broker took (when called outside a
    transaction; inside one they are handed over at its commit and all are counted)."""

    mark_broker_up()  # a scan always tries the broker once, whatever a request saw
    outcome: dict[str, int] = {}
    with transaction.atomic():
        ids = _reminders_mark_enqueued(now or timezone.now())
        if ids:
            transaction.on_commit(lambda: outcome.update(sent=_enqueue(ids)))
    return outcome.get("sent", len(ids))


def _reminders_mark_enqueued(now: datetime) -> list[int]:
    lease = now - timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    ids = list(
        Reminder.objects.filter(_claimable(now))
        .filter(
            Q(enqueued_at__isnull=True)
            | Q(enqueued_at__lt=lease)
            | Q(state=ReminderState.FAILED, enqueued_at__lt=F("next_attempt_at"))
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    for start in range(0, len(ids), 1000):
        Reminder.objects.filter(pk__in=ids[start : start + 1000]).update(enqueued_at=now)
    return ids


def _enqueue(ids: list[int]) -> int:
    """Hand the ids to Celery. With the broker down, stop at the first failure: the rows
    wait in the database and the next scan queues them again."""

    done = 0
    try:
        if broker_is_down():  # known down a moment ago: do not make the request wait
            raise OperationalError("broker down")
        # One broker connection, one message per BATCH ids (a deadline may concern
        # 50,000 schools); each reminder is still claimed on its own.
        with send_reminder.app.producer_or_acquire() as producer:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                try:
                    if len(chunk) == 1:
                        send_reminder.apply_async(
                            kwargs={"reminder_id": chunk[0]}, retry=False, producer=producer
                        )
                    else:
                        send_reminder_batch.apply_async(
                            kwargs={"reminder_ids": chunk}, retry=False, producer=producer
                        )
                except (OperationalError, ConnectionError, OSError):
                    raise
                except Exception:  # eager mode runs the task here: never break the caller
                    logger.exception("reminders: delivery of reminders %s failed", chunk)
                done += len(chunk)
    except (OperationalError, ConnectionError, OSError):
        mark_broker_down()
        logger.warning(
            "reminders: broker unreachable, %d reminder(s) wait for the next scan",
            len(ids) - done,
        )
        waiting = ids[done:]
        for start in range(0, len(waiting), 1000):
            Reminder.objects.filter(
                pk__in=waiting[start : start + 1000], state=ReminderState.PENDING
            ).update(enqueued_at=None)
        return done
    return len(ids)


# --- Delivery -------------------------------------------------------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def _finish(reminder_id: int, claimed_at: datetime, **fields) -> bool:
    """Leave ``sending`` only if our claim still holds."""
    updated = Reminder.objects.filter(
        pk=reminder_id, state=ReminderState.SENDING, claimed_at=claimed_at
    ).update(**fields)
    if updated != 1:
        logger.warning("reminders: claim on reminder %s was lost before it finished", reminder_id)
    return updated == 1


def _retry_at(now: datetime, attempts: int) -> datetime | None:
    if attempts >= settings.REMINDER_MAX_ATTEMPTS:
        return None
    return now + timedelta(seconds=settings.REMINDER_RETRY_SECONDS * 2 ** (attempts - 1))


def reminder_deliver(*, reminder_id: int, worker: str = "") -> str:
    """Claim one reminder and deliver it: in the app, and by e-mail (now or in the next
    digest) as the recipient prefers. Returns what happened: ``skipped`` (someone else
    has it, or it is done), ``cancelled``, ``sent`` or ``failed``. Never raises for a
    mail failure: the row records the error and is retried with back-off."""
    now = timezone.now()
    claimed = Reminder.objects.filter(_claimable(now), pk=reminder_id).update(
        state=ReminderState.SENDING,
        claimed_at=now,
        claimed_by=(worker or worker_name())[:120],
        attempts=F("attempts") + 1,
    )
    if claimed != 1:
        return "skipped"
    reminder = Reminder.objects.select_related("recipient", "content_type").get(pk=reminder_id)
    user = reminder.recipient
    rule = rules_by_name().get(reminder.rule)
    model = reminder.content_type.model_class()
    target = (
        model._base_manager.filter(pk=reminder.object_id).first() if model is not None else None
    )
    if target is None or rule is None or not user.is_active:
        reason = (
            OBJECT_DELETED
            if target is None
            else UNKNOWN_RULE
            if rule is None
            else RECIPIENT_INACTIVE
        )
        _finish(reminder.pk, now, state=ReminderState.CANCELLED, last_error=reason)
        return "cancelled"
    if rule.still_applies is not None and not rule.still_applies(target, reminder):
        _finish(reminder.pk, now, state=ReminderState.CANCELLED, last_error=NO_LONGER_APPLIES)
        return "cancelled"

    channel = channel_for(user, reminder.kind)
    with translation.override(user.language or settings.LANGUAGE_CODE):
        title, body = (str(part) for part in rule.message(reminder.context))
    texts = in_each_language(lambda: rule.message(reminder.context))
    if not rule.in_app:
        Reminder.objects.filter(pk=reminder.pk).update(channel=channel)
    elif reminder.notification_id is None:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=user,
                kind=reminder.kind,
                title=texts["vi"][0][:300],
                body=texts["vi"][1],
                title_en=texts["en"][0][:300],
                body_en=texts["en"][1],
                url=reminder.url,
            )
            Reminder.objects.filter(pk=reminder.pk).update(
                notification=notification, channel=channel
            )
    else:
        Reminder.objects.filter(pk=reminder.pk).update(channel=channel)

    if channel == Channel.EMAIL:
        try:
            _reminder_email(reminder, user, title, body).send()
        except Exception as exc:  # SMTP refused, DNS, timeout...: record and retry later
            attempts = reminder.attempts
            logger.warning("reminders: e-mail for reminder %s failed: %s", reminder.pk, exc)
            _finish(
                reminder.pk,
                now,
                state=ReminderState.FAILED,
                last_error=f"{type(exc).__name__}: {exc}"[:2000],
                next_attempt_at=_retry_at(timezone.now(), attempts),
            )
            return "failed"
    _finish(
        reminder.pk,
        now,
        state=ReminderState.SENT,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
    )
    return "sent"


def absolute(url: str) -> str:
    if not url or urlsplit(url).scheme:
        return url
    return f"{site_url()}{url}"


def _message_id(name: str) -> str:
    host = urlsplit(site_url()).hostname or "learnsociety.local"
    return f"<{name}@{host}>"


def _reminder_email(
    reminder: Reminder, user: User, title: str, body: str
) -> EmailMultiAlternatives:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "title": title,
            "body": body,
            "link": absolute(reminder.url or reverse("notifications:list")),
            "preferences_link": absolute(reverse("notifications:preferences")),
            "site_url": site_url(),
        }
        text = render_to_string("emails/reminder.txt", context)
        html = render_to_string("emails/reminder.html", context)
    message = EmailMultiAlternatives(
        subject=title,
        body=text,
        to=[user.email],
        headers={"Message-ID": _message_id(f"reminder-{reminder.pk}")},
    )
    message.attach_alternative(html, "text/html")
    return message


# --- Digests --------------------------------------------------------------------------


def digests_send(*, now: datetime | None = None) -> int:
    """Send each person who chose the daily digest one e-mail with the reminders that
    reached them in the app since the last digest. Returns the number of e-mails sent."""
    now = now or timezone.now()
    lease = now - timedelta(seconds=settings.REMINDER_LEASE_SECONDS)
    # A worker that died mid-digest releases its rows after the lease.
    Reminder.objects.filter(digested_at__isnull=True, digest_claimed_at__lt=lease).update(
        digest_token="", digest_claimed_at=None
    )
    user_ids = list(
        Reminder.objects.filter(
            channel=Channel.DIGEST, state=ReminderState.SENT, digested_at__isnull=True
        )
        .filter(digest_token="")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(_digest_for(user_id, now) for user_id in user_ids)


def _digest_item(row: Reminder) -> dict:
    if row.notification is not None:
        title, body = row.notification.shown_title, row.notification.shown_body
    else:
        rule = rules_by_name().get(row.rule)
        title, body = rule.message(row.context) if rule else (row.object_label, "")
    return {"title": str(title), "body": str(body), "link": absolute(row.url)}


def _digest_for(user_id: int, now: datetime) -> int:
    token = uuid.uuid4().hex
    claimed = Reminder.objects.filter(
        recipient_id=user_id,
        channel=Channel.DIGEST,
        state=ReminderState.SENT,
        digested_at__isnull=True,
        digest_token="",
    ).update(digest_token=token, digest_claimed_at=now)
    if not claimed:
        return 0
    rows = list(
        Reminder.objects.filter(digest_token=token)
        .select_related("recipient", "notification")
        .order_by("created", "id")
    )
    user = rows[0].recipient
    if user.email:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            items = [_digest_item(row) for row in rows]
            context = {
                "user": user,
                "items": items,
                "link": absolute(reverse("notifications:list")),
                "preferences_link": absolute(reverse("notifications:preferences")),
            }
            subject = str(_("Your LearnSociety reminders: %(count)s new") % {"count": len(rows)})
            text = render_to_string("emails/digest.txt", context)
            html = render_to_string("emails/digest.html", context)
        message = EmailMultiAlternatives(
            subject=subject,
            body=text,
            to=[user.email],
            headers={"Message-ID": _message_id(f"digest-{token}")},
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except Exception as exc:  # keep the rows for tomorrow's digest
            logger.warning("reminders: digest for user %s failed: %s", user_id, exc)
            Reminder.objects.filter(digest_token=token).update(
                digest_token="", digest_claimed_at=None
            )
            return 0
    Reminder.objects.filter(digest_token=token).update(digested_at=timezone.now())
    return 1 if user.email else 0


# --- Administrators' outbox -----------------------------------------------------------


def _check_admin(by: User) -> None:
    if not roles.has_role(by, Role.ADMINISTRATOR):
        raise PermissionDenied


def reminder_resend(*, reminder: Reminder, by: User) -> Reminder:
    """Put a failed or sent reminder back in the queue (an administrator's decision).
    A sent one is delivered again in full; a failed one only retries what failed."""
    _check_admin(by)
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().get(pk=reminder.pk)
        if reminder.state not in (ReminderState.FAILED, ReminderState.SENT):
            raise NotificationError(_("Only a sent or failed reminder can be sent again."))
        fields = {
            "state": ReminderState.PENDING,
            "attempts": 0,
            "next_attempt_at": None,
            "last_error": "",
            "claimed_at": None,
            "claimed_by": "",
            "enqueued_at": timezone.now(),
        }
        if reminder.state == ReminderState.SENT:
            fields.update(notification=None, sent_at=None, digested_at=None, digest_token="")
        Reminder.objects.filter(pk=reminder.pk).update(**fields)
        pk = reminder.pk
        transaction.on_commit(lambda: _enqueue([pk]))
    reminder.refresh_from_db()
    return reminder
