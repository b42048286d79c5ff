"""qcweb settings: one module, configured from environment variables.

Local use needs no configuration at all: the database, the Huey queue, the channel layer, the
generated secret key, uploaded media and outgoing mails all live under the git-ignored `var/`.

Environment variables (see README.md):
    DATABASE_URL      database URL (default: sqlite file var/db.sqlite3)
    REDIS_URL         when set: Huey, the channel layer and the cache use Redis
    SECRET_KEY        default: generated once into var/secret_key
    DEBUG             "1"/"true" for development (default off)
    ALLOWED_HOSTS     comma separated (default: localhost,127.0.0.1,[::1])
    CSRF_TRUSTED_ORIGINS  comma separated origins, e.g. https://qc.example.com
    EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL,
    DEFAULT_FROM_EMAIL, EMAIL_BACKEND   (default: mails are written to var/mail/)
    SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_COOKIES   (default: on when DEBUG is off)
    SECURE_PROXY_SSL_HEADER   "1" when behind a TLS proxy that sets X-Forwarded-Proto
    HUEY_IMMEDIATE    "1" runs tasks inline (tests)
    CHANNEL_LAYER_DB  path of the SQLite channel layer file (default var/channels.sqlite3)
    MAX_REQUEST_BODY_BYTES  largest request body of any URL, API included (default 8 MB)
    COMMUNITY_NEW_ACCOUNT_DAYS, COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR   forum spam limit (7, 5)
    QCWEB_RESULTS_DIR, QCWEB_RESULTS_STORAGE, QCWEB_RESULTS_STORAGE_OPTIONS   where backtest
                      results go (file system, or a shared storage class; see below)
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("QCWEB_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _local_secret_key() -> str:
    """Read the key generated for this checkout, creating it on first use."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
# The origin that serves the Jupyter front end of research sessions (research/origin.py): another
# host name than the site's (a port alone is not enough: cookies are shared across ports), so a
# notebook's JavaScript never runs with the site's session. `make run` serves it on a second port
# of the same server; in production e.g. https://research.qc.example.com (no cookie of the site
# may be set for the parent domain).
QCWEB_RESEARCH_ORIGIN = os.environ.get("QCWEB_RESEARCH_ORIGIN", "http://localhost:8001").rstrip("/")
_research_host = QCWEB_RESEARCH_ORIGIN.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
if _research_host and "*" not in ALLOWED_HOSTS and _research_host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_research_host)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
REDIS_URL = os.environ.get("REDIS_URL", "").strip()

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "channels",
    "huey.contrib.djhuey",
    "qcweb",
    "accounts",
    "projects",
    "backtests",
    "live",
    "research",
    "community",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "research.origin.ResearchOriginMiddleware",  # the research origin's own URLs and policy
    "qcweb.middleware.ContentSecurityPolicyMiddleware",  # every response, static files included
    "qcweb.middleware.RequestBodyLimitMiddleware",  # before anything reads the body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "qcweb.urls"
ASGI_APPLICATION = "qcweb.asgi.application"
WSGI_APPLICATION = "qcweb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,  # template_partials swaps this for its own (cached) loaders
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.organization",
            ],
        },
    },
]

# Database -------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        # Kept open between requests for this many seconds by the site's request threads
        # (qcweb/asgi.py), and checked before reuse.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "300")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the Huey worker read and write the same file concurrently.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: rate limits and anything shared between processes -------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # A table in the main database (`manage.py createcachetable`, run by `make`).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "qcweb_cache",
        }
    }

# Auth -----------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "dashboard"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_RATE_LIMIT = int(os.environ.get("LOGIN_RATE_LIMIT", "5"))  # failures per email+IP ...
LOGIN_RATE_WINDOW = int(os.environ.get("LOGIN_RATE_WINDOW", str(15 * 60)))  # ... per 15 minutes
# Forum spam limit: accounts younger than COMMUNITY_NEW_ACCOUNT_DAYS post at most this often.
COMMUNITY_NEW_ACCOUNT_DAYS = int(os.environ.get("COMMUNITY_NEW_ACCOUNT_DAYS", "7"))
COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR = int(
    os.environ.get("COMMUNITY_NEW_ACCOUNT_POSTS_PER_HOUR", "5")
)
AVATAR_MAX_BYTES = (
    1024 * 1024
)  # QuantConnect's profile image rule: "gif, jpg, or png format and less than 1MB"

# I18n -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static and media -----------------------------------------------------------------------------
STATIC_URL = "static/"
# Browser packages installed by `npm ci` (package.json; the Makefile runs it): Monaco's AMD build.
STATICFILES_DIRS = [("vendor/monaco", BASE_DIR / "node_modules" / "monaco-editor" / "min")]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "backtests.finders.PlotlyFinder",  # plotly.min.js from the installed plotly package
]
# WhiteNoise serves static files in every mode; with finders it also serves files that were
# never collected, so development and tests need no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Self-hosted installs have no separate file server: Django serves uploaded media (avatars are
# validated images) unless SERVE_MEDIA=0 because a proxy does it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# Email ----------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qcweb <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False) and not EMAIL_USE_TLS
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)

# Security -------------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
# Request bodies: one limit for every URL (qcweb/middleware.py, and qcweb/server.py while daphne
# receives the body). 8 MB: the lean CLI pushes whole projects to the API in one request; page
# uploads are smaller (project files <= 256 KB each, avatars < 1 MB).
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(8 * 1024 * 1024)))
# Django's own limits: form fields may use the whole body (the API reads `request.body`); uploads
# past FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) go to temporary files; at most
# DATA_UPLOAD_MAX_NUMBER_FIELDS (1000) fields and DATA_UPLOAD_MAX_NUMBER_FILES (100) files per form.
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
# Content-Security-Policy of every response (qcweb/middleware.py; the format of Django 6's
# setting). Scripts only from our static files: no inline scripts, handlers or eval.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    # htmx, Monaco and Plotly insert <style> elements at runtime (Monaco and Plotly take no
    # nonce) and templates set computed sizes (progress bars, tree depth) in style attributes.
    # Styles run no code.
    "style-src": ["'self'", "'unsafe-inline'"],
    # Plotly draws some figures (the report's) and its "download as PNG" as data: images.
    "img-src": ["'self'", "data:"],
    # htmx requests and the websockets: 'self' includes ws:/wss: of the same host.
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    # (research/origin.py adds QCWEB_RESEARCH_ORIGIN: "Open JupyterLab" posts to the site, which
    # redirects there, and browsers hold a form's redirects to form-action too.)
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The research origin's policy (research/origin.py): JupyterLab and notebook outputs run scripts
# (inline, and eval in its settings validator), which is why they live on an origin of their own:
# nothing there holds the site's session. It still talks only to itself and is never framed.
QCWEB_RESEARCH_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Backtests (backtests/conf.py) ----------------------------------------------------------------
# LEAN-format data folder; empty or missing = synthetic demo data generated there on first use.
QCWEB_DATA_DIR = Path(os.environ.get("QCWEB_DATA_DIR", VAR_DIR / "demo-data"))
QCWEB_BACKTESTS_DIR = Path(os.environ.get("QCWEB_BACKTESTS_DIR", VAR_DIR / "backtests"))
# Finished backtests' results.json and log.txt go through a Django storage (backtests/storage.py):
# by default the file system in QCWEB_RESULTS_DIR (default QCWEB_BACKTESTS_DIR). Several machines
# share one store by naming a storage class, e.g. django-storages' S3 backend
# (`pip install 'django-storages[s3]'`):
#   QCWEB_RESULTS_STORAGE=storages.backends.s3.S3Storage
#   QCWEB_RESULTS_STORAGE_OPTIONS='{"bucket_name": "qcweb", "endpoint_url": "https://s3.example"}'
# (credentials from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables).
QCWEB_RESULTS_DIR = (
    Path(os.environ["QCWEB_RESULTS_DIR"]) if os.environ.get("QCWEB_RESULTS_DIR") else None
)
if os.environ.get("QCWEB_RESULTS_STORAGE", "").strip():
    STORAGES["backtest_results"] = {
        "BACKEND": os.environ["QCWEB_RESULTS_STORAGE"].strip(),
        "OPTIONS": json.loads(os.environ.get("QCWEB_RESULTS_STORAGE_OPTIONS") or "{}"),
    }
QCWEB_OBJECTSTORE_DIR = Path(os.environ.get("QCWEB_OBJECTSTORE_DIR", VAR_DIR / "objectstore"))
# Market data each organization imported (one LEAN folder per organization id), and the uploads
# waiting for their import job.
QCWEB_ORG_DATA_DIR = Path(os.environ.get("QCWEB_ORG_DATA_DIR", VAR_DIR / "org-data"))
QCWEB_IMPORTS_DIR = Path(os.environ.get("QCWEB_IMPORTS_DIR", VAR_DIR / "imports"))
# A LEAN data folder (e.g. LEAN's own Data/ sample folder) that seed_demo imports into the
# installation's data folder instead of generating synthetic data.
QCWEB_LEAN_DATA_DIR = os.environ.get("QCWEB_LEAN_DATA_DIR", "")
QCWEB_BACKTEST_MAX_SECONDS = float(os.environ.get("QCWEB_BACKTEST_MAX_SECONDS", "600"))
QCWEB_FREE_NODE_DELAY_SECONDS = float(os.environ.get("QCWEB_FREE_NODE_DELAY_SECONDS", "20"))
QCWEB_BACKTEST_MAX_MEMORY_MB = int(os.environ.get("QCWEB_BACKTEST_MAX_MEMORY_MB", "4096"))

# Sandbox for user code (qcweb/sandbox/) -------------------------------------------------------
# UNSAFE: runs user code without isolation. Only for one user on their own machine.
QCWEB_UNSAFE_NO_SANDBOX = env_bool("QCWEB_UNSAFE_NO_SANDBOX", False)
QCWEB_SANDBOX_UID = int(os.environ.get("QCWEB_SANDBOX_UID", "65534"))  # "nobody"
QCWEB_SANDBOX_GID = int(os.environ.get("QCWEB_SANDBOX_GID", "65534"))
QCWEB_SANDBOX_OUTPUT_MB = int(os.environ.get("QCWEB_SANDBOX_OUTPUT_MB", "256"))
QCWEB_SANDBOX_PROCESSES = int(os.environ.get("QCWEB_SANDBOX_PROCESSES", "128"))
QCWEB_SANDBOX_TMP_MB = int(os.environ.get("QCWEB_SANDBOX_TMP_MB", "256"))

# REST API v2 (api/conf.py) --------------------------------------------------------------------
API_TIMESTAMP_WINDOW = int(os.environ.get("API_TIMESTAMP_WINDOW", "3600"))  # seconds of clock skew
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "300"))  # requests per user ...
API_RATE_WINDOW = int(os.environ.get("API_RATE_WINDOW", "60"))  # ... per this many seconds

# Huey -----------------------------------------------------------------------------------------
HUEY = {
    "name": "qcweb",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

# Channels -------------------------------------------------------------------------------------
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    # Works across processes (web server + Huey worker) with no extra server; see
    # qcweb/channel_layer.py.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "qcweb.channel_layer.SQLiteChannelLayer",
            "CONFIG": {
                "path": os.environ.get("CHANNEL_LAYER_DB", str(VAR_DIR / "channels.sqlite3"))
            },
        }
    }

# Logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "[%(asctime)s] %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Configured here, so `run_huey` does not add a second handler (duplicate lines).
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.channels.server": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO (report and invoice PDFs); keep its warnings.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
