"""A reminder rule over real models (organisations and users) to exercise the engine
independently of the domain apps' rules."""

import pytest
from django.utils.translation import gettext_lazy as _

from notifications import registry
from notifications.registry import Due, Rule


class OrgRule:
    """Reminds each (organisation, user) pair in ``targets`` with occasion ``occasion``."""

    name = "test.organisation"

    def __init__(self):
        self.targets: list = []
        self.occasion = "due-7"
        self.applies = True
        self.rule = Rule(
            name=self.name,
            kind="test_kind",
            label="Test rule",
            collect=self.collect,
            message=self.message,
            still_applies=lambda obj, reminder: self.applies,
        )

    def collect(self, now):
        for organisation, user in self.targets:
            yield Due(
                obj=organisation,
                recipient_id=user.pk,
                occasion=self.occasion,
                context={"name": organisation.name, "day": now.date().isoformat()},
                url=f"/organisations/{organisation.pk}/",
            )

    @staticmethod
    def message(context):
        # "Notifications" and "Home" are translated msgids: the language shows.
        return (f"{_('Notifications')}: {context['name']}", f"{_('Home')} {context['day']}")


@pytest.fixture
def org_rule():
    rule = OrgRule()
    registry.register(rule.rule)
    yield rule
    registry.unregister(rule.name)
