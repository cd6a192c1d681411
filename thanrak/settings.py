"""The only settings file: driven by environment variables, SQLite by default.

DB=postgres switches to PostgreSQL (DB_NAME, DB_HOST, DB_PORT, DB_USER, DB_PASSWORD).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.getenv("THANRAK_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database and uploads live here


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default)
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name}={value!r}: use True or False")
    return value == "True"


def envint(name: str, default: int) -> int:
    return int(os.getenv(name, str(default)))


# DEBUG is off unless asked for (`make run` and the tests ask). Only a DEBUG process may run on the
# published development key; anything else refuses to start without a SECRET_KEY of its own.
DEBUG = envbool("DEBUG", "False")
DEV_SECRET_KEY = "dev-only-secret-key-change-me-in-production-0123456789"
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production set it to 50+ random characters (docs/deploy.md); "
            "for development use `make run`, or set DEBUG=True."
        )
    SECRET_KEY = DEV_SECRET_KEY
elif SECRET_KEY == DEV_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is the published development key: set a real one.")
ALLOWED_HOSTS = os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "ninja",  # its vendored Swagger UI for /api/v1/docs (otherwise it loads from a CDN)
    "thanrak.core",
    "thanrak.geo",
    "thanrak.accounts",
    "thanrak.registry",
    "thanrak.commerce",
    "thanrak.finance",
    "thanrak.survey",
    "thanrak.monitoring",
    "thanrak.services",
    "thanrak.assets",
    "thanrak.notify",
    "thanrak.learning",
    "thanrak.markets",
    "thanrak.analytics",
    "thanrak.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thanrak.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "thanrak.accounts.middleware.AccessMiddleware",
]

ROOT_URLCONF = "thanrak.urls"
WSGI_APPLICATION = "thanrak.wsgi.application"
ASGI_APPLICATION = "thanrak.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thanrak" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thanrak.accounts.context_processors.navigation",
            ],
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "thanrak.core.templatetags.thai",
            ],
        },
    },
]

DB = os.getenv("DB", "sqlite")
if DB == "postgres":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.getenv("DB_NAME", "thanrak"),
            "HOST": os.getenv("DB_HOST", "127.0.0.1"),
            "PORT": os.getenv("DB_PORT", "5432"),
            "USER": os.getenv("DB_USER", "postgres"),
            "PASSWORD": os.getenv("DB_PASSWORD", ""),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        }
    }
elif DB == "sqlite":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.getenv("DB_NAME", str(VAR_DIR / "thanrak.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous "
                "= NORMAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
else:
    raise ImproperlyConfigured(f"DB={DB!r}: use sqlite or postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password logins go through a backend that locks a username or an address after too many wrong
# passwords within a window, audits each wrong password and each lock (docs/security.md).
AUTHENTICATION_BACKENDS = ["thanrak.accounts.backends.LockoutBackend"]
THANRAK_LOGIN_MAX_FAILURES_PER_USER = envint("THANRAK_LOGIN_MAX_FAILURES_PER_USER", 10)
THANRAK_LOGIN_MAX_FAILURES_PER_ADDRESS = envint("THANRAK_LOGIN_MAX_FAILURES_PER_ADDRESS", 50)
THANRAK_LOGIN_LOCKOUT_SECONDS = envint("THANRAK_LOGIN_LOCKOUT_SECONDS", 15 * 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if envbool("FAST_PASSWORD_HASHER", "False"):
    # Tests only: the default hasher is deliberately slow.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "thanrak" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "thanrak" / "static"]
# Public media (product and shop photos) under MEDIA_URL; private files (payment slips, certificates)
# in another directory, never under MEDIA_URL, served only by views that check access (docs/security.md).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.getenv("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "thanrak.core.storage.PrivateFileStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "thanrak.core.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads: refuse huge bodies early; import files stream to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
THANRAK_MAX_IMPORT_BYTES = envint("THANRAK_MAX_IMPORT_BYTES", 20 * 1024 * 1024)
THANRAK_MAX_REGISTRY_IMPORT_BYTES = envint("THANRAK_MAX_REGISTRY_IMPORT_BYTES", 50 * 1024 * 1024)
THANRAK_MAX_IMAGE_BYTES = envint("THANRAK_MAX_IMAGE_BYTES", 5 * 1024 * 1024)
# Every importer (thanrak/core/tabular.py) refuses a file beyond these before parsing it, and lists
# at most THANRAK_IMPORT_MAX_LISTED_ISSUES problems (then how many more). docs/security.md.
THANRAK_IMPORT_MAX_ROWS = envint("THANRAK_IMPORT_MAX_ROWS", 100_000)
THANRAK_MAX_REGISTRY_IMPORT_ROWS = envint("THANRAK_MAX_REGISTRY_IMPORT_ROWS", 1_000_000)
THANRAK_IMPORT_MAX_COLUMNS = envint("THANRAK_IMPORT_MAX_COLUMNS", 500)
THANRAK_IMPORT_MAX_UNPACKED_BYTES = envint("THANRAK_IMPORT_MAX_UNPACKED_BYTES", 500 * 1024 * 1024)
THANRAK_IMPORT_MAX_XLSX_RATIO = envint("THANRAK_IMPORT_MAX_XLSX_RATIO", 200)
THANRAK_IMPORT_MAX_LISTED_ISSUES = envint("THANRAK_IMPORT_MAX_LISTED_ISSUES", 100)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # vega and leaflet set inline styles on the elements they draw.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF, "blob:"],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
if envbool("HTTPS", "False"):  # production behind a TLS-terminating proxy (docs/deploy.md)
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "False")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
    # The proxy redirects port 80 already; this also covers a request that reaches gunicorn as http.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")

TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# How many reverse proxies stand in front of the app (nginx of docs/deploy.md: 1). Each appends the
# address it saw to X-Forwarded-For, so the client is the entry that many places from its end; with
# 0 the header is ignored (anyone can write it) and the client is REMOTE_ADDR.
THANRAK_TRUSTED_PROXIES = envint("TRUSTED_PROXIES", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# Notifications (thanrak/notify, docs/notify.md): the LINE Messaging API and an SMS gateway
# (ThaiBulkSMS's HTTP API); an operator may point the bases at a test server.
LINE_API_BASE = os.getenv("LINE_API_BASE", "https://api.line.me")
LINE_CHANNEL_ACCESS_TOKEN = os.getenv("LINE_CHANNEL_ACCESS_TOKEN", "")
LINE_CHANNEL_SECRET = os.getenv("LINE_CHANNEL_SECRET", "")
SMS_API_BASE = os.getenv("SMS_API_BASE", "https://api-v2.thaibulksms.com")
SMS_API_KEY = os.getenv("SMS_API_KEY", "")
SMS_API_SECRET = os.getenv("SMS_API_SECRET", "")
SMS_SENDER = os.getenv("SMS_SENDER", "")
LINE_RATE_PER_SECOND = int(os.getenv("LINE_RATE_PER_SECOND", "2000"))  # LINE: 2,000 requests/s per channel
NOTIFY_SEND_THREADS = int(os.getenv("NOTIFY_SEND_THREADS", "8"))  # concurrent provider calls per worker
NOTIFY_QUEUE_WORKERS = int(
    os.getenv("NOTIFY_QUEUE_WORKERS", str(os.cpu_count() or 1))
)  # nightly INSERT parts at once (PostgreSQL)

THANRAK_ANALYTICS_BACKEND = os.getenv("THANRAK_ANALYTICS_BACKEND", "duckdb")
# Reference data copied from the shared research folder (see data/README.md for sources).
REFERENCE_DATA_DIR = BASE_DIR / "data"
