"""One settings module, driven by the environment (see .env.example).

With no environment at all it runs the demo: SQLite, the in-memory channel
layer and in-process jobs. Production sets DATABASE_URL and REDIS_URL.
"""

import datetime as dt
import sys
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="demo-only-insecure-key-change-me")
NIK_HASH_KEY = env.str("NIK_HASH_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
REDIS_URL = env.str("REDIS_URL", default="")
# Pub/sub channels ignore the Redis database number: deployments (or malls) that
# share one Redis server need their own prefix, or they hear each other's calls.
CHANNEL_PREFIX = env.str("CHANNEL_PREFIX", default="mpp")
MPP_NAME = env.str("MPP_NAME", default="Mal Pelayanan Publik Kota Probolinggo")
# Kiosks hand out walk-in numbers this long before opening (people queue early).
MPP_ISSUE_EARLY_MINUTES = env.int("MPP_ISSUE_EARLY_MINUTES", default=30)
# Booth monitoring (DOMAIN.md "Booth attendance"): a booth with no counter open this long
# in opening hours is `empty`; one with waiting tickets and no call this long, or a break
# past its limit, is `unattended`. Displays and kiosks silent this long are listed.
MPP_BOOTH_EMPTY_GRACE_MINUTES = env.int("MPP_BOOTH_EMPTY_GRACE_MINUTES", default=15)
MPP_BOOTH_NO_CALL_MINUTES = env.int("MPP_BOOTH_NO_CALL_MINUTES", default=10)
MPP_BOOTH_PAUSE_LIMIT_MINUTES = env.int("MPP_BOOTH_PAUSE_LIMIT_MINUTES", default=30)
MPP_DEVICE_SILENT_SECONDS = env.int("MPP_DEVICE_SILENT_SECONDS", default=120)
# Service levels (README "Service levels"): a service without its own target wait takes
# the Standar Pelayanan's duration when it is in minutes or hours (at least MIN), else
# DEFAULT. The share called within target is green from GREEN %, amber from AMBER %.
SERVICE_LEVEL_DEFAULT_TARGET_MINUTES = env.int("SERVICE_LEVEL_DEFAULT_TARGET_MINUTES", default=30)
SERVICE_LEVEL_MIN_TARGET_MINUTES = env.int("SERVICE_LEVEL_MIN_TARGET_MINUTES", default=10)
SERVICE_LEVEL_GREEN_PERCENT = env.int("SERVICE_LEVEL_GREEN_PERCENT", default=90)
SERVICE_LEVEL_AMBER_PERCENT = env.int("SERVICE_LEVEL_AMBER_PERCENT", default=75)
# Staffing forecast (README "Staffing forecast (Erlang C)"): counters per hour so that this
# share of applicants is called within the target wait.
STAFFING_TARGET_PERCENT = env.int("STAFFING_TARGET_PERCENT", default=80)
STAFFING_HISTORY_WEEKS = env.int("STAFFING_HISTORY_WEEKS", default=8)
# Planned closures: longest closure and how far ahead one may be requested, in days.
CLOSURE_MAX_DAYS = env.int("CLOSURE_MAX_DAYS", default=14)
CLOSURE_MAX_DAYS_AHEAD = env.int("CLOSURE_MAX_DAYS_AHEAD", default=90)
# Complaints: working days to follow up when the agency sets none; reporters' name and
# contact are blanked this many days after a complaint is handled.
COMPLAINT_SLA_DAYS = env.int("COMPLAINT_SLA_DAYS", default=5)
COMPLAINT_RETENTION_DAYS = env.int("COMPLAINT_RETENTION_DAYS", default=365)
# The IKM survey of a served ticket can be answered this many days after the service.
SURVEY_WINDOW_DAYS = env.int("SURVEY_WINDOW_DAYS", default=30)
# A resident marked no-show may put the ticket back in line once, this long after it.
REJOIN_GRACE_MINUTES = env.int("REJOIN_GRACE_MINUTES", default=30)

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "auditlog",
    "mpp",  # the outbox of tasks the broker refused (mpp/lib/tasks.py)
    "axes",
    "agencies",
    "counters",
    "closures",
    "queues",
    "documents",
    "complaints",
    "monitoring",
    "console",  # the officer's console: no models
    "reports",
    "webhooks",  # outbound webhooks: low in the layer order, every app may emit
    "messaging",  # WhatsApp consent, messages and delivery statuses
    "whatsapp",  # residents' WhatsApp replies (BATAL, POSISI, TUNDA): no models
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "agencies.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mpp.urls"
WSGI_APPLICATION = "mpp.wsgi.application"
ASGI_APPLICATION = "mpp.asgi.application"

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
                "mpp.lib.context.mall",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Seconds a connection is kept between requests in a long-lived thread (gunicorn's sync
# workers). Under ASGI each request runs in a thread of its own: its connection closes when
# it ends, and at most ASGI_HTTP_THREADS requests run at once per process (mpp/lib/asgi_http.py).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
ASGI_HTTP_THREADS = env.int("ASGI_HTTP_THREADS", default=8)
if ASGI_HTTP_THREADS < 1:
    raise ImproperlyConfigured("ASGI_HTTP_THREADS must be at least 1 (requests at once).")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The demo runs daphne (threads) on one SQLite file: wait for the write lock.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out client before any password is hashed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
# Each role lands on its own page after login (mpp.views.staff_home).
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve static files straight from the app folders (demo, browser tests) instead
# of a collected STATIC_ROOT.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Spoken phrases nobody played for this many days are deleted (they render again when needed).
VOICE_KEEP_DAYS = env.int("VOICE_KEEP_DAYS", default=30)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

if REDIS_URL:
    CACHES = {
        # A Redis outage is a cache miss there, not a 500 (mpp/lib/cache.py). Keys live
        # under the deployment's prefix, so clearing the cache leaves everything else be.
        "default": {
            "BACKEND": "mpp.lib.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CHANNEL_PREFIX}:cache",
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # channels_redis' pub/sub layer, relaying each stream event to this
            # process's sockets once, not once per socket (mpp/lib/relay.py).
            "BACKEND": "mpp.lib.relay.RelayLayer",
            "CONFIG": {
                # After a Redis restart the first command on each pooled connection
                # fails: retry it once on a fresh connection (and re-subscribe), or
                # the first call published after the restart is lost (README "Reliability").
                "hosts": [{"address": REDIS_URL, "retry": Retry(NoBackoff(), 1)}],
                "prefix": CHANNEL_PREFIX,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TIMEZONE = TIME_ZONE
# The worker rides out a broker (Redis) restart (README "Reliability"): it reconnects
# for as long as it takes, and cancels the late-acked tasks it was running when the
# connection dropped (their acks were meant for the connection that is gone). A
# message taken but never acked goes back on the queue after the visibility timeout
# (Redis's default is an hour), checked every tenth of it. It must stay above every
# task's time limit and retry countdown (120 s, 16 s), or a running or waiting task
# would be handed out a second time.
BROKER_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": BROKER_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, BROKER_VISIBILITY_TIMEOUT // 10),
    "unacked_restore_throttle": 1,  # scan at every interval (kombu's default: every 10th)
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # forever: a supervisor restart gains nothing
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# One message taken per process at a time. With late acks, prefetched messages wait
# unacked in a worker that may die with them, and with Celery's default (4 per process)
# a Redis restart made the worker exit on reconnecting (`Unrecoverable error:
# AttributeError: 'NoneType' object has no attribute 'hostname'`, kombu giving those
# messages back over the connection it had just closed): 7 runs of 7; with 1, none of 10.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Read here, with .env loaded, not in mpp/celery.py (imported before settings): deployments
# sharing one Redis need queues of their own, like CHANNEL_PREFIX; the booth scan's period
# is a minute (shorter only for a quick demo or a test).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="") or "celery"
MPP_BOOTH_SCAN_SECONDS = max(1, int(env.str("MPP_BOOTH_SCAN_SECONDS", default="") or 60))
# The Monev report's "share within target" (reports/service_targets.py): the target wait,
# queue -> first call, of every service.
MONEV_TARGET_WAIT_MINUTES = env.int("MONEV_TARGET_WAIT_MINUTES", default=30)
# Outbound webhooks (webhooks/): Celery retries a failed delivery after base, 2x, 4x ...
# seconds, never longer than the broker's visibility timeout allows (a task waiting for
# its countdown is held unacked: past the timeout Redis would hand it out again), and
# gives up after WEBHOOK_MAX_ATTEMPTS (defaults: 15 s, 30, 60, 120, 240: ~8 minutes).
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
WEBHOOK_MAX_ATTEMPTS = max(1, env.int("WEBHOOK_MAX_ATTEMPTS", default=6))
WEBHOOK_RETRY_BASE_SECONDS = max(1, env.int("WEBHOOK_RETRY_BASE_SECONDS", default=15))
WEBHOOK_RETRY_MAX_SECONDS = min(
    env.int("WEBHOOK_RETRY_MAX_SECONDS", default=240), max(1, BROKER_VISIBILITY_TIMEOUT - 60)
)
# Messages to residents (mpp/lib/notify.py): dotted path of the backend class.
NOTIFY_BACKEND = env.str("NOTIFY_BACKEND", default="mpp.lib.notify.ConsoleBackend")

# WhatsApp Cloud API (messaging/, whatsapp/; README "WhatsApp"). Used when NOTIFY_BACKEND is
# messaging.backend.WhatsAppBackend; messages it cannot send by WhatsApp (no opt-in, staff)
# go to the fallback backend.
WHATSAPP_ACCESS_TOKEN = env.str("WHATSAPP_ACCESS_TOKEN", default="")
WHATSAPP_PHONE_NUMBER_ID = env.str("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_APP_SECRET = env.str("WHATSAPP_APP_SECRET", default="")
WHATSAPP_VERIFY_TOKEN = env.str("WHATSAPP_VERIFY_TOKEN", default="")
WHATSAPP_API_VERSION = env.str("WHATSAPP_API_VERSION", default="v21.0")
# Meta's Graph API host (.env.example): no default, so nothing leaves the LAN unless set.
WHATSAPP_BASE_URL = env.str("WHATSAPP_BASE_URL", default="")
WHATSAPP_TIMEOUT = env.float("WHATSAPP_TIMEOUT", default=10.0)
# Attempts of one message on retryable errors (the notify tasks retry 5 times: 6 in all).
WHATSAPP_MAX_ATTEMPTS = env.int("WHATSAPP_MAX_ATTEMPTS", default=6)
WHATSAPP_FALLBACK_BACKEND = env.str(
    "WHATSAPP_FALLBACK_BACKEND", default="mpp.lib.notify.ConsoleBackend"
)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "mpp.lib.token_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "mpp.lib.schema.AutoSchema",
    "EXCEPTION_HANDLER": "mpp.lib.errors.exception_handler",
    # Keyed on mpp.lib.client_ip (TRUSTED_PROXY_HOPS), never on a forgeable header.
    "DEFAULT_THROTTLE_CLASSES": ["mpp.lib.throttling.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("ANON_THROTTLE_RATE", default="600/minute"),
        # Password attempts on the token endpoint, per client address.
        "login": env.str("LOGIN_THROTTLE_RATE", default="20/minute"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# --- Abuse: client address, booking limits, proof of work, login lockout -------------
# Reverse proxies in front of Django that append the client's address to
# X-Forwarded-For (nginx in deploy/: 1). 0 ignores the header: a client could forge it.
# Every limit (DRF throttles, booking and complaint limits, login lockout) uses it.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
# Online bookings (queues/booking_limits.py): per client address per day, and per phone
# and per NIK for one service day (not cancelled). Staff-assisted bookings are exempt.
BOOKING_LIMIT_PER_CLIENT_DAY = env.int("BOOKING_LIMIT_PER_CLIENT_DAY", default=30)
BOOKING_LIMIT_PER_PHONE_DAY = env.int("BOOKING_LIMIT_PER_PHONE_DAY", default=3)
BOOKING_LIMIT_PER_NIK_DAY = env.int("BOOKING_LIMIT_PER_NIK_DAY", default=3)
# The booking form's self-hosted proof of work (altcha): required on /book/<id>/ only; the
# API relies on the limits above. Difficulty is the largest number the browser may try.
ALTCHA_REQUIRED = env.bool("ALTCHA_REQUIRED", default=True)
ALTCHA_MAX_NUMBER = env.int("ALTCHA_MAX_NUMBER", default=50_000)
ALTCHA_HMAC_KEY = env.str("ALTCHA_HMAC_KEY", default=SECRET_KEY)
# Typed-code look-ups (check-in, kiosk survey) need the NIK's last four digits; wrong ones
# count per ticket (then the ticket's code is refused for the day) and per client per hour.
CODE_LOOKUP_FAILURES_PER_TICKET = env.int("CODE_LOOKUP_FAILURES_PER_TICKET", default=5)
CODE_LOOKUP_FAILURES_PER_CLIENT_HOUR = env.int("CODE_LOOKUP_FAILURES_PER_CLIENT_HOUR", default=60)
# django-axes: this many wrong passwords for one username from one address lock both out
# of /login/, the admin and the token endpoint for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "mpp.lib.client_ip.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "mpp.lib.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "mpp.lib.lockout.axes_username"
AXES_RESET_ON_SUCCESS = True
# Lockouts are logged (WARNING); the banner and every failed attempt at INFO are not needed.
AXES_VERBOSE = False

SPECTACULAR_SETTINGS = {
    "TITLE": "Antrean MPP API",
    "DESCRIPTION": "Queue and counter management for a Mal Pelayanan Publik.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from validator.swagger.io: the mall's network may have no internet.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name ("status") with others get a name of their own.
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "queues.models.Ticket.Status",
        "DocumentStatusEnum": "documents.models.Document.Status",
    },
}

SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG and bool(REDIS_URL))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# --- Hardening (issue 11): secrets, HTTPS, CSP, ticket retention --------------------
# A production process refuses to start without its own secrets: a NIK hash keyed with a
# public demo value can be reversed by trying every NIK. Only the demo (DEBUG) gets one.
# `makemigrations` only compares models with migration files: it hashes no NIK and
# serves nobody, so a fresh clone can check its migrations with no secrets set.
_MIGRATIONS_ONLY = sys.argv[0].endswith("manage.py") and sys.argv[1:2] == ["makemigrations"]
if not NIK_HASH_KEY and (DEBUG or _MIGRATIONS_ONLY):
    NIK_HASH_KEY = "demo-only-nik-hash-key"
for _name, _value in (("NIK_HASH_KEY", NIK_HASH_KEY), ("SECRET_KEY", SECRET_KEY)):
    if not (DEBUG or _MIGRATIONS_ONLY) and (not _value or _value.startswith("change-me")):
        raise ImproperlyConfigured(f"Set {_name} to a long random secret (see .env.example).")
# The load balancer's health probe speaks plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
# django-csp 4: no inline script or style anywhere; a template that truly needs one gives
# it nonce="{{ request.csp_nonce }}". Websockets are same-origin ('self' covers ws/wss).
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(1, "csp.middleware.CSPMiddleware")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Tickets keep the person (name, phone, NIK hash) this many days; statistics stay.
TICKET_RETENTION_DAYS = env.int("TICKET_RETENTION_DAYS", default=90)
# Audit (django-auditlog): who changed which configuration or staff record, and how.
# Residents' own rows (tickets, surveys) are not copied into the log, nor a reporter's
# name or contact: the log must not keep what the retention purge blanks.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "agencies.Agency",
    "agencies.Service",
    "agencies.Booth",
    "agencies.OpeningHours",
    "agencies.Closure",
    "agencies.Journey",
    "agencies.JourneyStage",
    {
        "model": "agencies.User",
        "exclude_fields": ["password", "last_login"],
        "m2m_fields": ["groups", "user_permissions"],
    },
    {"model": "counters.Counter", "m2m_fields": ["services"]},
    "counters.CounterSession",
    "counters.CounterPause",
    "monitoring.BoothAlert",
    "closures.ClosureRequest",
    {"model": "counters.Device", "mask_fields": ["token"]},
    "queues.Pronunciation",
    "queues.DisplayMessage",
    {"model": "complaints.Complaint", "exclude_fields": ["name", "contact", "description"]},
    "complaints.ComplaintResponse",
    # Who opened a document and moved it on (its staff note may name the applicant).
    {"model": "documents.Document", "exclude_fields": ["note"]},
    "documents.PickupLine",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Operations (issue 12): backups, heartbeats, metrics -----------------------------
# Nightly pg_dump (custom format) into BACKUP_DIR; the newest BACKUP_KEEP are kept
# (mpp/backups.py). pg_dump/pg_restore come from BACKUP_PG_BIN_DIR when set, else from
# /usr/lib/postgresql/<server major>/bin when present, else from PATH.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
BACKUP_PG_BIN_DIR = env.str("BACKUP_PG_BIN_DIR", default="")
# /healthz calls Celery beat or worker `stale` when its heartbeat is older than this
# (beat sends one every minute); stale is reported, not a 503 (README "Health and metrics").
HEARTBEAT_STALE_SECONDS = env.int("HEARTBEAT_STALE_SECONDS", default=180)
# Prometheus (django-prometheus plus the mall's figures, mpp/metrics.py) at /metrics, for
# these client addresses or networks only, or for `Authorization: Bearer METRICS_TOKEN`.
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
INSTALLED_APPS += ["django_prometheus"]
MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
MIDDLEWARE.insert(
    MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
    "django_prometheus.middleware.PrometheusAfterMiddleware",
)
