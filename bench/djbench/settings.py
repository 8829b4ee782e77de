"""Django settings of the benchmark site (production-like: no debug, cached templates)."""

import os
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent
SECRET_KEY = os.environ.get("DJBENCH_SECRET_KEY", "djbench-secret-key-for-benchmarks-only-0123")
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "Europe/Berlin"
LANGUAGE_CODE = "de"
USE_I18N = True
LOCALE_PATHS = [os.environ.get("DJBENCH_LOCALE_PATH", str(SITE_DIR / "locale"))]

SHARED_APPS = ["django_tenants", "djbench.agencies", "django.contrib.contenttypes"]
TENANT_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]
TENANT_MODEL = "agencies.Agency"
TENANT_DOMAIN_MODEL = "agencies.Domain"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
DATABASES = {
    "default": {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": os.environ.get("DJBENCH_DATABASE", "djbench"),
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": "5432",
        "CONN_MAX_AGE": None,  # persistent connections, like Gorilla's pool
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

SESSION_ENGINE = {
    "db": "django.contrib.sessions.backends.db",
    "signed_cookies": "django.contrib.sessions.backends.signed_cookies",
}[os.environ.get("DJBENCH_SESSIONS", "db")]
MIDDLEWARE = [
    "django_tenants.middleware.main.TenantMainMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "djbench.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
            ],
        },
    }
]
LOGIN_URL = "/admin/login"
