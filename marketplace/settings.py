"""Settings for OCOP Marketplace, read from the environment.

Defaults run on a bare machine: SQLite, inline Celery tasks, the database search backend.
Set DATABASE_URL, CELERY_BROKER_URL (or REDIS_URL) and ELASTICSEARCH_URL to use real services.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from marketplace.core.brokers import result_backend_for
from marketplace.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "graphene_django",
    "csp",
    "marketplace.core",
    "marketplace.accounts",
    "marketplace.geography",
    "marketplace.graphql",
    "marketplace.outbox",
    "vendors",
    "catalog",
    "inventory",
    "promotions",
    "orders",
    "reviews",
    "notifications",
    "search",
    "integrations",
    "demo",
    "frontend_templates",
]

MIDDLEWARE = [
    "marketplace.core.request_context.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside django-csp's: its 304s drop the policy header, whose nonce the stored page uses.
    "frontend_templates.http_cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "marketplace.core.middleware.PageLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.core.middleware.SqlQueryCountHeaderMiddleware",
]
if not DEBUG:
    # Static files straight from the web process (after collectstatic), compressed and cached
    # forever by their hashed names; under DEBUG, runserver serves them from the apps.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")
# Benchmarks turn this on to read each response's SQL query count from a header.
SQL_QUERY_COUNT_HEADER = env_bool("SQL_QUERY_COUNT_HEADER", False)

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
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
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: a SQLite file unless DATABASE_URL says otherwise (postgres://... in production and CI).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# Read-only storefront requests may read from a PostgreSQL replica; writes, locked reads and
# transactions always use the primary (marketplace/db_router.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["marketplace.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared Redis when CACHE_URL (or REDIS_URL) is set, so that counters such as failed
# logins hold across web processes; per-process memory otherwise.
CACHE_URL = env_str("CACHE_URL") or env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(MEDIA_ROOT.parent / "media-private")))
# The web process serves MEDIA_ROOT at MEDIA_URL (a missing file is a logged 404); in production
# the web server in front usually does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    # Documents and certificate scans: no URL, served by permission-checked views only.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}

# Uploads: documents and certificate scans (PDF, JPEG, PNG) and product images.
MAX_DOCUMENT_UPLOAD_BYTES = env_int("MAX_DOCUMENT_UPLOAD_BYTES", 10 * 1024 * 1024)
MAX_IMAGE_UPLOAD_BYTES = env_int("MAX_IMAGE_UPLOAD_BYTES", 10 * 1024 * 1024)

# Product reviews: words that hold a review for staff (comma-separated, matched without
# diacritics: "lua dao" catches "lừa đảo"), and how many shoppers' reports send a published
# review back to staff.
REVIEW_BANNED_WORDS = env_list("REVIEW_BANNED_WORDS", [])
REVIEW_REPORTS_TO_PENDING = env_int("REVIEW_REPORTS_TO_PENDING", 3)
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# GraphQL API at /graphql/.
GRAPHENE = {
    "SCHEMA": "marketplace.graphql.schema.schema",
    "RELAY_CONNECTION_MAX_LIMIT": 100,
    "ATOMIC_MUTATIONS": False,  # services own their transactions
    # graphene-django adds its SQL-recording debug middleware under DEBUG; it costs a third of
    # a catalogue request and nothing here reads it.
    "MIDDLEWARE": [],
}
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 12)
# The standard introspection query (GraphiQL, codegen) costs about 54,000 with the apps,
# webhook and review types, and grows with the schema; 500 aliases of a page of products cost
# far more than this.
GRAPHQL_MAX_COST = env_int("GRAPHQL_MAX_COST", 100_000)
# What a document may be before it is parsed (characters, lexical tokens) and how long any one
# string in it or in its variables may be.
GRAPHQL_MAX_QUERY_LENGTH = env_int("GRAPHQL_MAX_QUERY_LENGTH", 100_000)
GRAPHQL_MAX_TOKENS = env_int("GRAPHQL_MAX_TOKENS", 10_000)
GRAPHQL_MAX_STRING_LENGTH = env_int("GRAPHQL_MAX_STRING_LENGTH", 100_000)
# Automatic persisted queries (marketplace/graphql/persisted.py): where registered queries live
# ("auto": the cache when it is Redis, shared by every web process; else the database; or
# "cache" / "database"), and the longest query text a client may register.
GRAPHQL_PERSISTED_QUERY_STORE = env_str("GRAPHQL_PERSISTED_QUERY_STORE", "auto")
GRAPHQL_PERSISTED_QUERY_MAX_LENGTH = env_int("GRAPHQL_PERSISTED_QUERY_MAX_LENGTH", 20_000)

# Tokens for people (JWT); the refresh token lives longer than the access token.
JWT_SECRET = env_str("JWT_SECRET") or SECRET_KEY
JWT_ISSUER = env_str("JWT_ISSUER", "ocop-marketplace")
JWT_ACCESS_TOKEN_LIFETIME = timedelta(minutes=env_int("JWT_ACCESS_TOKEN_MINUTES", 30))
JWT_REFRESH_TOKEN_LIFETIME = timedelta(days=env_int("JWT_REFRESH_TOKEN_DAYS", 30))
# Failed logins per email and per IP address before tokenCreate is refused for a while.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60)

# The public OCOP certificate lookup (/tra-cuu/, ocopCertificateLookup): lookups per client
# address per window before it answers 429 / THROTTLED.
OCOP_LOOKUP_RATE_LIMIT = env_int("OCOP_LOOKUP_RATE_LIMIT", 30)
OCOP_LOOKUP_RATE_WINDOW_SECONDS = env_int("OCOP_LOOKUP_RATE_WINDOW_SECONDS", 60)

# How long the storefront's browsing without search words (facet counts, a page of results) and
# the home page's product rows are kept in the cache; 0: never. A product published meanwhile
# may show that much later there (the search index's writes start afresh at once).
STOREFRONT_BROWSE_CACHE_SECONDS = env_int("STOREFRONT_BROWSE_CACHE_SECONDS", 60)

# How long the programme statistics (/thong-ke/, ocopStatistics) are kept in the cache; 0: never.
OCOP_STATISTICS_CACHE_SECONDS = env_int("OCOP_STATISTICS_CACHE_SECONDS", 300)

# The TrueType font of the printable QR labels (DejaVu Sans has every Vietnamese letter):
# Debian's fonts-dejavu-core puts it here.
LABEL_FONT_DIR = env_str("LABEL_FONT_DIR", "/usr/share/fonts/truetype/dejavu")

# The national OCOP portal, which the weekly cross-check compares verified certificates with:
# "http" (its public API) or "recorded" (answers shipped in vendors/national_registry/recorded,
# the default under DEBUG so that the demo works offline).
NATIONAL_OCOP_REGISTRY = env_str("NATIONAL_OCOP_REGISTRY", "recorded" if DEBUG else "http")
if NATIONAL_OCOP_REGISTRY not in {"http", "recorded"}:
    raise ImproperlyConfigured("NATIONAL_OCOP_REGISTRY must be 'http' or 'recorded'.")
NATIONAL_OCOP_API_URL = env_str(
    "NATIONAL_OCOP_API_URL", "https://api.ocopvietnam.gov.vn/v1/public/"
)

# Credentials kept for other systems (POS, carriers, webhooks) are encrypted at rest with these
# Fernet keys (comma-separated; the first encrypts, all decrypt). Required when DEBUG is off.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
# Carriers' API gateways (their staging ones while testing an account); empty: production.
CARRIER_BASE_URLS = {"ghn": env_str("GHN_BASE_URL", ""), "ghtk": env_str("GHTK_BASE_URL", "")}

# Marketplace rules.
PLATFORM_COMMISSION_RATE = Decimal(env_str("PLATFORM_COMMISSION_RATE", "10.00"))  # percent

# Celery: Redis or RabbitMQ (amqp://) when configured; otherwise tasks run inline in the caller.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or env_str("REDIS_URL")
# Results: CELERY_RESULT_BACKEND, else the broker's Redis, else none (RabbitMQ: no task keeps
# a result anyone reads; marketplace/core/brokers.py says why not rpc://).
CELERY_RESULT_BACKEND = result_backend_for(
    broker_url=CELERY_BROKER_URL, explicit=env_str("CELERY_RESULT_BACKEND")
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Several deployments (or test runs) can share one broker, each with its own queue.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# A task is acknowledged once it has run, and given back if its worker process dies midway,
# so a lost worker never loses work; every task is idempotent to make the rerun harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # with late acks, a worker holds one task at a time
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# The outbox (marketplace/outbox/__init__.py): durable background work, retried until done.
OUTBOX_SWEEP_SECONDS = env_int("OUTBOX_SWEEP_SECONDS", 30)
# Handed to the broker this long ago and not done: handed over again (Redis may have lost it).
OUTBOX_VISIBILITY_TIMEOUT_SECONDS = env_int("OUTBOX_VISIBILITY_TIMEOUT_SECONDS", 300)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 30)  # then doubling
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 3600)
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 14)  # done messages, then deleted

# Webhooks (integrations/webhooks): signed POSTs to apps, delivered through the outbox.
# Plain http and private/loopback targets only for local receivers (DEBUG), never in production.
WEBHOOKS_ALLOW_HTTP = env_bool("WEBHOOKS_ALLOW_HTTP", DEBUG)
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", DEBUG)
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 10)
WEBHOOKS_RETRY_BASE_SECONDS = env_int("WEBHOOKS_RETRY_BASE_SECONDS", 10)  # doubling, jittered
WEBHOOKS_RETRY_MAX_SECONDS = env_int("WEBHOOKS_RETRY_MAX_SECONDS", 3600)
WEBHOOKS_RETRY_WINDOW_HOURS = env_int("WEBHOOKS_RETRY_WINDOW_HOURS", 24)
WEBHOOKS_BREAKER_THRESHOLD = env_int("WEBHOOKS_BREAKER_THRESHOLD", 10)  # failures in a row
WEBHOOKS_BREAKER_COOLDOWN_SECONDS = env_int("WEBHOOKS_BREAKER_COOLDOWN_SECONDS", 300)

# Periodic work, run by `celery -A marketplace beat` next to the workers.
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {
        "task": "marketplace.outbox.tasks.sweep",
        "schedule": float(OUTBOX_SWEEP_SECONDS),
    },
    "outbox-purge-done": {
        "task": "marketplace.outbox.tasks.purge_done",
        "schedule": crontab(hour=4, minute=0),
    },
    "search-index-requested-products": {
        "task": "search.tasks.index_requested_products",
        "schedule": 20.0,  # a backstop: every mark asks the outbox for a refresh at once
    },
    "orders-expire-unpaid": {
        "task": "orders.payments.tasks.expire_unpaid_orders",
        "schedule": 60.0,
    },
    "certificates-reindex-expired": {
        "task": "search.tasks.reindex_products_with_expired_certificates",
        "schedule": crontab(hour=0, minute=5),  # just after midnight, Vietnam time
    },
    "certificates-remind-expiring": {
        "task": "vendors.tasks.remind_certificates_expiring",
        "schedule": crontab(hour=8, minute=0),
    },
    "certificates-national-cross-check": {
        "task": "vendors.tasks.cross_check_national_registry",
        "schedule": crontab(day_of_week="mon", hour=2, minute=30),  # weekly, at night
    },
    "checkouts-delete-expired": {
        "task": "orders.tasks.delete_expired_checkouts",
        "schedule": crontab(hour=3, minute=0),
    },
    "pos-pull-every-connection": {
        "task": "inventory.tasks.pull_all_pos_connections",
        "schedule": 600.0,  # every 10 minutes; webhooks bring changes in between
    },
    "statistics-warm-default-views": {
        "task": "inventory.tasks.warm_programme_statistics",
        "schedule": 240.0,  # within OCOP_STATISTICS_CACHE_SECONDS, so the page's stay cached
    },
    "reviews-refresh-sold-counts": {
        "task": "reviews.tasks.refresh_sold_counts",
        "schedule": crontab(hour=2, minute=0),  # daily, at night
    },
    "statements-monthly": {
        "task": "orders.tasks.send_monthly_statements",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
}
CELERY_IMPORTS = ["orders.tasks"]

# Search: "database" (default) or "elasticsearch".
SEARCH_BACKEND = env_str("SEARCH_BACKEND", "database")
if SEARCH_BACKEND not in {"database", "elasticsearch"}:
    raise ImproperlyConfigured("SEARCH_BACKEND must be 'database' or 'elasticsearch'.")
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "ocop")

# Payments. Empty values disable a gateway.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env_str("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
VNPAY_TMN_CODE = env_str("VNPAY_TMN_CODE")
VNPAY_HASH_SECRET = env_str("VNPAY_HASH_SECRET")
VNPAY_PAYMENT_URL = env_str(
    "VNPAY_PAYMENT_URL", "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
)
# Where VNPay sends the shopper back; empty: SITE_URL + /payments/vnpay/return/.
VNPAY_RETURN_URL = env_str("VNPAY_RETURN_URL")
# The site's public address, for links that leave it (gateway return pages, emails).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Unpaid VNPay/Stripe orders expire (releasing their stock) this long after checkout.
ORDER_PAYMENT_TIMEOUT_MINUTES = env_int("ORDER_PAYMENT_TIMEOUT_MINUTES", 30)
# A checkout (a basket not yet ordered) expires, and is deleted, this long after it is opened.
CHECKOUT_LIFETIME_DAYS = env_int("CHECKOUT_LIFETIME_DAYS", 30)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OCOP Marketplace <no-reply@ocop.local>")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None  # for the file-based backend
# The shopper's text messages (SMS or Zalo ZNS): a dotted path to a backend class (see
# notifications/sms.py for the shape a provider implements); the default only logs.
NOTIFICATION_SMS_BACKEND = env_str("NOTIFICATION_SMS_BACKEND", "notifications.sms.LogBackend")

# Logs: JSON lines with the request ID (LOG_FORMAT=json, the production default), or plain text.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "marketplace.core.request_context.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT if LOG_FORMAT in ("json", "text") else "json",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # fpdf2's font subsetting logs every glyph table at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}

# Content-Security-Policy (django-csp 4): scripts and styles only from our own static files, no
# inline script or style and no eval; a page that must hand data to a script uses json_script and
# a static file reading it, or {{ CSP_NONCE }} on the tag. The CSP_REPORT_URI variable sends
# violations to a collector (not a setting of that name: django-csp 4 takes CSP_* settings for
# its old format). Forms may post to VNPay's payment page, where checkout redirects.
_csp_report_uri = env_str("CSP_REPORT_URI")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF, "/".join(VNPAY_PAYMENT_URL.split("/")[:3])],
        **({"report-uri": _csp_report_uri} if _csp_report_uri else {}),
    }
}

# Production (DEBUG off): HTTPS only, secure cookies, HSTS. Behind a TLS-terminating load
# balancer, it must send X-Forwarded-Proto.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
