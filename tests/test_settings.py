"""Settings come from environment variables; production settings pass `check --deploy`."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

# Each test runs manage.py in a clean environment of its own: the pass's database plays no part.
pytestmark = pytest.mark.db_independent

BASE_DIR = Path(__file__).resolve().parent.parent
TEST_ONLY_VARIABLES = {
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "HUEY_IMMEDIATE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "DATABASE_URL",
    "EMAIL_HOST",
}


def clean_env(tmp_path: Path, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return (
        env
        | {"QCWEB_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "qcweb.settings"}
        | values
    )


def read_settings(env: dict[str, str]) -> dict:
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'db': s.DATABASES['default']['ENGINE'], 'db_name': str(s.DATABASES['default']['NAME']),"
        "'huey': s.HUEY['huey_class'], 'layer': s.CHANNEL_LAYERS['default']['BACKEND'],"
        "'cache': s.CACHES['default']['BACKEND'], 'email': s.EMAIL_BACKEND,"
        "'mail_dir': str(s.EMAIL_FILE_PATH), 'debug': s.DEBUG, 'secret': s.SECRET_KEY,"
        "'ssl_redirect': s.SECURE_SSL_REDIRECT, 'hosts': s.ALLOWED_HOSTS}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_local_defaults_need_no_configuration(tmp_path):
    values = read_settings(clean_env(tmp_path))

    var = tmp_path / "var"
    assert values["db"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(var / "db.sqlite3")
    assert values["huey"] == "huey.SqliteHuey"
    assert values["layer"] == "qcweb.channel_layer.SQLiteChannelLayer"
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["email"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["mail_dir"] == str(var / "mail")
    assert values["debug"] is False and values["ssl_redirect"] is True
    # The secret key is generated once, then reused.
    assert (var / "secret_key").read_text() == values["secret"]
    assert len(values["secret"]) >= 50
    assert read_settings(clean_env(tmp_path))["secret"] == values["secret"]


def test_redis_postgres_and_smtp_from_the_environment(tmp_path):
    values = read_settings(
        clean_env(
            tmp_path,
            REDIS_URL="redis://127.0.0.1:6379/0",
            DATABASE_URL="postgres://qc:pw@db.example.com:5432/qcweb",
            EMAIL_HOST="smtp.example.com",
            DEBUG="1",
            ALLOWED_HOSTS="qc.example.com, localhost",
        )
    )

    assert values["db"] == "django.db.backends.postgresql"
    assert values["huey"] == "huey.RedisHuey"
    assert values["layer"] == "channels_redis.core.RedisChannelLayer"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["debug"] is True and values["ssl_redirect"] is False
    assert values["hosts"] == ["qc.example.com", "localhost"]


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = clean_env(
        tmp_path,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="qc.example.com",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        SECURE_HSTS_PRELOAD="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_in_debug(tmp_path):
    env = clean_env(tmp_path, DEBUG="1", SECRET_KEY=secrets.token_urlsafe(64))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout  # DEBUG on in deployment
