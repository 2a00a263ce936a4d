import rules

from accounts.rules import is_administrator

rules.add_perm("notifications.view_outbox", is_administrator)
rules.add_perm("notifications.resend_reminder", is_administrator)
