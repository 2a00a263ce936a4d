import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from notifications.models import Notification, Reminder

from .accounts import OrganisationFactory, UserFactory


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test_kind"
    title = factory.Sequence(lambda n: f"Nhắc việc {n}")
    url = "/"


class ReminderFactory(DjangoModelFactory):
    """An outbox row about an organisation (any model works: the key is generic)."""

    class Meta:
        model = Reminder
        exclude = ["organisation"]

    organisation = factory.SubFactory(OrganisationFactory)
    rule = "test.organisation"
    kind = "test_kind"
    content_type = factory.LazyFunction(
        lambda: ContentType.objects.get_for_model(OrganisationFactory._meta.model)
    )
    object_id = factory.LazyAttribute(lambda r: r.organisation.pk)
    object_label = factory.LazyAttribute(lambda r: r.organisation.name)
    recipient = factory.SubFactory(UserFactory)
    occasion = factory.Sequence(lambda n: f"due-{n}")
    context = factory.LazyAttribute(lambda r: {"name": r.organisation.name, "day": "2027-01-08"})
    url = "/"
