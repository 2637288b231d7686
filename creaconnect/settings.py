"""CreaConnect settings: everything comes from the environment (django-environ).

Development defaults are safe for a laptop; ``DEBUG=false`` switches to the production
mode, which passes ``manage.py check --deploy --fail-level WARNING``.
"""

import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
# pytest-django imports settings before any conftest runs, hence the module check.
TESTING = env.bool("TESTING", default="pytest" in sys.modules)

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production-0123456789abcdefghijklmnop"  # noqa: S105  used only when DEBUG is on
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",  # its widget templates, found by the project's engine (FORM_RENDERER)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "django_countries",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    "creaconnect.core",
    "creaconnect.accounts",
    "creaconnect.notifications",
    "creaconnect.reports",
    "hubs",
    "programme",
    "hackathons",
    "showcase",
    "surveys",  # after programme and hackathons: its demo answers their activities
    "events",  # after showcase: its demo seeder reads the final event
    "consortium",
]

MIDDLEWARE = [
    "creaconnect.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "creaconnect.core.middleware.SecurityHeadersMiddleware",
    "creaconnect.core.middleware.HostileRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "creaconnect.core.cache.AnonymousPageCacheMiddleware",
    "creaconnect.core.middleware.AtomicWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "creaconnect.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "creaconnect.accounts.middleware.StaffIdleTimeoutMiddleware",
    "creaconnect.accounts.middleware.MFARequiredMiddleware",
    "hubs.middleware.HubScopeMiddleware",
    "creaconnect.core.middleware.RateLimitMiddleware",
]

ROOT_URLCONF = "creaconnect.urls"
# Form widgets render through the project's template engine, so templates/django/forms/ can
# replace Django's defaults (an empty choice reads "Choose…", translated, never "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "creaconnect.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "creaconnect.core.context_processors.site",
                # State enums for templates, one per app that owns them.
                "creaconnect.accounts.context_processors.states",
                "creaconnect.notifications.context_processors.states",
                "creaconnect.reports.context_processors.states",
                "programme.context_processors.states",
                "hackathons.context_processors.states",
                "showcase.context_processors.states",
                "events.context_processors.states",
            ],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# --- Data stores -------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/creaconnect")}
# A Unix-socket directory may arrive URL-encoded in the host part (embedded PostgreSQL).
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST") or "")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
# Connection pooling (opt-in, issue 18): Django 5.2's psycopg pool, one pool per process.
# Chosen over PgBouncer: no extra service, and each process's pool is bounded. Size it so
# that (web replicas x gunicorn workers x DB_POOL_MAX_SIZE) + (worker replicas x concurrency x
# DB_POOL_MAX_SIZE) stays under PostgreSQL's max_connections (100 by default), e.g. 2 web x 3
# workers x 4 + 3 workers x 2 x 2 = 36. Pooled connections need CONN_MAX_AGE=0 (the pool
# keeps them, not Django).
DB_POOL_MAX_SIZE = env.int("DB_POOL_MAX_SIZE", default=0)
if DB_POOL_MAX_SIZE:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": env.int("DB_POOL_MIN_SIZE", default=1),
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": env.float("DB_POOL_TIMEOUT", default=10.0),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
if TESTING:
    # Tests get their own Redis database so a running dev server's queue is left alone.
    _parts = urlsplit(REDIS_URL)
    REDIS_URL = urlunsplit(_parts._replace(path="/" + env.str("TEST_REDIS_DB", default="15")))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="cc"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# Sessions are read from Redis and written through to PostgreSQL (issue 20): a signed-in
# request no longer waits on a session query; a Redis flush loses no one's sign-in.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The dashboard's sections are cached per person and rebuilt at once when something they show
# is written (creaconnect/accounts/dashboard_cache.py); this bounds time-driven texts. Off in
# tests unless a test turns it on (like the page cache): query-count tests measure the build.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=0 if TESTING else 120)
# Public pages served to visitors without a session from Redis (creaconnect.core.cache);
# changes bump a version at once, this only bounds time-driven changes. Off in tests unless a
# test turns it on, so tests that change data behind the ORM's back see fresh pages.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if TESTING else 60)
# A web process re-reads the versions from Redis at most this often (a change made through
# another process shows within it; one made in this process shows at once).
PAGE_CACHE_LOCAL_SECONDS = env.float("PAGE_CACHE_LOCAL_SECONDS", default=0 if TESTING else 1.0)

# --- Celery ------------------------------------------------------------------------------

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Defaults for tasks that set no limits of their own (Celery's built-ins). Each of our tasks
# sets both limits, its soft one below its hard one: a task with only ``time_limit`` inherits
# this soft limit, and Celery refuses to send it when that is above its hard limit (beat then
# logs SchedulingError and the job never runs). tests/live/test_beat_schedule.py checks them.
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Longer than any task (time limit) plus its longest retry countdown, so Redis never
# re-delivers a message that a worker is still legitimately holding.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 3}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
# Three queues, so a 20,000-mail announcement never delays a report and a long render never
# delays mail: "mail" (sending notifications), "pdf" (rendering reports), "default" (the rest:
# sweepers, reminders, exports). Routed by task name; a worker started without -Q (make run,
# the tests) reads all three, production runs one worker per queue (docker-compose.yml).
# CELERY_QUEUE_PREFIX gives a stack queues of its own on a shared Redis (the live tests).
CELERY_QUEUE_PREFIX = env.str("CELERY_QUEUE_PREFIX", default="")
CELERY_QUEUE_NAMES = {name: f"{CELERY_QUEUE_PREFIX}{name}" for name in ("default", "mail", "pdf")}
CELERY_TASK_DEFAULT_QUEUE = CELERY_QUEUE_NAMES["default"]
CELERY_TASK_QUEUES = tuple(Queue(name, Exchange(name), routing_key=name)
                           for name in CELERY_QUEUE_NAMES.values())
CELERY_TASK_ROUTES = {
    "creaconnect.notifications.tasks.task_send_*": {"queue": CELERY_QUEUE_NAMES["mail"]},
    "creaconnect.reports.tasks.task_render_*": {"queue": CELERY_QUEUE_NAMES["pdf"]},
}
# One beat sends jobs at a time: a second one (a scaled or restarted container) waits for the
# Redis lease (creaconnect/beat.py), which the holder renews on every tick.
CELERY_BEAT_SCHEDULER = "creaconnect.beat:SingleBeatScheduler"
CELERY_BEAT_LEASE_KEY = f"{CELERY_QUEUE_PREFIX}creaconnect:beat-lease"
CELERY_BEAT_LEASE_SECONDS = env.float("CELERY_BEAT_LEASE_SECONDS", default=30.0)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "notifications-sweep-outbox": {
        "task": "creaconnect.notifications.tasks.task_sweep_outbox",
        "schedule": env.float("OUTBOX_SWEEP_SECONDS", default=60.0),
    },
    "reports-requeue-stale": {
        "task": "creaconnect.reports.tasks.task_requeue_stale_reports",
        "schedule": 300.0,
    },
    "hackathons-remind-submission-deadline": {
        "task": "hackathons.tasks.task_remind_submission_deadline",
        "schedule": 900.0,
    },
    "hackathons-remind-judges": {
        "task": "hackathons.tasks.task_remind_judges",
        "schedule": 1800.0,
    },
    "programme-draft-reminders": {
        "task": "programme.calls.tasks.task_remind_draft_applications",
        "schedule": 3600.0,
    },
    "programme-review-round-reminders": {
        "task": "programme.calls.tasks.task_remind_review_rounds",
        "schedule": 3600.0,
    },
    "programme-session-reminders": {
        "task": "programme.cohorts.tasks.task_send_session_reminders",
        "schedule": 900.0,
    },
    "programme-office-hours-reminders": {
        "task": "programme.cohorts.tasks.task_send_office_hours_reminders",
        "schedule": 900.0,
    },
    "surveys-run": {
        "task": "surveys.tasks.task_run_surveys",
        "schedule": 3600.0,
    },
    "accounts-apply-retention": {
        "task": "creaconnect.accounts.tasks.task_apply_retention",
        "schedule": env.float("RETENTION_JOB_SECONDS", default=3600.0 * 6),
    },
}
# Makes every beat entry run every N seconds (the live tests use it to have beat send every
# job at once); unset in real use.
CELERY_BEAT_INTERVAL_OVERRIDE_SECONDS = env.float("CELERY_BEAT_INTERVAL_OVERRIDE_SECONDS",
                                                  default=None)
if CELERY_BEAT_INTERVAL_OVERRIDE_SECONDS:
    for _entry in CELERY_BEAT_SCHEDULE.values():
        _entry["schedule"] = CELERY_BEAT_INTERVAL_OVERRIDE_SECONDS

# --- Accounts ----------------------------------------------------------------------------

# --- Privacy: retention periods (days). The retention job and the public /privacy/ page
# both read these, so what the page promises is what the code does.
RETENTION_UNVERIFIED_ACCOUNT_DAYS = env.int("RETENTION_UNVERIFIED_ACCOUNT_DAYS", default=30)
RETENTION_REJECTED_APPLICATION_FILES_DAYS = env.int(
    "RETENTION_REJECTED_APPLICATION_FILES_DAYS", default=365)
RETENTION_DATA_EXPORT_DAYS = env.int("RETENTION_DATA_EXPORT_DAYS", default=7)
RETENTION_NOTIFICATION_BODY_DAYS = env.int("RETENTION_NOTIFICATION_BODY_DAYS", default=180)
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="privacy@creaconnect.test")
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL",
                                      default="accessibility@creaconnect.test")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CreaConnect] "
ACCOUNT_FORMS = {"login": "creaconnect.accounts.forms.LoginForm",
                 "signup": "creaconnect.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "creaconnect.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CreaConnect"
MFA_ADAPTER = "creaconnect.accounts.adapter.MFAAdapter"
# Changing e-mail addresses or the second factor asks for the password again when the last
# authentication is older than this (seconds); a password change asks for the old password.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Pages that hub staff, programme admins and Django admin users reach only with TOTP on
# (creaconnect.accounts.middleware.MFARequiredMiddleware): every hub console under
# /manage/<hub>/, the programme-wide outbox and reports, and Django admin.
CONSOLE_PATH_PREFIXES = ["/manage/", "/outbox/", "/reports/", "/admin/", "/consortium/"]
# Hub staff and admins are signed out after this long without a request (participants never).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)

TERMS_VERSION = "2026-09"
PRIVACY_VERSION = "2026-09"

# --- Internationalisation ----------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("sr-latn", "Srpski (latinica)"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
# One European, unambiguous date style per language (creaconnect/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["creaconnect.formats"]
LANGUAGE_COOKIE_NAME = "cc_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media --------------------------------------------------------------------

# A CDN in front of the collected static files: STATIC_URL=https://cdn.example.org/static/
# (its origin is added to the Content-Security-Policy).
STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
# Uploaded and generated files: two storages that never overlap (creaconnect.core.storage).
# "public" holds only re-encoded images (logos, avatars, showcase), served at MEDIA_URL;
# "default" holds everything else (reports, certificates, exports, applicants' and teams'
# files) and has no URL: permission-checked views send those files.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str(
    "MEDIA_ROOT", default=str(BASE_DIR / ".data" / ("test-media" if TESTING else "media"))
))
PUBLIC_MEDIA_ROOT = Path(env.str("PUBLIC_MEDIA_ROOT", default=str(MEDIA_ROOT / "public")))
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(MEDIA_ROOT / "private")))
# Where public images are linked from when not our own /media/ route: a CDN or the public
# bucket's URL (its origin is added to the Content-Security-Policy's img-src).
MEDIA_PUBLIC_URL = env.str("MEDIA_PUBLIC_URL", default="")
# MEDIA_STORAGE=s3: both storages in S3-compatible object storage (django-storages), for more
# than one machine. The private bucket's objects are private (ACL) and have no URL: views
# stream them after their permission check. Public images go to a public bucket, or to the
# "public/" prefix of the one bucket (private files then under "private/"); the bucket policy
# must make only that bucket or prefix anonymously readable.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
_MEDIA_BACKENDS = {
    "default": {"BACKEND": "creaconnect.core.storage.PrivateMediaStorage"},
    "public": {"BACKEND": "creaconnect.core.storage.PublicMediaStorage"},
}
if MEDIA_STORAGE == "s3":
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None  # None: AWS
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="us-east-1")
    AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="") or None
    AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="") or None
    AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME")
    AWS_PUBLIC_BUCKET_NAME = env.str("AWS_PUBLIC_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME)
    AWS_S3_ADDRESSING_STYLE = env.str("AWS_S3_ADDRESSING_STYLE", default="path")
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    _shared_bucket = AWS_PUBLIC_BUCKET_NAME == AWS_STORAGE_BUCKET_NAME
    _public_location = "public" if _shared_bucket else ""
    if not MEDIA_PUBLIC_URL:
        _endpoint = AWS_S3_ENDPOINT_URL or f"https://s3.{AWS_S3_REGION_NAME}.amazonaws.com"
        MEDIA_PUBLIC_URL = "/".join(
            p for p in (_endpoint.rstrip("/"), AWS_PUBLIC_BUCKET_NAME, _public_location) if p
        ) + "/"
    _MEDIA_BACKENDS = {
        "default": {"BACKEND": "creaconnect.core.storage_s3.S3PrivateStorage", "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME, "location": "private" if _shared_bucket else "",
            "default_acl": "private", "querystring_auth": True, "querystring_expire": 60,
            "file_overwrite": False}},
        "public": {"BACKEND": "creaconnect.core.storage_s3.S3PublicStorage", "OPTIONS": {
            "bucket_name": AWS_PUBLIC_BUCKET_NAME, "location": _public_location,
            "default_acl": env.str("AWS_PUBLIC_DEFAULT_ACL", default="") or None,
            "querystring_auth": False, "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"}}},
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE is 'filesystem' (the default) or 's3'.")
STORAGES = {
    **_MEDIA_BACKENDS,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
AVATAR_MAX_BYTES = 3 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
# Every upload goes through creaconnect.core.uploads.validate_upload: per-kind types and sizes.
UPLOAD_MAX_BYTES = {
    "avatar": AVATAR_MAX_BYTES,
    "showcase_image": env.int("UPLOAD_SHOWCASE_IMAGE_MAX_BYTES", default=6 * 1024 * 1024),
    "evidence": env.int("UPLOAD_EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024),
    "submission": env.int("UPLOAD_SUBMISSION_MAX_BYTES", default=10 * 1024 * 1024),
    "application": env.int("UPLOAD_APPLICATION_MAX_BYTES", default=20 * 1024 * 1024),
}
UPLOAD_EXTENSIONS = {
    "avatar": ("jpg", "jpeg", "png", "webp", "gif"),
    "showcase_image": ("jpg", "jpeg", "png", "webp"),
    "evidence": ("pdf", "png", "jpg", "jpeg", "webp", "odt", "ods", "odp", "docx", "xlsx",
                 "pptx", "txt", "md", "zip"),
    "submission": ("pdf", "zip", "png", "jpg", "jpeg", "webp", "txt", "md"),
    "application": ("pdf",),  # narrowed or widened per question by the call's form builder
}
ZIP_MAX_UNCOMPRESSED_BYTES = env.int("ZIP_MAX_UNCOMPRESSED_BYTES", default=200 * 1024 * 1024)
ZIP_MAX_RATIO = env.int("ZIP_MAX_RATIO", default=100)
ZIP_MAX_ENTRIES = env.int("ZIP_MAX_ENTRIES", default=2000)
# Per-user fixed-window limits (creaconnect.core.ratelimit): "<count>/<n><s|m|h|d>".
USER_RATE_LIMITS = {
    "apply": env.str("RATE_LIMIT_APPLY", default="30/h"),  # start or submit an application
    "upload": env.str("RATE_LIMIT_UPLOAD", default="60/h"),  # any POST carrying a file
    "interest": env.str("RATE_LIMIT_INTEREST", default="10/h"),  # showcase, signed in
    "score": env.str("RATE_LIMIT_SCORE", default="300/h"),  # reviews and judge scores
    "vote": env.str("RATE_LIMIT_VOTE", default="20/h"),  # the community vote (and its confirm)
}
# Longer query strings, and any NUL byte in the path or query, get a 400 page.
MAX_QUERY_STRING_LENGTH = env.int("MAX_QUERY_STRING_LENGTH", default=4096)

# --- E-mail ------------------------------------------------------------------------------

DEV_MAILBOX_DIR = Path(env.str("DEV_MAILBOX_DIR", default=str(BASE_DIR / ".data" / "mail")))
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
elif DEBUG:
    EMAIL_BACKEND = "creaconnect.core.devmail.DevMailboxBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CreaConnect <noreply@creaconnect.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10
# Open-data API requests per client address (the benchmark raises it to measure the pages).
SHOWCASE_API_RATE = env.str("SHOWCASE_API_RATE", default="120/m")
# Proxies in front of the app whose X-Forwarded-For may be trusted for rate limits (0: none).
SHOWCASE_TRUSTED_PROXIES = env.int("SHOWCASE_TRUSTED_PROXIES", default=0)
NOTIFICATION_RETRY_BASE_SECONDS = env.float("NOTIFICATION_RETRY_BASE_SECONDS", default=30.0)
# Longer than the send task's time limit (120 s): a row in "sending" that long lost its worker.
NOTIFICATION_STUCK_AFTER_SECONDS = env.float("NOTIFICATION_STUCK_AFTER_SECONDS", default=600.0)

# --- Security ----------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# --- Logging -----------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
