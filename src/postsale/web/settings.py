"""Django settings for ``postsale serve`` / ``postsale worker`` (the web extras).

Everything a deployment changes comes from the environment, which ``postsale serve`` fills from its
options:

- ``POSTSALE_DATA_DIR``: uploads, parsed books (Arrow), saved versions, the SQLite file and the
  generated secret key (default ``./postsale-data``).
- ``DATABASE_URL``: ``postgresql://user@host:5432/name`` for a team (several workers on several
  machines share the job queue through it); default the SQLite file in the data directory.
- ``POSTSALE_SECRET_KEY``: else generated once into the data directory (mode 0600).
- ``POSTSALE_ALLOWED_HOSTS`` (comma-separated), ``POSTSALE_TLS=1`` behind HTTPS (secure cookies,
  HSTS, redirect), ``POSTSALE_DEBUG=1`` for development only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from postsale.i18n.catalog import LANGUAGES as POSTSALE_LANGUAGES

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("POSTSALE_DATA_DIR", "postsale-data")).resolve()


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The environment's key, else one generated once and kept (0600) in the data directory."""
    given = os.environ.get("POSTSALE_SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = _flag("POSTSALE_DEBUG")
TLS = _flag("POSTSALE_TLS")
ALLOWED_HOSTS = [h.strip() for h in
                 os.environ.get("POSTSALE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
                 if h.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from its own static files (no CDN; CSP 'self')
    "postsale.web.apps.WebConfig",
]

# Order matters for error responses: a middleware only sees the responses of those below it. The
# CSP and the language come right after what they depend on, so a 400 raised by CommonMiddleware (a
# host not in ALLOWED_HOSTS) still carries the CSP and is rendered in the reader's language.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "postsale.web.middleware.PostsaleLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "postsale.web.urls"
WSGI_APPLICATION = "postsale.web.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "postsale.web.context.workspace_context",
            ],
            "builtins": ["postsale.web.templatetags.postsale_tags"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'postsale.sqlite3'}",
        conn_max_age=60, conn_health_checks=True),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web app read while the worker writes; IMMEDIATE transactions take the write
    # lock up front instead of failing with "database is locked" half way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login rate limiting: locks after AXES_FAILURE_LIMIT
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# i18n: the five languages of postsale's catalogs; LocaleMiddleware picks one per request (the
# switcher's cookie, then Accept-Language) and PostsaleLanguageMiddleware makes postsale's renderer
# follow it.
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [(code, code) for code in POSTSALE_LANGUAGES]
LANGUAGE_COOKIE_NAME = "postsale_language"
LANGUAGE_COOKIE_SECURE = TLS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None  # whitenoise serves straight from the package (WHITENOISE_USE_FINDERS)
STATICFILES_DIRS = [("report-vendor", PACKAGE_DIR.parent / "report" / "vendor"),
                    ("report-js", PACKAGE_DIR.parent / "report" / "js")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve straight from the package: no collectstatic step to forget
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "files"

# Uploads: a 1M-account export is ~150 MB; bigger files are refused with the limit named.
POSTSALE_MAX_UPLOAD_BYTES = int(os.environ.get("POSTSALE_MAX_UPLOAD_MB", "512")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads stream to a temporary file
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Security headers and cookies (``manage.py check --deploy`` is clean with POSTSALE_TLS=1).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_SECURE = TLS
CSRF_COOKIE_SECURE = TLS
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page's meta tag, not the cookie
CSRF_FAILURE_VIEW = "django.views.csrf.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = TLS
SECURE_HSTS_SECONDS = 31_536_000 if TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = TLS
SECURE_HSTS_PRELOAD = TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TLS else None

# Content Security Policy (django-csp): scripts only from the app itself — no inline script, no
# eval (HTMX's eval is switched off, Alpine is its CSP build); inline styles are allowed for the
# chart libraries, which position boxes with style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# The job queue: django-tasks with its database backend (jobs live in the app's own database;
# ``postsale worker`` runs them; workers on several machines share a PostgreSQL database).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"postsale.web": {"level": "INFO"}},
}
