"""Settings for the campaign tracker, read from the environment (see .env.example).

Development is the default: DEBUG on, SQLite under var/. ``DJANGO_DEBUG=0`` switches to
production behaviour and refuses to start without a secret key and allowed hosts.
"""

import importlib.metadata
import tomllib
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent


def _version() -> str:
    """The installed package's version (the page footer); pyproject.toml when not installed."""
    try:
        return importlib.metadata.version("nswp-tracker")
    except importlib.metadata.PackageNotFoundError:
        with (BASE_DIR / "pyproject.toml").open("rb") as pyproject:
            return tomllib.load(pyproject)["project"]["version"]


VERSION = _version()

DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG:
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set (50+ characters) when DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DEBUG is off.")
elif not SECRET_KEY:
    SECRET_KEY = "development-only-key-never-used-with-debug-off-0123456789abcdefghij"

INSTALLED_APPS = [
    # Django's admin, with a site that logs every page showing people (accounts.people_audit).
    "accounts.admin_apps.TrackerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_countries",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "core",
    "accounts",
    "members",
    "sections",
    "notifications",
    "campaigns",
    "public",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses every page, JSON and export last, with Django's Heal-the-Breach padding
    # (docs/decisions.md, "Pages are compressed by the app"). After WhiteNoise, which answers
    # static files itself with its own precompressed copies.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    # Answers /health/ for any Host header: before the session, and before CommonMiddleware's
    # host check; none of the three above reads the Host header for it (SECURE_REDIRECT_EXEMPT).
    "accounts.outage.HealthCheckMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "accounts.middleware.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.ApiTokenMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "accounts.middleware.AccessGateMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.tracker",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Connections are kept for a minute; each request checks a kept one before using it, so
    # the first request after a database restart reconnects instead of failing.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable server fails in seconds (503) instead of holding a worker for minutes.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "var" / "tracker.sqlite3")),
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# The people whose every display is audited (accounts.people_audit).
PERSON_MODEL = "members.Person"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "campaigns:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ru", _("Russian")),
    ("zh-hans", _("Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language, the same on every page (config/formats/<locale>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (the resource library's documents) are private: kept under var/media, outside
# STATIC_ROOT and every static directory, with no URL pattern serving them (the storage has no URL);
# campaigns.views.resources hands each one out after checking who asks (docs/security.md).
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media"))).resolve()
for _public_dir in [Path(d).resolve() for d in [STATIC_ROOT, *STATICFILES_DIRS]]:
    if _public_dir == MEDIA_ROOT or _public_dir in MEDIA_ROOT.parents:
        raise ImproperlyConfigured("DJANGO_MEDIA_ROOT must not be inside a static directory.")
# The largest file the resource library takes; larger ones are refused at the file field.
RESOURCE_MAX_BYTES = env_int("RESOURCE_MAX_BYTES", 10 * 1024 * 1024)
if RESOURCE_MAX_BYTES < 1:
    raise ImproperlyConfigured("RESOURCE_MAX_BYTES must be 1 or more.")
STORAGES = {
    "default": {"BACKEND": "core.storage.PrivateFileStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "tracker@localhost")
# A relay that stops answering fails the send after this many seconds instead of holding it.
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 30)

# The tracker's address as its users reach it, for the links in emails (no trailing slash).
TRACKER_URL = env_str("TRACKER_URL", "http://127.0.0.1:8000").rstrip("/")
if not TRACKER_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("TRACKER_URL must start with http:// or https://.")
# The outbox (docs/notifications.md): a failed send is tried again after
# NOTIFICATIONS_RETRY_SECONDS, then twice as long each time (at most a day), and marked failed
# after NOTIFICATIONS_MAX_ATTEMPTS tries; sent messages are deleted after
# NOTIFICATIONS_KEEP_DAYS.
NOTIFICATIONS_RETRY_SECONDS = env_int("NOTIFICATIONS_RETRY_SECONDS", 300)
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 8)
NOTIFICATIONS_KEEP_DAYS = env_int("NOTIFICATIONS_KEEP_DAYS", 90)
if NOTIFICATIONS_RETRY_SECONDS < 1 or NOTIFICATIONS_MAX_ATTEMPTS < 1 or NOTIFICATIONS_KEEP_DAYS < 1:
    raise ImproperlyConfigured(
        "NOTIFICATIONS_RETRY_SECONDS, NOTIFICATIONS_MAX_ATTEMPTS and NOTIFICATIONS_KEEP_DAYS "
        "must be 1 or more."
    )

# Sessions end after 30 minutes idle and after 12 hours whatever the activity (accounts.middleware
# checks the sign-in time). The idle clock restarts when the session is saved, which a signed-in
# request does at most once per SESSION_REFRESH_SECONDS (accounts.middleware): saving it on every
# request cost a database write per page. So the session ends between 29 and 30 minutes after
# the last request, never later.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Behind PROXY_COUNT proxies, the client's address comes from CLIENT_IP_HEADER (the request.META
# name or the header name); accounts.client_ip reads both for the lockouts and the audit log.
# (django-ipware is not installed, so axes' AXES_IPWARE_* settings would be silently ignored.)
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR").upper().replace("-", "_")
if not CLIENT_IP_HEADER.startswith("HTTP_") and CLIENT_IP_HEADER != "REMOTE_ADDR":
    CLIENT_IP_HEADER = f"HTTP_{CLIENT_IP_HEADER}"
PROXY_COUNT = env_int("PROXY_COUNT", 0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT must be 0 or more.")

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Logs carry neither the typed username nor the address (axes masks them when not verbose);
# the admin-only audit log and axes' attempt table keep them.
AXES_VERBOSE = False

EXPORTS_PER_HOUR = env_int("EXPORTS_PER_HOUR", 30)
# The largest CSV file the admin's import takes; a larger upload is refused before its body is
# read (campaigns.exchange.admin_import). manage.py import_csv reads files of any size.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
if IMPORT_MAX_BYTES < 1:
    raise ImproperlyConfigured("IMPORT_MAX_BYTES must be 1 or more.")

# `manage.py backup` encrypts with age to these public keys (comma-separated age1... keys) and
# refuses to run without one; `manage.py restore` reads the private key from the file named
# here (or --identity). Keep the private key off the server (docs/deploy.md).
BACKUP_AGE_RECIPIENT = env_list("BACKUP_AGE_RECIPIENT")
BACKUP_AGE_IDENTITY_FILE = env_str("BACKUP_AGE_IDENTITY_FILE")
# The public numbers page (/public/, docs/public.md). A count below PUBLIC_MIN_COUNT shows as
# "fewer than N"; lowering it below 3 would publish counts that can single out an organisation.
PUBLIC_MIN_COUNT = env_int("PUBLIC_MIN_COUNT", 3)
if PUBLIC_MIN_COUNT < 3:
    raise ImproperlyConfigured("PUBLIC_MIN_COUNT must be 3 or more.")
# The numbers are computed at most once per PUBLIC_CACHE_SECONDS for every app server.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 600)
if PUBLIC_CACHE_SECONDS < 1:
    raise ImproperlyConfigured("PUBLIC_CACHE_SECONDS must be 1 or more.")
# Requests one address may make to the public page and its data files per minute (then 429).
PUBLIC_REQUESTS_PER_MINUTE = env_int("PUBLIC_REQUESTS_PER_MINUTE", 60)
if PUBLIC_REQUESTS_PER_MINUTE < 1:
    raise ImproperlyConfigured("PUBLIC_REQUESTS_PER_MINUTE must be 1 or more.")

# "public" holds the public page's computed numbers in a database table (created by the
# public app's migration), so every app server shows the same copy and the contacts are read
# once per period for all of them. "default" stays in each process's memory: it holds the
# public page's per-address request counters, which must cost no database write per request.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "public_numbers_cache",
    },
}
# Requests per minute that one API token may make; past it the API answers 429.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120)
if API_REQUESTS_PER_MINUTE < 1:
    raise ImproperlyConfigured("API_REQUESTS_PER_MINUTE must be 1 or more.")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Load balancers probe the health check over plain HTTP by the server's address.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Two-factor sign-in is enforced for everyone who sees personal data (secretariat admins and
# staff) when this is on (production default). OTP_REQUIRED_FOR_ADMINS is its former name, which
# covered admins only; it is still read when the new name is unset, and now covers staff too.
OTP_REQUIRED_FOR_PERSONAL_DATA = env_bool(
    "OTP_REQUIRED_FOR_PERSONAL_DATA", env_bool("OTP_REQUIRED_FOR_ADMINS", not DEBUG)
)
# django-otp's per-device backoff counts an attacker's wrong codes against the owner's device and
# then refuses the owner's right code too: off. accounts/two_factor_throttle.py counts per
# account and client address instead, with a ceiling per account that emails the admins.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_FAILURES_PER_ADDRESS = env_int("OTP_FAILURES_PER_ADDRESS", 5)
OTP_FAILURES_PER_ACCOUNT = env_int("OTP_FAILURES_PER_ACCOUNT", 20)
OTP_FAILURE_WINDOW_MINUTES = env_int("OTP_FAILURE_WINDOW_MINUTES", 60)
OTP_TOTP_ISSUER = "NSWP tracker"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # Request logs would carry query strings; URLs hold no personal data, but keep them quiet.
    "loggers": {"django.request": {"level": "ERROR"}},
}

# The REST API under /api/v1/ (the api app; docs/api.md). Tokens are checked by
# accounts.middleware.ApiTokenMiddleware for every path under /api/, which also applies the
# per-token rate (API_REQUESTS_PER_MINUTE), so the JSON views outside Django REST framework
# follow the same rules.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.RolePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NSWP campaign tracker API",
    "DESCRIPTION": "Contacts, sections, members and the campaign, as the pages show them. "
    "See docs/api.md in the repository for tokens, errors, pages and rate limits.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Fields a reader may not see are left out of the object, so none is promised.
    "COMPONENT_NO_READ_ONLY_REQUIRED": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# The admin's CSV import (django-import-export) needs the "add" permission on the model; the
# admin's export is not offered: exports go through the audited, rate-limited views.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
