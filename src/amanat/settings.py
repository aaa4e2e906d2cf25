"""Amanat settings: one module, configured from the environment only (see README, 'Configuration')."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from amanat.config import DATA_APPS, data_dir, env_bool, env_list
from amanat.config.files import PRIVATE_FILE_MODE, ensure_private_file
from amanat.config.languages import LANGUAGE_CODES, NATIVE_NAMES, parse_fallbacks
from amanat.rulefiles.texts import configure_fallbacks

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

DEBUG = env_bool("AMANAT_DEBUG", False)


def _secret_key() -> str:
    configured = os.environ.get("AMANAT_SECRET_KEY")
    if configured:
        return configured
    from amanat.config.keyfile import load_or_create_keyfile

    return load_or_create_keyfile(DATA_DIR).secret_key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("AMANAT_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("AMANAT_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "amanat.core",
    *(f"amanat.{label}" for label in DATA_APPS),
    "amanat.platform.translations",  # the administrators' translations page (ADR 1403)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "amanat.core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "amanat.accounts.middleware.SessionSecurityMiddleware",
    # Writes refused look-ups to the audit log after the request's transactions have ended.
    "amanat.accounts.denials.DenialFlushMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A domain NotFound / PermissionDenied escaping a view is the ordinary 404 / 403 page.
    "amanat.core.web.DomainErrorMiddleware",
]

ROOT_URLCONF = "amanat.urls"
# Every rendered form starts with its error summary (ADR 1603).
FORM_RENDERER = "amanat.core.forms.FormRenderer"
WSGI_APPLICATION = "amanat.wsgi.application"

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
                "amanat.core.context_processors.amanat",
            ],
        },
    }
]

# Database: PostgreSQL via DATABASE_URL in production; otherwise SQLite (WAL) in the data folder.
if os.environ.get("DATABASE_URL"):
    # Health checks: a connection that died with a database restart is replaced, not used.
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"], conn_max_age=60, conn_health_checks=True
        )
    }
else:
    # Created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode).
    ensure_private_file(DATA_DIR / "amanat.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "amanat.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                " PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
            },
            # A file, not memory, so tests can inspect the bytes that reach the disk.
            "TEST": {"NAME": str(DATA_DIR / "test-amanat.sqlite3")},
        }
    }
# A streaming replica for statistics (docs/deployment.md, ADR 0021): only code that asks for
# `amanat.core.dbrouter.read_alias()` reads there; tests mirror it onto the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["amanat.core.dbrouter.PrimaryRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["amanat.accounts.backends.AccountBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"  # `/` picks the landing page by role (core.landing)
LOGOUT_REDIRECT_URL = "accounts:login"

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
    {"NAME": "amanat.accounts.validators.RepeatedPatternValidator"},
]

# Login throttling (docs/decisions/0008-login-throttling.md): free failures per (account, client
# address) pair, per address and per account, then a wait that doubles with each failure.
AMANAT_LOGIN_PAIR_LIMIT = int(os.environ.get("AMANAT_LOGIN_PAIR_LIMIT", "5"))
AMANAT_LOGIN_ADDRESS_LIMIT = int(os.environ.get("AMANAT_LOGIN_ADDRESS_LIMIT", "50"))
AMANAT_LOGIN_ACCOUNT_LIMIT = int(os.environ.get("AMANAT_LOGIN_ACCOUNT_LIMIT", "20"))
AMANAT_LOGIN_BACKOFF_SECONDS = int(os.environ.get("AMANAT_LOGIN_BACKOFF_SECONDS", "30"))
AMANAT_LOGIN_BACKOFF_MAX_MINUTES = int(os.environ.get("AMANAT_LOGIN_BACKOFF_MAX_MINUTES", "15"))
AMANAT_LOGIN_FAILURE_WINDOW_MINUTES = int(
    os.environ.get("AMANAT_LOGIN_FAILURE_WINDOW_MINUTES", "60")
)
AMANAT_LOGIN_KNOWN_ADDRESS_DAYS = int(os.environ.get("AMANAT_LOGIN_KNOWN_ADDRESS_DAYS", "30"))
# Reverse proxies in front of Amanat that append to X-Forwarded-For (0: use the peer address).
AMANAT_TRUSTED_PROXIES = int(os.environ.get("AMANAT_TRUSTED_PROXIES", "0"))
AMANAT_API_TOKENS_PER_USER = int(os.environ.get("AMANAT_API_TOKENS_PER_USER", "10"))
# Sessions (docs/decisions/0003-authentication.md).
AMANAT_SESSION_IDLE_MINUTES = int(os.environ.get("AMANAT_SESSION_IDLE_MINUTES", "30"))
# More than THRESHOLD refused look-ups by one user within MINUTES raises a security alert.
AMANAT_DENIAL_ALERT_THRESHOLD = int(os.environ.get("AMANAT_DENIAL_ALERT_THRESHOLD", "20"))
AMANAT_DENIAL_ALERT_MINUTES = int(os.environ.get("AMANAT_DENIAL_ALERT_MINUTES", "10"))
AMANAT_API_TOKEN_HOURS = int(os.environ.get("AMANAT_API_TOKEN_HOURS", "12"))
# Audit anchoring (docs/decisions/0009): a signed checkpoint every N entries (0: only by
# `amanat audit checkpoint`), and a file outside the data folder that receives each checkpoint.
AMANAT_AUDIT_CHECKPOINT_EVERY = int(os.environ.get("AMANAT_AUDIT_CHECKPOINT_EVERY", "1000"))
AMANAT_AUDIT_ANCHOR_FILE = os.environ.get("AMANAT_AUDIT_ANCHOR_FILE", "").strip()
# Audit sealing (ADR 0020): "deferred" appends entries without a lock and `amanat worker` chains
# them; "inline" chains each entry as it is written (one lock, SQLite's way anyway).
AMANAT_AUDIT_SEALING = os.environ.get(
    "AMANAT_AUDIT_SEALING", "deferred" if os.environ.get("DATABASE_URL") else "inline"
).strip()
if AMANAT_AUDIT_SEALING not in ("inline", "deferred"):
    raise ImproperlyConfigured("AMANAT_AUDIT_SEALING must be inline or deferred.")
AMANAT_AUDIT_SEAL_SECONDS = float(os.environ.get("AMANAT_AUDIT_SEAL_SECONDS", "2"))
SESSION_COOKIE_AGE = int(os.environ.get("AMANAT_SESSION_HOURS", "8")) * 3600
# Identifiable exports of more cases than this need a second person's approval (ADR 0665).
AMANAT_EXPORT_CAP = int(os.environ.get("AMANAT_EXPORT_CAP", "25"))
# Fieldwork (ADR 0362): the private key (PEM) that opens ODK-encrypted submissions and the token
# for pulling from a KoboToolbox or ODK Central server, when not given on the command line.
AMANAT_FIELDWORK_PRIVATE_KEY = os.environ.get("AMANAT_FIELDWORK_PRIVATE_KEY", "")
AMANAT_FIELDWORK_TOKEN = os.environ.get("AMANAT_FIELDWORK_TOKEN", "")
# Kept job advertisements (monitoring records) are deleted this many days after they were found
# (ADR 0911); their links to cases go with them.
AMANAT_ADS_RETENTION_DAYS = int(os.environ.get("AMANAT_ADS_RETENTION_DAYS", "730"))


def _stats_threshold() -> int:
    # A malformed value falls back to the default rather than stopping the server (as before).
    try:
        return int(os.environ.get("AMANAT_STATS_THRESHOLD", "10"))
    except ValueError:
        return 10


# Small-cell suppression in every statistic (ADR 0601, 0666): counts from 1 to THRESHOLD-1 are
# hidden, with secondary suppression; the one setting for insights, assistance and the rest.
AMANAT_STATS_THRESHOLD = _stats_threshold()
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Security headers and HTTPS (docs/decisions/0011-security-headers-and-tls.md; admin guide, "TLS").
# Behind a TLS-terminating proxy: AMANAT_SECURE_COOKIES=1 turns on Secure cookies and HSTS;
# AMANAT_PROXY_SSL_HEADER=1 trusts the proxy's X-Forwarded-Proto (only if the proxy sets it and
# Amanat is reachable through the proxy alone).
AMANAT_SECURE_COOKIES = env_bool("AMANAT_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = AMANAT_SECURE_COOKIES
CSRF_COOKIE_SECURE = AMANAT_SECURE_COOKIES
SECURE_HSTS_SECONDS = (
    int(os.environ.get("AMANAT_HSTS_SECONDS", str(365 * 24 * 3600))) if AMANAT_SECURE_COOKIES else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("AMANAT_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = False
if env_bool("AMANAT_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("AMANAT_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Everything is served by Amanat itself (no CDN): no third-party origin, no inline script or
# eval. Inline *styles* stay allowed: style attributes in templates and the SVG charts
# matplotlib draws, and Swagger UI at /api/docs; CSS cannot run script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
AMANAT_PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LANGUAGE_CODE = "en"
# Each language in its own name (the switcher shows these; ADR 1400). Django's LANG_INFO lacks
# some of them or names them differently ("Kirghiz"): the project's entries come first.
LANGUAGES = [(code, NATIVE_NAMES[code]) for code in LANGUAGE_CODES]
EXTRA_LANG_INFO = {
    code: {"bidi": False, "code": code, "name": name, "name_local": NATIVE_NAMES[code]}
    for code, name in (
        ("en", "English"),
        ("ru", "Russian"),
        ("kk", "Kazakh"),
        ("ky", "Kyrgyz"),
        ("tg", "Tajik"),
        ("uz", "Uzbek"),
    )
}
LANG_INFO.update(EXTRA_LANG_INFO)
try:
    AMANAT_LANGUAGE_FALLBACKS = parse_fallbacks(os.environ.get("AMANAT_LANGUAGE_FALLBACKS"))
except ValueError as error:
    raise ImproperlyConfigured(f"AMANAT_LANGUAGE_FALLBACKS: {error}") from None
configure_fallbacks(AMANAT_LANGUAGE_FALLBACKS)
# A small "draft translation" mark next to interview questions and consent texts whose
# translation in the page's language no native speaker has reviewed yet.
AMANAT_MARK_DRAFT_TRANSLATIONS = env_bool("AMANAT_MARK_DRAFT_TRANSLATIONS", True)
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("AMANAT_TIME_ZONE", "Asia/Almaty")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "files"
# Any uploaded file kept on disk is owner-only, like every other file Amanat writes.
FILE_UPLOAD_PERMISSIONS = PRIVATE_FILE_MODE
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
EXPORT_DIR = DATA_DIR / "exports"

EMAIL_BACKEND = os.environ.get(
    "AMANAT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("AMANAT_FROM_EMAIL", "amanat@localhost")
EMAIL_HOST = os.environ.get("AMANAT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("AMANAT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("AMANAT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("AMANAT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("AMANAT_EMAIL_TLS", False)
# Where users reach Amanat, for links in e-mails (e-mails never carry personal data).
AMANAT_BASE_URL = os.environ.get("AMANAT_BASE_URL", "http://localhost:8000").rstrip("/")

NINJA_PAGINATION_PER_PAGE = 50

# Logs carry no personal data: messages name objects by id and case code only, and the error
# reporter hides request bodies (see amanat.core.error_reporting).
DEFAULT_EXCEPTION_REPORTER_FILTER = "amanat.core.error_reporting.PersonalDataFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("AMANAT_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django logs request bodies on some errors; keep it at the level that omits them.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
