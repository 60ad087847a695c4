"""The settings load in development and production, and production refuses unsafe values."""

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
