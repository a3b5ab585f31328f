"""CivilDesk settings, read from environment variables.

Every variable read here is documented in docs/configuration.md; a test fails
when one is missing there. The embedded default (no variable set) is a
development instance on SQLite under ``var/``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Read one environment variable (the only way settings read the environment)."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# "development" (the default, for the demo and tests) or "production".
CIVILDESK_ENV = env("CIVILDESK_ENV", "development")
PRODUCTION = CIVILDESK_ENV == "production"

DATA_DIR = Path(env("CIVILDESK_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

if PRODUCTION:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to at least 50 random characters in production.")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-civildesk-not-for-production-use-0123456789")

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "civildesk.org.apps.TwoStepAdminConfig",  # django.contrib.admin with the two-step login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",  # {% partialdef %}: htmx renders "page.html#name" of the same template
    "csp",
    "ninja",  # the API docs page from its own static files, not a CDN (Content-Security-Policy)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "civildesk.org",
    "civildesk.library",
    "civildesk.inspection",
    "civildesk.drafting",
    "civildesk.signing",
    "civildesk.assistant",
    "civildesk.monitoring",
    "civildesk.ideas",
    "civildesk.correspondence",
    "civildesk.procedures",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "civildesk.org.middleware.ApiGuardMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "civildesk.org.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "civildesk.org.middleware.NFCMiddleware",
    "axes.middleware.AxesMiddleware",
    "civildesk.org.downloads.DownloadAuditMiddleware",
]

ROOT_URLCONF = "civildesk.urls"
WSGI_APPLICATION = "civildesk.wsgi.application"
ASGI_APPLICATION = "civildesk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "civildesk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civildesk.org.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite in WAL mode by default; PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "civildesk.sqlite3",
            "OPTIONS": {
                # IMMEDIATE transactions: writers queue on the lock instead of
                # failing mid-transaction when the worker writes at the same time.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures (django-axes): per username and per address.
AXES_FAILURE_LIMIT = int(env("CIVILDESK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("CIVILDESK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token"]
# Trusted reverse proxies in front of the app (nginx = 1; 0 = REMOTE_ADDR):
# civildesk.org.net.client_address reads X-Forwarded-For accordingly, for
# lockouts, rate limits and the audit trail alike.
CIVILDESK_PROXY_COUNT = int(env("CIVILDESK_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "civildesk.org.net.client_address"
# Failures and lockouts are rows in the database, so a lockout made through one
# app server holds on every other one (never the cache or process memory).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

OTP_TOTP_ISSUER = env("CIVILDESK_SITE_NAME", "CivilDesk")

# --- Sessions, CSRF, security headers -------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(env("CIVILDESK_SESSION_HOURS", "10")) * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): the app serves every asset itself, no
# inline script or style attribute; a <style> a page must inline (the drafting
# preview) carries the request's nonce. The public assistant widget may be
# framed by the portals in CIVILDESK_WIDGET_ORIGINS, nothing else by anyone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],  # the nonce only on a page that uses it
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CIVILDESK_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("CIVILDESK_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Languages, time ------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("bn", "বাংলা"),
]
LOCALE_PATHS = [BASE_DIR / "civildesk" / "locale"]
FORMAT_MODULE_PATH = ["civildesk.formats"]
LANGUAGE_COOKIE_NAME = "civildesk_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Files ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "civildesk" / "static"]
STORAGES = {
    # Uploaded files live outside the web root and are only served through
    # views that check permission.
    "default": {
        # FileSystemStorage that removes a half-written file (full disk): civildesk/org/storage.py
        "BACKEND": "civildesk.org.storage.SafeFileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "files", "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
CIVILDESK_MAX_UPLOAD_MB = int(env("CIVILDESK_MAX_UPLOAD_MB", "50"))
# JSON bodies of the API (file uploads aside): larger ones are refused with 413.
CIVILDESK_API_MAX_BODY_KB = int(env("CIVILDESK_API_MAX_BODY_KB", "1024"))
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Retrieval index (civildesk.retrieval), rebuilt by the worker ---------
CIVILDESK_INDEX_DIR = Path(env("CIVILDESK_INDEX_DIR", str(DATA_DIR / "index")))
CIVILDESK_INDEX_DENSE = env_bool("CIVILDESK_INDEX_DENSE", default=True)
# The embedding model (civildesk.retrieval.embed, plain Python): read here once,
# handed to the engine by the library app at start-up (LibraryConfig.ready).
CIVILDESK_EMBEDDING_CACHE = Path(
    env("CIVILDESK_EMBEDDING_CACHE", str(Path.home() / ".cache" / "civildesk" / "embeddings"))
).expanduser()
CIVILDESK_EMBEDDING_THREADS = int(env("CIVILDESK_EMBEDDING_THREADS", "0")) or (os.cpu_count() or 1)
CIVILDESK_QUERY_THREADS = int(env("CIVILDESK_QUERY_THREADS", "1"))

# --- Virtual assistant ----------------------------------------------------
CIVILDESK_ASSISTANT_RATE = env("CIVILDESK_ASSISTANT_RATE", "30/m")
CIVILDESK_WIDGET_RATE = env("CIVILDESK_WIDGET_RATE", "10/m")
# Origins (https://portal.example.gov.vn) whose pages may embed the widget;
# empty: only CivilDesk's own pages ('self').
CIVILDESK_WIDGET_ORIGINS = env_list("CIVILDESK_WIDGET_ORIGINS")
# Optional text generation through an OpenAI-compatible endpoint (vLLM,
# llama.cpp server, Ollama); empty = extractive answers only. The admin's
# "text generation settings" override these.
CIVILDESK_LLM_BASE_URL = env("CIVILDESK_LLM_BASE_URL")
CIVILDESK_LLM_MODEL = env("CIVILDESK_LLM_MODEL")
CIVILDESK_LLM_API_KEY = env("CIVILDESK_LLM_API_KEY")
CIVILDESK_LLM_TIMEOUT = float(env("CIVILDESK_LLM_TIMEOUT", "20"))

# --- Background work -----------------------------------------------------
# Django's Tasks API (django-tasks backport) on the database backend; the
# demo starts a db_worker beside the web server.
TASKS = {
    "default": {
        "BACKEND": env("CIVILDESK_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Several machines: RQ workers (``manage.py rqworker default``) on the Redis of
# REDIS_URL, with CIVILDESK_TASK_BACKEND=django_tasks_rq.RQBackend.
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq."):
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {
        "default": {
            "URL": env("REDIS_URL", "redis://127.0.0.1:6379/0"),
            # Longest job (OCR of a long scan) before RQ stops it; a killed worker's
            # job is failed by the sweep long before that (docs/operations.md).
            "DEFAULT_TIMEOUT": int(env("CIVILDESK_JOB_TIMEOUT_MINUTES", "120")) * 60,
        }
    }
    # The workers run django-tasks' tasks through its RQ job class.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# One cache shared by every process (rate limits would otherwise be counted
# once per gunicorn worker): Redis when REDIS_URL is set, else a table in the
# database (created by `migrate`, see civildesk.org.apps).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
        if env("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "civildesk_cache",
            # Culling would also drop live rate-limit counters: keep many entries.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}

# --- Logging: to stdout; never log request bodies or secrets. -------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("CIVILDESK_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pyhanko": {"level": "WARNING"},
        # A signature that cannot be validated (e.g. no revocation data for the
        # demo CA) is a result shown to the user, not an incident: pyHanko logs
        # each one as a warning with a traceback, which only buried real ones.
        "pyhanko.sign.validation.generic_cms": {"level": "ERROR"},
        "pyhanko_certvalidator": {"level": "WARNING"},
    },
}

CIVILDESK_SITE_NAME = env("CIVILDESK_SITE_NAME", "CivilDesk")

# --- Inspection: encrypted identities of filers, public portal limits ------
CIVILDESK_FIELD_KEY_FILE = Path(env("CIVILDESK_FIELD_KEY_FILE", str(DATA_DIR / "keys" / "field.key")))
CIVILDESK_PUBLIC_SUBMISSIONS_PER_HOUR = int(env("CIVILDESK_PUBLIC_SUBMISSIONS_PER_HOUR", "5"))

# --- Digital signatures: PKCS#11 module of the USB tokens, public validation limit
CIVILDESK_PKCS11_MODULE = env("CIVILDESK_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
CIVILDESK_SIGNING_VALIDATE_RATE = env("CIVILDESK_SIGNING_VALIDATE_RATE", "20/m")

# --- Hardening: audit chain key and anchor, extraction limits, stale jobs ---
CIVILDESK_AUDIT_KEY_FILE = Path(env("CIVILDESK_AUDIT_KEY_FILE", str(DATA_DIR / "keys" / "audit.key")))
CIVILDESK_AUDIT_ANCHOR_FILE = Path(env("CIVILDESK_AUDIT_ANCHOR_FILE", str(DATA_DIR / "audit" / "anchor.log")))
CIVILDESK_AUDIT_ANCHOR_EVERY = int(env("CIVILDESK_AUDIT_ANCHOR_EVERY", "100"))
CIVILDESK_MAX_IMAGE_PIXELS = int(env("CIVILDESK_MAX_IMAGE_PIXELS", "40000000"))
CIVILDESK_MAX_RENDER_PIXELS = int(env("CIVILDESK_MAX_RENDER_PIXELS", "25000000"))
CIVILDESK_MAX_ZIP_MEMBER_MB = int(env("CIVILDESK_MAX_ZIP_MEMBER_MB", str(CIVILDESK_MAX_UPLOAD_MB)))
CIVILDESK_JOB_STALE_MINUTES = int(env("CIVILDESK_JOB_STALE_MINUTES", "30"))
