"""The settings load in development and production, and production refuses unsafe values."""

import json

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-real-secret-long-enough-to-count-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "archive.example.org",
}


def test_development_settings_load_with_safe_defaults(run_manage):
    result = run_manage("diffsettings", "--all", DJANGO_ENV="development")
    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout
    assert "LANGUAGE_CODE = 'vi'" in result.stdout


def test_production_refuses_to_start_without_a_real_secret_key(run_manage):
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(run_manage):
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": ""}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_settings_pass_the_deployment_checklist(run_manage):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION_REQUESTS = """
import json
from django.test import Client
client = Client(HTTP_HOST="archive.example.org")
plain = client.get("/tim-kiem/")
secure = client.get("/admin/login/", secure=True)
cookie = secure.cookies["csrftoken"]
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "hsts": secure.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(cookie["secure"]),
    "csrf_cookie_samesite": cookie["samesite"],
}))
"""


def test_production_redirects_to_https_and_sends_hsts_and_secure_cookies(run_manage):
    """Real requests through the production settings (not only the checklist): plain HTTP is
    redirected, HTTPS answers carry HSTS, and the cookies a login form sets are Secure."""
    result = run_manage("shell", "-c", PRODUCTION_REQUESTS, STATIC_MANIFEST="0", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    assert answers["plain_status"] == 301
    assert answers["plain_location"] == "https://archive.example.org/tim-kiem/"
    assert answers["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert answers["csrf_cookie_secure"] is True
    assert answers["csrf_cookie_samesite"] == "Lax"


def test_production_settings_mark_session_cookies_secure(run_manage):
    result = run_manage("diffsettings", "--all", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    for line in (
        "SESSION_COOKIE_SECURE = True",
        "CSRF_COOKIE_SECURE = True",
        "SESSION_COOKIE_HTTPONLY = True",
        "SECURE_SSL_REDIRECT = True",
        "DEBUG = False",
    ):
        assert line in result.stdout
