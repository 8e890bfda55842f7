"""Django settings for IRS. Every knob an operator may turn is an environment variable.

Embedded defaults run the demo: SQLite under var/, console email, a development secret.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

from irs.env import (
    cache_from_url,
    env_bool,
    env_float,
    env_header_name,
    env_int,
    env_list,
    env_origins,
    env_site_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("IRS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("IRS_DEBUG", False)
# Published in this repository: good for the demo and the tests only. With debug off the
# service refuses to start on it (system check irs.E010, irs/checks.py).
IRS_DEVELOPMENT_SECRET_KEY = "insecure-development-key-change-me-in-production"
SECRET_KEY = env_str("IRS_SECRET_KEY", "").strip() or IRS_DEVELOPMENT_SECRET_KEY
# Rotating the key (docs/operations.md): the old one here, comma-separated, keeps sessions and
# links signed with it valid until they expire; remove it afterwards.
SECRET_KEY_FALLBACKS = env_list("IRS_SECRET_KEY_FALLBACKS", [])
# The address people and wikis reach IRS at. By default the one bin/demo serves: loopback on
# PORT (8000), so that links in emails and in the entry-point script follow PORT.
SITE_URL = env_site_url("IRS_SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}")
_SITE = urlsplit(SITE_URL)
SITE_IS_HTTPS = _SITE.scheme == "https"
ALLOWED_HOSTS = env_list(
    "IRS_ALLOWED_HOSTS",
    list(
        dict.fromkeys(
            ["localhost", "127.0.0.1", "[::1]", "testserver", _SITE.hostname or "localhost"]
        )
    ),
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "irs",
    "accounts",
    "wikis",
    "reports",
    "routing",
    "desk",
    "embed",
    "ninja",
    "api",
    "privacy",
    "metrics",
    "transparency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages compressed (gzip) for clients that accept it. BREACH (docs/security.md): CSRF
    # tokens are masked afresh in every response, the middleware pads every compressed body
    # with random bytes, and the session cookie is SameSite=Lax, so another site's requests
    # carry no session to measure. IRS_GZIP=0 turns it off.
    *(["django.middleware.gzip.GZipMiddleware"] if env_bool("IRS_GZIP", True) else []),
    # The site-wide Content-Security-Policy (SECURE_CSP below; wikis/framing.py).
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "irs.language.UseLangMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The site's own "not found" page even with debug on (irs/errors.py).
    "irs.errors.SiteNotFoundPageMiddleware",
    # Body size per view, before anything reads the body (irs/bodylimit.py).
    "irs.bodylimit.BodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A wiki that cannot be asked about the person: a clear "try again" page (accounts/).
    "accounts.middleware.ProviderErrorMiddleware",
]

ROOT_URLCONF = "irs.urls"
WSGI_APPLICATION = "irs.wsgi.application"

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
                "irs.language.language_context",
                "irs.navigation.navigation",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
# Persistent connections by default (docs/operations.md, "Database connections"): a process
# keeps its connection for up to IRS_DB_CONN_MAX_AGE seconds (0: one per request or task),
# and checks it is alive before reusing it after a request (a restarted database or a
# dropped connection costs one reconnect, never an error page). Connections are per thread
# and opened after gunicorn forks its processes, so none is ever shared.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'irs.sqlite3'}",
        conn_max_age=env_int("IRS_DB_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=env_bool("IRS_DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and workers share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# One cache for every process (rate limits: reports/throttle.py, api/ratelimit.py): by
# default a table in the database (manage.py migrate makes it: irs/apps.py),
# or IRS_CACHE_URL: redis://host:6379/0 (needs the redis package), memcached://host:11211
# (needs pymemcache), locmem:// (per process: one process only). docs/operations.md.
IRS_CACHE_URL = env_str("IRS_CACHE_URL", "").strip()
CACHES = {"default": cache_from_url(IRS_CACHE_URL)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
# After login without a page asked for: where the person's work is (irs/navigation.py).
LOGIN_REDIRECT_URL = "landing"
LOGOUT_REDIRECT_URL = "/"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "en"
# The interface languages IRS ships a complete catalog for, each named in itself (the one
# list: the language chooser, the entry point's labels and the catalog tests read it).
LANGUAGES = [
    ("en", "English"),
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("es", "Español"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("id", "Bahasa Indonesia"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("uk", "Українська"),
    ("zh-hans", "中文（简体）"),
]
LOCALE_PATHS: list[str] = []
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production (bin/serve sets it, after collectstatic): WhiteNoise serves the collected files
# under content-hashed names, compressed, cached for ever by browsers. Off for the tests and
# the demo, which serve the app folders' files without collecting them.
IRS_STATIC_MANIFEST = env_bool("IRS_STATIC_MANIFEST", False)
# The demo (bin/demo runs gunicorn, not the development server): WhiteNoise serves the app
# folders' files as they are, found afresh on each request, without collecting them.
IRS_STATIC_FROM_APPS = env_bool("IRS_STATIC_FROM_APPS", False)
if IRS_STATIC_MANIFEST:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
elif IRS_STATIC_FROM_APPS:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A failed CSRF check answers with the site's own translated page (irs/errors.py).
CSRF_FAILURE_VIEW = "irs.errors.csrf_failure"
# Cookies travel only over HTTPS when the site is served over HTTPS.
SESSION_COOKIE_SECURE = env_bool("IRS_SECURE_COOKIES", SITE_IS_HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# Every page: scripts, styles and everything else from IRS itself only, no inline script or
# style, never framed (the report flow's views let their own wiki frame them:
# wikis/framing.py). docs/security.md.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Behind a TLS-terminating proxy (docs/security.md). The proxy must set this header to
# "https" on HTTPS requests and strip it from what clients send; only then may IRS trust it.
_PROXY_SSL_HEADER = env_header_name("IRS_PROXY_SSL_HEADER")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https") if _PROXY_SSL_HEADER else None
)
# Origins whose form posts pass the CSRF origin check besides the request's own host.
CSRF_TRUSTED_ORIGINS = env_origins("IRS_CSRF_TRUSTED_ORIGINS", [f"{_SITE.scheme}://{_SITE.netloc}"])
SECURE_SSL_REDIRECT = env_bool("IRS_SSL_REDIRECT", False)
# The health endpoints (irs/views.py, docs/operations.md): /healthz/full is 503 when no worker
# beat within this many seconds, or when a due delivery has waited longer than the other.
IRS_HEALTH_HEARTBEAT_SECONDS = env_int("IRS_HEALTH_HEARTBEAT_SECONDS", 60, minimum=15)
IRS_HEALTH_MAX_BACKLOG_SECONDS = env_int("IRS_HEALTH_MAX_BACKLOG_SECONDS", 900, minimum=1)
# Load balancers probe the health endpoint over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz"]
SECURE_HSTS_SECONDS = env_int("IRS_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("IRS_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("IRS_HSTS_PRELOAD", False)

# Hostile input: a report form is small; anything bigger is refused before parsing
# (irs/bodylimit.py). Django's own limits are those of the largest body a view accepts
# (the configuration editor, marked with @accepts_large_body).
IRS_MAX_BODY_BYTES = env_int("IRS_MAX_BODY_BYTES", 64 * 1024, minimum=1024)
IRS_MAX_FORM_FIELDS = env_int("IRS_MAX_FORM_FIELDS", 200, minimum=10)
# Failed logins per account name and per client address (accounts/login_throttle.py).
IRS_LOGIN_FAILURE_LIMIT = env_int("IRS_LOGIN_FAILURE_LIMIT", 10, minimum=1)
IRS_LOGIN_FAILURE_WINDOW = env_int("IRS_LOGIN_FAILURE_WINDOW", 15 * 60, minimum=1)
IRS_LOGIN_LOCK_SECONDS = env_int("IRS_LOGIN_LOCK_SECONDS", 15 * 60, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("IRS_MAX_CONFIG_BODY_BYTES", 2 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("IRS_MAX_CONFIG_FORM_FIELDS", 10000, minimum=10)

_EMAIL_BACKEND = env_str("IRS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS: dict[str, dict] = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": {}}}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("IRS_EMAIL_HOST", "localhost"),
        "port": env_int("IRS_EMAIL_PORT", 25),
        "username": env_str("IRS_EMAIL_HOST_USER", "") or None,
        "password": env_str("IRS_EMAIL_HOST_PASSWORD", "") or None,
        "use_tls": env_bool("IRS_EMAIL_USE_TLS", False),
        "timeout": env_int("IRS_EMAIL_TIMEOUT", 20),
    }
DEFAULT_FROM_EMAIL = env_str("IRS_FROM_EMAIL", "IRS <irs@localhost>")

# The global safety team: every emergency report goes here, whatever a wiki configures.
IRS_SAFETY_EMAIL = env_str("IRS_SAFETY_EMAIL", "safety-team@localhost")
IRS_SAFETY_TEAM = env_str("IRS_SAFETY_TEAM", "safety")
# Trusted-flagger accounts of global bodies (DSA art. 22), on every wiki; wikis list their own.
IRS_TRUSTED_FLAGGERS = env_list("IRS_TRUSTED_FLAGGERS", [])
# The key of statements' puids (transparency/puid.py); keep it stable once statements are sent.
IRS_STATEMENT_KEY = env_str("IRS_STATEMENT_KEY", "").strip() or SECRET_KEY
# Submitting statements to the EU DSA Transparency Database (docs/transparency.md): its API's
# base URL (empty: statements are only exported), and the name of the operator secret that
# holds the Bearer token (IRS_SECRET_<NAME>, bound to the wikis in IRS_SECRET_<NAME>_WIKIS).
IRS_TRANSPARENCY_API_URL = env_str("IRS_TRANSPARENCY_API_URL", "").strip().rstrip("/")
IRS_TRANSPARENCY_TOKEN_SECRET = env_str("IRS_TRANSPARENCY_TOKEN_SECRET", "transparency-db")

# Retention of personal data (wikis/retention.py, docs/privacy.md): the least and the most a
# community may choose, and the safety team's period for emergency cases.
IRS_RETENTION_INFORMATION_DAYS_MIN = env_int("IRS_RETENTION_INFORMATION_DAYS_MIN", 7, minimum=1)
IRS_RETENTION_INFORMATION_DAYS_MAX = env_int("IRS_RETENTION_INFORMATION_DAYS_MAX", 365, minimum=1)
IRS_RETENTION_CLOSED_MONTHS_MIN = env_int("IRS_RETENTION_CLOSED_MONTHS_MIN", 3, minimum=1)
IRS_RETENTION_CLOSED_MONTHS_MAX = env_int("IRS_RETENTION_CLOSED_MONTHS_MAX", 60, minimum=1)
IRS_RETENTION_EMERGENCY_MONTHS = env_int("IRS_RETENTION_EMERGENCY_MONTHS", 24, minimum=1)
# Days an operator has to carry out a person's erasure request (GDPR art. 12(3): one month).
IRS_ERASURE_DEADLINE_DAYS = env_int("IRS_ERASURE_DEADLINE_DAYS", 30, minimum=1)

_LOG_LEVEL = env_str("IRS_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_error_tracebacks": {"()": "irs.errors.NoTracebackForClientErrors"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_client_error_tracebacks"],
        }
    },
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
    # Django's own console handler (debug on) would print every line a second time through
    # the root handler: its loggers only pass their records on to the root.
    "loggers": {"django": {"handlers": [], "level": _LOG_LEVEL, "propagate": True}},
}

# Community configuration: page titles are checked through each wiki's API when it answers.
IRS_CHECK_WIKI_TITLES = env_bool("IRS_CHECK_WIKI_TITLES", True)
# Seconds to wait for a wiki's API while a person waits (wikis/actionapi.py).
IRS_WIKI_API_TIMEOUT = env_float("IRS_WIKI_API_TIMEOUT", 3, minimum=0.1)

# The API for responders' tools (api/, docs/api.md): requests per token and minute.
IRS_API_REQUESTS_PER_MINUTE = env_int("IRS_API_REQUESTS_PER_MINUTE", 120)

# Routing and delivery (routing/, docs/routing.md).
IRS_DELIVERY_MAX_ATTEMPTS = env_int("IRS_DELIVERY_MAX_ATTEMPTS", 12, minimum=1)
IRS_DELIVERY_BACKOFF_BASE = env_float("IRS_DELIVERY_BACKOFF_BASE", 30, minimum=0)  # seconds
IRS_DELIVERY_BACKOFF_CAP = env_float("IRS_DELIVERY_BACKOFF_CAP", 3600, minimum=0)
# How long a worker may hold a delivery: longer than any channel's network timeouts.
IRS_DELIVERY_LEASE_SECONDS = env_float("IRS_DELIVERY_LEASE_SECONDS", 300, minimum=1)
# How many due deliveries one batch send task claims and sends (docs/routing.md, "Batches").
IRS_DELIVERY_BATCH = env_int("IRS_DELIVERY_BATCH", 50, minimum=1)
# Read timeout (seconds) of a worker's request to a webhook or a wiki's API.
IRS_ROUTING_HTTP_TIMEOUT = env_float("IRS_ROUTING_HTTP_TIMEOUT", 20, minimum=1)
# Plain http and loopback URLs for webhooks and wiki APIs: tests and local demos only.
IRS_ROUTING_ALLOW_INSECURE_URLS = env_bool("IRS_ROUTING_ALLOW_INSECURE_URLS", False)
# Set by bin/demo while the demo's MediaWiki runs (irs/demo_wiki.py): the home page links to it.
IRS_DEMO_MEDIAWIKI_URL = env_str("IRS_DEMO_MEDIAWIKI_URL", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests start real worker processes (manage.py db_worker), which cannot see an in-memory
    # database: the SQLite test database is a file.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {
        "NAME": env_str("IRS_TEST_SQLITE_FILE", "") or str(VAR_DIR / "test-irs.sqlite3")
    }

# The report dialog on wiki pages is an iframe of IRS. When IRS is on another site than the
# wikis (production), its session and CSRF cookies reach the frame only as SameSite=None,
# which browsers accept only with Secure cookies (HTTPS). Off by default: the wikis' Report
# links then open the flow in a new tab instead of the dialog. See docs/onwiki.md.
IRS_EMBED_CROSS_SITE_COOKIES = (
    env_bool("IRS_EMBED_CROSS_SITE_COOKIES", False) and SESSION_COOKIE_SECURE
)
if IRS_EMBED_CROSS_SITE_COOKIES:
    SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "None"

# Raw funnel events are kept this many days, then only their daily counts (manage.py
# funnel_rollup, docs/metrics.md).
IRS_FUNNEL_RETENTION_DAYS = env_int("IRS_FUNNEL_RETENTION_DAYS", 90, minimum=1)
# Dialog events accepted per minute from one address (the address is never stored).
IRS_FUNNEL_EVENTS_PER_MINUTE = env_int("IRS_FUNNEL_EVENTS_PER_MINUTE", 60, minimum=1)
