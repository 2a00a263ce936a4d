"""LearnSociety settings: one file, read from the environment.

With nothing set the app runs embedded: SQLite under ``var/``, Celery tasks run eagerly,
e-mail printed to the console and DEBUG on. Production sets DATABASE_URL, REDIS_URL,
EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0 (see README and .env.example).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .envconf import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-learnsociety-development-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or _DEV_SECRET_KEY
if not DEBUG and (
    SECRET_KEY == _DEV_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to at least 50 random characters when DEBUG is off."
    )

# Earlier keys, newest first, while sessions and stored signing certificates move to the
# new one (accounts/signing.py decrypts with any of them).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS item {_origin!r} must start with http:// or https://."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "csp",
    "learnsociety",
    "accounts",
    "notifications",
    "programme",
    "units",
    "awards",
    "society",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "learnsociety.middleware.HeadAsGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "learnsociety.siteurl.RequestBaseMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "learnsociety.middleware.SecurityHeadersMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "learnsociety.urls"
WSGI_APPLICATION = "learnsociety.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
if DATABASE_URL:
    _db = environ.Env.db_url_config(DATABASE_URL)
    if _db["ENGINE"] == "django.db.backends.postgresql":
        _db["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60, minimum=0)
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "db.sqlite3")}
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, a worker and tests share the file;
    # IMMEDIATE transactions take the write lock at BEGIN, so two requests writing at once
    # wait for each other instead of failing with "database is locked".
    _db.setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
_db["CONN_HEALTH_CHECKS"] = True
_db["ATOMIC_REQUESTS"] = False
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery --------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
CACHES: dict[str, dict[str, Any]]
CELERY_RESULT_BACKEND: str | None
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "learnsociety.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            "KEY_PREFIX": "learnsociety",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = None
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Nobody reads task results; not subscribing to them keeps a request from retrying a
# result store that is down (20 s with Redis unreachable).
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish does not retry a broker that refuses: the outbox (learnsociety.tasks) keeps the
# task and a later dispatch sends it, so a request never waits for a broker that is down.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "max_retries": 0}


# --- Reminders (notifications app) -----------------------------------------------------
def _env_days(name: str, default: list[int]) -> list[int]:
    """A comma-separated list of whole days, e.g. ``REMINDER_MILESTONE_DAYS=14,7,1``."""
    items = env_list(name, [str(day) for day in default])
    try:
        days = sorted({int(item) for item in items}, reverse=True)
    except ValueError:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be whole days separated by commas."
        ) from None
    if any(day < 0 for day in days):
        raise ImproperlyConfigured(f"Environment variable {name} must not be negative.")
    return days


# Days before a deadline on which reminders go out (one per bucket: see notifications.registry).
REMINDER_MILESTONE_DAYS = _env_days("REMINDER_MILESTONE_DAYS", [14, 7, 1])
REMINDER_REPORT_DAYS = _env_days("REMINDER_REPORT_DAYS", [14, 7, 1])
REMINDER_CYCLE_DAYS = _env_days("REMINDER_CYCLE_DAYS", [14, 7, 1])
REMINDER_ROUND_DAYS = _env_days("REMINDER_ROUND_DAYS", [14, 7, 1])
REMINDER_REVIEW_DAYS = _env_days("REMINDER_REVIEW_DAYS", [7, 1])
REMINDER_RETURN_DAYS = _env_days("REMINDER_RETURN_DAYS", [14, 7, 1])
# Overdue milestones and reviews: one reminder every this many days until done.
REMINDER_OVERDUE_EVERY_DAYS = env_int("REMINDER_OVERDUE_EVERY_DAYS", 7, minimum=1)
# A dossier waiting this many days for review reminds the reviewer; after the second
# figure it is escalated to the department staff.
REMINDER_REVIEW_WAITING_DAYS = env_int("REMINDER_REVIEW_WAITING_DAYS", 10, minimum=1)
REMINDER_ESCALATE_DAYS = env_int("REMINDER_ESCALATE_DAYS", 20, minimum=1)
# Local hour (Asia/Ho_Chi_Minh) at which daily digests are sent.
REMINDER_DIGEST_HOUR = env_int("REMINDER_DIGEST_HOUR", 7, minimum=0)
if REMINDER_DIGEST_HOUR > 23:
    raise ImproperlyConfigured("Environment variable REMINDER_DIGEST_HOUR must be 0-23.")
# How often beat runs the scan, how long a claimed reminder may stay in "sending" before
# another worker takes it over, and the retries of a failed e-mail (doubling back-off).
REMINDER_SCAN_SECONDS = env_int("REMINDER_SCAN_SECONDS", 900, minimum=1)
REMINDER_LEASE_SECONDS = env_int("REMINDER_LEASE_SECONDS", 600, minimum=1)
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5, minimum=1)
REMINDER_RETRY_SECONDS = env_int("REMINDER_RETRY_SECONDS", 300, minimum=1)

# Tasks the broker could not take (it was down) wait in the outbox (learnsociety.DeferredTask)
# and are sent again this often.
DEFERRED_TASK_SCAN_SECONDS = env_int("DEFERRED_TASK_SCAN_SECONDS", 60, minimum=1)
# The dashboard's cached figures (a minute) are computed again in the background this often,
# so that no request pays for their recomputation (dashboard.tasks.refresh_dashboard).
DASHBOARD_REFRESH_SECONDS = env_int("DASHBOARD_REFRESH_SECONDS", 45, minimum=5)

# The one periodic schedule (plain Celery beat: run exactly one `celery -A learnsociety beat`).
CELERY_BEAT_SCHEDULE: dict = {
    "scan-reminders": {
        "task": "notifications.tasks.scan_reminders",
        "schedule": float(REMINDER_SCAN_SECONDS),
    },
    "dispatch-deferred-tasks": {
        "task": "learnsociety.tasks.dispatch_deferred_tasks",
        "schedule": float(DEFERRED_TASK_SCAN_SECONDS),
    },
    "refresh-dashboard": {
        "task": "dashboard.tasks.refresh_dashboard",
        "schedule": float(DASHBOARD_REFRESH_SECONDS),
    },
    "send-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=REMINDER_DIGEST_HOUR, minute=0),
    },
}

# --- E-mail ---------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    try:
        _email = environ.Env.email_url_config(EMAIL_URL)
    except Exception as exc:  # a malformed URL must stop start-up, naming the variable
        raise ImproperlyConfigured(f"EMAIL_URL is not a valid e-mail URL: {exc}") from None
    globals().update(_email)
elif env_str("EMAIL_FILE_PATH"):
    # One file per message in this folder (integration tests, or to inspect mail by hand).
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "LearnSociety <no-reply@learnsociety.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mail, certificates and QR codes. Optional while developing (the
# request's own address is used, see learnsociety/siteurl.py); required in production,
# where a QR code pointing at a guessed address would be printed on official paper.
SITE_URL = env_str("SITE_URL", "").rstrip("/")
if SITE_URL and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://.")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured(
        "SITE_URL must be set when DEBUG is off: it is the public address printed in QR "
        "codes and links (e.g. SITE_URL=https://learnsociety.example.gov.vn)."
    )

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Every view requires a session unless decorated with @login_not_required
# (login, password reset, health, public pages, certificate verification).

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1) / 60
# Per account whatever the address (a password guessed from many machines is still one
# account's failures), and per client (address and browser) whatever the account (one
# machine trying many accounts); the lockout ends after LOGIN_LOCKOUT_MINUTES. An office
# behind one address is not locked out by a colleague's typos: its browsers differ.
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
# Password reset requests per hour, per client address and per e-mail address.
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5, minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0) or None

# Sessions expire after this much inactivity (every request slides the expiry).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120, minimum=5) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- HTTPS and headers ----------------------------------------------------------------
_https = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", _https)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _https else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses are switched off for the pages and anything they embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SILENCED_SYSTEM_CHECKS: list[str] = []

# No inline scripts or styles anywhere: every template must keep to this.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["learnsociety.formats"]

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Files follow their row's transaction (an object store: mix
    # learnsociety.uploads.TransactionalStorageMixin into its storage class).
    "default": {"BACKEND": "learnsociety.uploads.TransactionalFileSystemStorage"},
    "staticfiles": {"BACKEND": "learnsociety.staticfiles.StaticStorage"},
}
# Pages link hashed names in every mode (learnsociety/staticfiles.py), which whitenoise
# serves as immutable (cached ten years) and pre-compressed: brotli (the Brotli package is
# pinned in requirements.lock) or gzip, as the browser's Accept-Encoding allows.
# Uploads live outside the static root and are served only by views that check
# permission: there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 20, minimum=1)
# A spreadsheet is checked before it is parsed: its unpacked size and its declared rows
# (a 1 MB "zip bomb" unpacks to gigabytes).
SPREADSHEET_MAX_UNPACKED_MB = env_int("SPREADSHEET_MAX_UNPACKED_MB", 100, minimum=1)
SPREADSHEET_MAX_ROWS = env_int("SPREADSHEET_MAX_ROWS", 60000, minimum=100)
# Imports of more rows than this are checked and written by a Celery task, with a progress
# page; smaller ones answer in the request. The report keeps at most IMPORT_REPORT_ROWS
# rows with errors.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 2000, minimum=1)
IMPORT_REPORT_ROWS = env_int("IMPORT_REPORT_ROWS", 1000, minimum=10)
# Exports of more rows than this are written to a file by a Celery task (the user is told
# when it is ready); smaller ones stream in the request. Each user has at most
# EXPORT_MAX_RUNNING large exports waiting or running.
EXPORT_BACKGROUND_ROWS = env_int("EXPORT_BACKGROUND_ROWS", 5000, minimum=1)
EXPORT_MAX_RUNNING = env_int("EXPORT_MAX_RUNNING", 2, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "learnsociety.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
    },
}
