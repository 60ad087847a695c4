"""The scale-out settings (docs/scaling.md): absent, nothing changes; present, they are checked.

The services themselves are exercised by tests/ops/test_scale_out.py."""

from tests.ops.test_settings import PRODUCTION_ENV

REPLICA_URL = "postgres://postgres@replica.internal:5432/archive"


def test_without_a_replica_there_is_one_database_and_no_router(run_manage):
    result = run_manage("diffsettings", "--all", DATABASE_REPLICA_URL="", CACHE_URL="")
    assert result.returncode == 0, result.stderr
    assert "DATABASE_ROUTERS = []" in result.stdout
    assert "'replica'" not in result.stdout
    assert "db_router" not in result.stdout
    assert "RedisCache" not in result.stdout


def test_a_replica_installs_the_router_first_in_line(run_manage):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DATABASE_ROUTERS, s.MIDDLEWARE[0], s.DATABASES['replica']['HOST'],"
        " s.DATABASES['replica']['TEST']['MIRROR'])",
        DATABASE_REPLICA_URL=REPLICA_URL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "['archive.db_router.ReplicaRouter'] archive.db_router.ReplicaRoutingMiddleware"
        " replica.internal default"
    )


def test_a_cache_url_that_is_not_redis_is_refused_with_a_clear_error(run_manage):
    result = run_manage("check", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL must be a Redis URL" in result.stderr


def test_production_with_a_replica_and_redis_passes_the_deployment_checklist(run_manage):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION_ENV,
        DATABASE_REPLICA_URL=REPLICA_URL,
        CACHE_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
