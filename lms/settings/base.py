"""Settings shared by every environment. Environment-specific files only override."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # Before any admin: it patches the models registered in each app's translation.py.
    "modeltranslation",
    "content",
    "courses",
    "enrollments",
    "certificates",
    "lms.demo",
    "lms.reports",
    "lms.operations",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_ratelimit",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "lms.operations.logs.RequestIdMiddleware",  # first: every log line of the request carries its id
    # Before every other: a page replayed from the cache carries the headers they gave it, with a fresh CSP nonce.
    "lms.operations.page_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lms.content_security_policy.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside the session: a page for someone logged in is sent Cache-Control: private, no-store.
    "lms.operations.private_pages.PrivatePagesMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "content.routing.RememberedSiteMiddleware",  # after the page cache: only for pages rendered afresh
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite for a zero-config local run; DATABASE_URL (PostgreSQL) wherever it is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Languages: Ukrainian first, English second -------------------------------------------
LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
# Ours first; then the words we give django-allauth's and Django's own msgids where their catalogues read badly
# (kept by hand: `make messages` extracts only our source). Both come before every app's catalogue.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third_party"]
USE_I18N = True
# Our own DATE_FORMAT per language (lms/formats): one way to write a date, "27 листопада 2026", "27 November 2026".
FORMAT_MODULE_PATH = ["lms.formats"]
USE_TZ = True
TIME_ZONE = "Europe/Kyiv"
# Every time an editor types (session days, quiz windows, call deadlines) is Kyiv time, whatever their computer
# says: the admin offers no other zone, so "23:59" on a call's deadline means 23:59 in Kyiv.
WAGTAIL_USER_TIME_ZONES = ["Europe/Kyiv"]

# Words kept on ordinary rows (a session's title, venue and day topics; a call's communities; the organisation's
# name) are stored once per language (modeltranslation: title_uk, title_en); an English page shows the Ukrainian
# words only where the English ones are empty, marked lang="uk" (content/bilingual.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "uk"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("uk",)}

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = False

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Applicants' uploads: outside MEDIA_ROOT, served only through views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))

# The key of the participant export's pseudonyms (lms/reports/exports.py). Set it once in production and keep it:
# the same person keeps the same pseudonym across exports only while it stays the same. Unset, a key derived from
# SECRET_KEY is used (fine for development; rotating SECRET_KEY would then change every pseudonym).
REPORTS_PSEUDONYM_KEY = os.environ.get("REPORTS_PSEUDONYM_KEY", "")
# Participant exports hold pseudonymised personal data: `prune_report_exports` (daily) deletes them after
# this many days.
REPORTS_EXPORT_DAYS = int(os.environ.get("REPORTS_EXPORT_DAYS", "7"))
# --- Privacy: the notice (content/privacy.py, /<lang>/privacy/) and the retention it promises ---------------------
# Who is responsible for the personal data here and how to reach them. Empty: the site settings' organisation name
# and contact email (Settings → Site settings), so a small site sets nothing twice.
PRIVACY_CONTROLLER = {
    "name": os.environ.get("PRIVACY_CONTROLLER_NAME", ""),
    "email": os.environ.get("PRIVACY_CONTROLLER_EMAIL", ""),
    "address": os.environ.get("PRIVACY_CONTROLLER_ADDRESS", ""),
}
# Why personal data is processed; the notice explains each purpose in the reader's language (content/privacy.py).
PRIVACY_PURPOSES = ["learning", "trainings", "certificates", "calls", "reporting", "security"]
# How many months each kind of record is kept once it is no longer needed, enforced nightly by `apply_retention`
# (enrollments/privacy/retention.py says when each period starts) and stated on the privacy notice from this one
# dict. reporting_details: sex, age band, displacement status and disability, after the person's last training
# ended (after their consent if they never trained); rejected_applications: applications not accepted, withdrawn,
# or drafts never sent, after the call's decision or deadline; access_log: who viewed or exported whose records.
# Production reads each from PRIVACY_RETENTION_<KEY>_MONTHS.
PRIVACY_RETENTION_MONTHS = {"reporting_details": 12, "rejected_applications": 6, "access_log": 24}

# "private": applicants' files and participant exports, never served as media, only through permission-checked
# views. Production may put "default" and "private" on S3-compatible object storage (lms/settings/production.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "content.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Cache: local memory unless a shared Redis is configured ---------------------------------
# "renditions": Wagtail keeps which image renditions exist there (one look-up less per image on every page).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "lms.operations.redis_cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]},
        "renditions": {"BACKEND": "lms.operations.redis_cache.RedisCache", "LOCATION": os.environ["REDIS_URL"],
                       "KEY_PREFIX": "renditions", "TIMEOUT": 60 * 60 * 24},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"},
    }
# Sessions read from the cache, written through to the database: a restart of Redis logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))  # lms/operations/page_cache.py; 0: off
# The release being served (a commit id, the same on every app server): keys what the shared cache keeps rendered;
# unset, each process digests its code on disk (lms/operations/release.py).
RELEASE = os.environ.get("RELEASE", "").strip()
# The access log (enrollments/privacy/access.py) writes a view again by the same person of the same page with the
# same people only after this many seconds: a roster reloaded all day is not thousands of rows.
ACCESS_LOG_REPEAT_SECONDS = int(os.environ.get("ACCESS_LOG_REPEAT_SECONDS", "600"))

# Public endpoints other than allauth's (which has its own limits) use django-ratelimit.
RATELIMIT_VIEW = "content.views.rate_limited"
# Both count the client allauth finds (lms/client_address.py): REMOTE_ADDR here; behind a proxy, production sets
# ALLAUTH_TRUSTED_PROXY_COUNT or ALLAUTH_TRUSTED_CLIENT_IP_HEADER from the environment.
RATELIMIT_IP_META_KEY = "lms.client_address.client_ip"
ALLAUTH_TRUSTED_PROXY_COUNT = 0
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None
# One local process shares its local-memory cache with itself; production requires Redis (see production.py).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
SEARCH_RATE_LIMIT = "30/m"
VERIFY_RATE_LIMIT = "30/m"  # per IP, the form and the code pages together (a typed code costs two: form + redirect)
# Per person, "Download my data" (page, JSON and ZIP together): each one reads all their records, the ZIP their files.
PERSONAL_DATA_RATE_LIMIT = "20/h"

# --- Content-Security-Policy (django-csp; the admin's policy is chosen in lms/content_security_policy.py) -----
# Scripts come only from our origin (static/js/) or carry the request's nonce ({{ request.csp_nonce }}): no inline
# scripts, no on*= attributes. Styles may be inline: result bars set their width in a style attribute and responsive
# embeds their height. Video embeds come from YouTube and Vimeo (content/blocks.py).
VIDEO_FRAME_SOURCES = ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "frame-src": VIDEO_FRAME_SOURCES,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# The Wagtail admin writes inline scripts and styles, shows embeds' thumbnails and previews pages in a frame of its
# own: looser, but still no plugins, no foreign <base> or form targets, and no framing by other sites.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https://i.ytimg.com", "https://i.vimeocdn.com"],
        "font-src": [SELF, "data:"],
        "frame-src": [SELF, *VIDEO_FRAME_SOURCES],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# --- Background tasks (Django's Tasks API through the django-tasks backport) -----------------
# Queues: "emails" (never behind anything else), "bulk" (certificate runs, exports) and "default" (Wagtail's search
# and reference indexing, small jobs). Production runs them in `db_worker` processes (docs/deployment.md).
TASK_QUEUES = ["default", "emails", "bulk"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}

# --- Accounts (django-allauth) --------------------------------------------------------------
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_learning"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_ADAPTER = "enrollments.accounts.AccountAdapter"
ACCOUNT_FORMS = {"signup": "enrollments.accounts.SignupForm"}  # the password rules as sentences, valid HTML
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Hromada LMS] "
# A training room logs in from one address (the venue's Wi-Fi): forty people in a minute must all get in, so the cap
# on log-in requests per address is high; guessing is what is held back, per account and per address, by
# login_failed (a successful log-in does not count against it).
ACCOUNT_RATE_LIMITS = {
    "login": "100/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hromada LMS"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hromada LMS <noreply@localhost>")

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Hromada LMS"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin signs in through allauth, so its log-in is rate limited and supports TOTP too.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Documents go through Wagtail's own view, which checks collection privacy and reads through the storage (also S3).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars are not fetched from Gravatar: no staff addresses (hashed) sent abroad, no foreign images in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False  # passwords are managed through allauth
WAGTAIL_PASSWORD_RESET_ENABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
