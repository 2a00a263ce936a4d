"""The Celery app. Redis is the broker in production; without REDIS_URL tasks run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnsociety.settings")

app = Celery("learnsociety")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
