"""Test settings: the real settings with faster hashing and plain static storage."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
import tempfile as _tempfile  # noqa: E402

MEDIA_ROOT = __import__("pathlib").Path(_tempfile.mkdtemp(prefix="learnsociety-media-"))
STATIC_ROOT = __import__("pathlib").Path(_tempfile.mkdtemp(prefix="learnsociety-static-"))
WHITENOISE_USE_FINDERS = True

# Tests run Celery tasks in-process even when REDIS_URL is set (CI's second run): the
# real-worker behaviour is covered by tests/notifications/test_celery_integration.py,
# whose worker and beat subprocesses use the production settings.
CELERY_TASK_ALWAYS_EAGER = True

# With REDIS_URL set (CI's second run) each pytest-xdist worker keeps its cache in its own
# Redis database: the workers' test databases differ, and a cache shared between them would
# hand one worker figures (and ids) computed from the other's rows, or be flushed under it.
_worker = __import__("os").environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and "LOCATION" in CACHES["default"]:  # noqa: F405
    _base = CACHES["default"]["LOCATION"].rsplit("/", 1)[0]  # noqa: F405
    CACHES["default"] = {**CACHES["default"], "LOCATION": f"{_base}/{10 + int(_worker[2:])}"}  # noqa: F405
