"""One settings module, configured by environment variables (see the README's table).

Helpers fail loudly: a malformed value or a missing secret in production stops the start.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or DEMO_MODE:
        SECRET_KEY = "insecure-demo-key-only-for-local-demo-and-tests"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when neither DEBUG nor DEMO_MODE is on")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rapidreview.core",
    "rapidreview.accounts",
    "rapidreview.audit",
    "rapidreview.reviews",
    "rapidreview.documents",
    "rapidreview.participation",
    "rapidreview.scoping",
    "rapidreview.meetings",
    "rapidreview.decisions",
    "rapidreview.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "rapidreview.core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "rapidreview.audit.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rapidreview.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "rapidreview.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rapidreview.urls"
WSGI_APPLICATION = "rapidreview.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rapidreview.core.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 2) * 3600
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)

# Sessions: signed out after a period with nothing done (checked by IdleTimeoutMiddleware,
# which can tell the person why), and never longer than a working day in all.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = 12 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# Lax, not Strict: a link in an email must reach a signed-in page. Secure everywhere except the
# demo and DEBUG, which serve plain http on 127.0.0.1 (Secure cookies would break sign-in there).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEBUG or DEMO_MODE))

# Transport security (docs/production.md). HSTS is sent only on https responses.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or DEMO_MODE else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): no inline script or style and no eval, anywhere. The
# base template loads scripts as files only; htmx is told not to inject styles or eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Sign-in lockout (django-axes): by email and IP address together.
AXES_FAILURE_LIMIT = env_int("LOCKOUT_ATTEMPTS", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "rapidreview.core.client_ip.client_ip"

OTP_TOTP_ISSUER = "Rapid Review"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, g:ia"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "rapidreview" / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email: plain SMTP settings; `make run` points them at the local mail sink.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Rapid Review <no-reply@rapidreview.invalid>"
)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Every email waits in the outbox (rapidreview/notifications) and is sent by a queued task: the
# database backend, run by `rapidreview db_worker`. Tests use the immediate backend (pyproject).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 8)  # then the email is marked failed
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 60)  # doubles after each failure
if EMAIL_MAX_ATTEMPTS < 1 or EMAIL_RETRY_BASE_SECONDS < 0:
    raise ImproperlyConfigured(
        "EMAIL_MAX_ATTEMPTS must be 1 or more, EMAIL_RETRY_BASE_SECONDS 0 or more"
    )
# Jobs run on their own every PERIODIC_JOBS_MINUTES by `rapidreview periodic --every` (started by
# `rapidreview serve`): dotted paths of functions that take no arguments, separated by commas.
PERIODIC_JOBS = env_list(
    "PERIODIC_JOBS",
    "rapidreview.notifications.delivery.outbox_sweep,"
    "rapidreview.participation.reminders.reminders_send",
)
PERIODIC_JOBS_MINUTES = env_int("PERIODIC_JOBS_MINUTES", 15)
if PERIODIC_JOBS_MINUTES < 1:
    raise ImproperlyConfigured("PERIODIC_JOBS_MINUTES must be 1 or more")

# The partnership this deployment serves, shown in the header and footer.
PARTNERSHIP_NAME = os.environ.get("PARTNERSHIP_NAME", "Example Safeguarding Children Partnership")


def _parse_contacts(raw: str) -> list[dict[str, str]]:
    contacts = []
    for entry in filter(None, (part.strip() for part in raw.split(";"))):
        pieces = [piece.strip() for piece in entry.split("|")]
        if len(pieces) != 3 or not all(pieces):
            raise ImproperlyConfigured(
                "PARTNERSHIP_CONTACTS entries look like 'Role|Name|email', separated by ';'"
            )
        contacts.append({"role": pieces[0], "name": pieces[1], "email": pieces[2]})
    return contacts


PARTNERSHIP_CONTACTS = _parse_contacts(
    os.environ.get(
        "PARTNERSHIP_CONTACTS",
        "Partnership business co-ordinator|Partnership team|partnership@rapidreview.invalid",
    )
)

# The statutory clock (DOMAIN.md §2; docs/adr/0002-statutory-clock.md). Offsets are working days.
# CLOCK_ANCHOR: what the Panel deadline counts from, "sin_submitted" (the seed note) or
# "partners_aware"; each review keeps the anchor it was convened with.
CLOCK_ANCHOR = os.environ.get("CLOCK_ANCHOR", "") or "sin_submitted"
if CLOCK_ANCHOR not in {"sin_submitted", "partners_aware"}:
    raise ImproperlyConfigured("CLOCK_ANCHOR must be sin_submitted or partners_aware")
CLOCK_SIN_DAYS = env_int("CLOCK_SIN_DAYS", 5)  # after the local authority became aware
CLOCK_PARTNERS_TOLD_DAYS = env_int("CLOCK_PARTNERS_TOLD_DAYS", 5)  # the same
CLOCK_INVOLVEMENT_DAYS = env_int("CLOCK_INVOLVEMENT_DAYS", 2)  # after agencies are asked
CLOCK_RETURNS_DAYS = env_int("CLOCK_RETURNS_DAYS", 10)  # after the anchor, or, if earlier,
CLOCK_RETURNS_BEFORE_MEETING_DAYS = env_int("CLOCK_RETURNS_BEFORE_MEETING_DAYS", 2)  # (0: never)
CLOCK_MEETING_DAYS = env_int("CLOCK_MEETING_DAYS", 12)  # meeting held by, after the anchor
CLOCK_SIGN_OFF_OPENS_DAYS = env_int("CLOCK_SIGN_OFF_OPENS_DAYS", 12)  # until a meeting is set
CLOCK_PANEL_DAYS = env_int("CLOCK_PANEL_DAYS", 15)  # sent to the Panel, after the anchor
CLOCK_RED_DAYS = env_int("CLOCK_RED_DAYS", 1)  # red: overdue, or due within this many
CLOCK_AMBER_DAYS = env_int("CLOCK_AMBER_DAYS", 3)  # amber: due within this many; then green
for _name in [name for name in dir() if name.startswith("CLOCK_") and name != "CLOCK_ANCHOR"]:
    if globals()[_name] < 0:
        raise ImproperlyConfigured(f"{_name} must be 0 or more")
if CLOCK_AMBER_DAYS < CLOCK_RED_DAYS:
    raise ImproperlyConfigured("CLOCK_AMBER_DAYS must be at least CLOCK_RED_DAYS")
# Reminders and escalation (rapidreview/participation/reminders.py), in working days.
# REMINDER_DAYS_BEFORE: a comma list ("5,2") of reminders before a due date; empty for none.
try:
    REMINDER_DAYS_BEFORE = sorted(
        {int(item) for item in env_list("REMINDER_DAYS_BEFORE", "2")}, reverse=True
    )
except ValueError as exc:
    raise ImproperlyConfigured("REMINDER_DAYS_BEFORE must be whole numbers, like 5,2") from exc
if any(days < 1 for days in REMINDER_DAYS_BEFORE):
    raise ImproperlyConfigured("REMINDER_DAYS_BEFORE must be 1 or more")
REMINDER_ON_DUE_DAY = env_bool("REMINDER_ON_DUE_DAY", True)
ESCALATE_AFTER_DAYS = env_int("ESCALATE_AFTER_DAYS", 2)  # after the due date, to senior leaders
if ESCALATE_AFTER_DAYS < 1:
    raise ImproperlyConfigured("ESCALATE_AFTER_DAYS must be 1 or more")
# Unfinished notification drafts (personal data) are deleted after this many days untouched.
INTAKE_DRAFT_DAYS = env_int("INTAKE_DRAFT_DAYS", 14)

# Every record goes out through the one console handler, whose filter removes personal data
# (rapidreview/core/logging.py). Django's own loggers are sent there too instead of to handlers
# of their own (which would bypass the filter, or email tracebacks with request data).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "rapidreview.core.logging.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint narrates each PDF at INFO ("Step 2 - Fetching and parsing CSS"); only its
        # warnings (such as a refused fetch) are worth keeping.
        "weasyprint": {"handlers": [], "level": "WARNING", "propagate": True},
        "fontTools": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}

# Uploaded files (rapidreview/documents): encrypted at rest with Fernet keys, newest first.
# Production must set them; DEBUG and the demo derive one from SECRET_KEY when none is set.
UPLOADED_FILES_DIR = Path(os.environ.get("UPLOADED_FILES_DIR", BASE_DIR / "var" / "uploads"))
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 20)
FILE_ENCRYPTION_KEYS = env_list("FILE_ENCRYPTION_KEYS", "")
if not FILE_ENCRYPTION_KEYS and not (DEBUG or DEMO_MODE):
    raise ImproperlyConfigured(
        "FILE_ENCRYPTION_KEYS must be set when neither DEBUG nor DEMO_MODE is on "
        "(docs/production.md says how to make a key)"
    )
for _position, _key in enumerate(FILE_ENCRYPTION_KEYS, start=1):
    try:
        Fernet(_key)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"FILE_ENCRYPTION_KEYS: key {_position} is not a Fernet key (32 url-safe base64 bytes)"
        ) from exc
# Uploads stay in memory up to UPLOAD_MAX_MB, never in a plaintext temporary file.
FILE_UPLOAD_HANDLERS = ["rapidreview.documents.uploads.MemoryOnlyUploadHandler"]

FORM_RENDERER = "rapidreview.core.forms.GovukFormRenderer"
CSRF_FAILURE_VIEW = "rapidreview.core.views.csrf_failure"
# Confirmation messages can name a person: keep them on the server, not in a readable cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
if not DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "rapidreview.core.storage.StaticStorage"
