"""Configuration from the environment (CONTRACT.md), read in one place."""

import re
from pathlib import Path

import pytest

from models import normalise_url
from workers.settings import config


def test_no_environment_means_the_embedded_defaults(tmp_path):
    settings = config.load({"TABLEMATES_INSTANCE": str(tmp_path)})
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'tablemates.sqlite3'}"
    assert settings["REDIS_URL"] is None
    assert settings["REHEARSAL"] is True
    assert settings["PUBLIC_URL"] is None


def test_the_secret_key_is_generated_once_and_kept(tmp_path):
    first = config.load({"TABLEMATES_INSTANCE": str(tmp_path)})["SECRET_KEY"]
    again = config.load({"TABLEMATES_INSTANCE": str(tmp_path)})["SECRET_KEY"]
    assert first == again and len(first) == 64
    assert (Path(tmp_path) / "secret_key").stat().st_mode & 0o077 == 0
    env = {"TABLEMATES_INSTANCE": str(tmp_path), "SECRET_KEY": "from-env"}
    assert config.load(env)["SECRET_KEY"] == "from-env"


def test_the_environment_wins(tmp_path):
    settings = config.load(
        {
            "TABLEMATES_INSTANCE": str(tmp_path),
            "DATABASE_URL": "postgres://u:p@db/x",
            "REDIS_URL": "redis://cache:6379/0",
            "TWILIO_ACCOUNT_SID": "AC1",
            "TWILIO_AUTH_TOKEN": "t",
            "TWILIO_FROM_NUMBER": "+15550100199",
            "PUBLIC_URL": "https://tables.example.org/",
        }
    )
    assert settings["REHEARSAL"] is False
    assert settings["PUBLIC_URL"] == "https://tables.example.org"
    assert settings["REDIS_URL"] == "redis://cache:6379/0"
    assert normalise_url(str(settings["DATABASE_URL"])) == "postgresql+psycopg://u:p@db/x"


def test_credentials_without_a_token_stay_in_rehearsal(tmp_path):
    settings = config.load({"TABLEMATES_INSTANCE": str(tmp_path), "TWILIO_ACCOUNT_SID": "AC1"})
    assert settings["REHEARSAL"] is True


def test_redis_url_falls_back_to_the_embedded_server_file(tmp_path):
    settings = config.load({"TABLEMATES_INSTANCE": str(tmp_path)})
    assert config.redis_url(settings) is None
    (tmp_path / config.EMBEDDED_REDIS_URL_FILE).write_text("redis://127.0.0.1:7000/0\n")
    assert config.redis_url(settings) == "redis://127.0.0.1:7000/0"


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"SMS_PER_SECOND": "0"}, "SMS_PER_SECOND must be a number above 0"),
        ({"SMS_PER_SECOND": "-5"}, "SMS_PER_SECOND must be a number above 0"),
        ({"TWILIO_HTTP_TIMEOUT": "0"}, "TWILIO_HTTP_TIMEOUT must be a number above 0"),
        ({"OUTBOX_STALE_SECONDS": "15"}, "must be at least twice TWILIO_HTTP_TIMEOUT (10)"),
        ({"OUTBOX_STALE_SECONDS": "nan"}, "OUTBOX_STALE_SECONDS must be a number above 0"),
    ],
)
def test_sending_settings_that_would_break_delivery_are_refused_at_start(tmp_path, env, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        config.load({"TABLEMATES_INSTANCE": str(tmp_path), **env})
