"""Settings come from the environment or .env; the token never prints."""

from __future__ import annotations

import subprocess

import pytest

from bot.settings import ROOT, Secret, Settings, SettingsError

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345"


@pytest.fixture
def clean_env(monkeypatch):
    for key in ("DISCORD_TOKEN", "DISCORD_GUILD_ID", "DISCORD_SHARD_COUNT", "BOT_DB_PATH"):
        monkeypatch.delenv(key, raising=False)
    return monkeypatch


def test_env_file_fills_gaps(clean_env, tmp_path):
    env = tmp_path / ".env"
    env.write_text(f"DISCORD_TOKEN={TOKEN}\nDISCORD_GUILD_ID=42\nBOT_DB_PATH=var/x.db\n")
    s = Settings.from_env(env)
    assert s.token.reveal() == TOKEN
    assert s.guild_id == 42
    assert s.db_path == ROOT / "var" / "x.db"


def test_environment_wins_over_env_file(clean_env, tmp_path):
    env = tmp_path / ".env"
    env.write_text("DISCORD_GUILD_ID=42\n")
    clean_env.setenv("DISCORD_GUILD_ID", "7")
    assert Settings.from_env(env).guild_id == 7


def test_token_never_shows_in_repr(clean_env, tmp_path):
    clean_env.setenv("DISCORD_TOKEN", TOKEN)
    s = Settings.from_env(tmp_path / "none.env")
    assert TOKEN not in repr(s) and TOKEN not in str(s.token)
    assert repr(Secret("x")) == "Secret('***')"


def test_bad_number_names_the_setting(clean_env, tmp_path):
    clean_env.setenv("DISCORD_GUILD_ID", "abc")
    with pytest.raises(SettingsError, match="DISCORD_GUILD_ID"):
        Settings.from_env(tmp_path / "none.env")


@pytest.mark.parametrize("level", ["verbose", "info2", "5"])
def test_unknown_log_level_is_refused(clean_env, tmp_path, level):
    clean_env.setenv("LOG_LEVEL", level)
    with pytest.raises(SettingsError, match="LOG_LEVEL must be one of DEBUG, INFO"):
        Settings.from_env(tmp_path / "none.env")


def test_log_level_is_case_blind(clean_env, tmp_path):
    clean_env.setenv("LOG_LEVEL", "warning")
    assert Settings.from_env(tmp_path / "none.env").log_level == "WARNING"


def test_env_file_is_ignored_by_git():
    out = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert out.returncode == 0


def test_env_example_lists_every_setting():
    example = (ROOT / ".env.example").read_text()
    source = (ROOT / "bot" / "settings.py").read_text()
    import re

    names = set(re.findall(r'"((?:DISCORD|BOT)_[A-Z_]+|LOG_LEVEL)"', source))
    assert names
    for name in names:
        assert f"{name}=" in example, name


def test_update_settings_are_read_and_checked(clean_env, tmp_path):
    clean_env.setenv("BOT_UPDATE", "off")
    clean_env.setenv("BOT_UPDATE_AT", "7:05")
    clean_env.setenv("BOT_UPDATE_TZ", "Europe/London")
    clean_env.setenv("BOT_UPDATE_SOURCES", "cbp, eoir")
    clean_env.setenv("BOT_SOURCE_URLS", "cbp=http://127.0.0.1:1/page")
    clean_env.setenv("BOT_FETCH_HOSTS", "www.cbp.gov cbp.gov")
    s = Settings.from_env(tmp_path / "none.env")
    assert (s.update, s.update_at, s.update_tz) == (False, "07:05", "Europe/London")
    assert s.update_sources == ("cbp", "eoir") and s.fetch_hosts == ("www.cbp.gov", "cbp.gov")
    assert s.source_urls == {"cbp": "http://127.0.0.1:1/page"}
    for name, bad, said in (("BOT_UPDATE_AT", "25:00", "a time of day"),
                            ("BOT_UPDATE_TZ", "Mars/Olympus", "a time zone"),
                            ("BOT_SOURCE_URLS", "cbp", "SOURCE=URL pairs")):
        clean_env.setenv(name, bad)
        with pytest.raises(SettingsError, match=said):
            Settings.from_env(tmp_path / "none.env")
        clean_env.delenv(name)


@pytest.mark.parametrize(("raw", "mb"), [("1GB", 1024), ("1.5 GB", 1536), ("800MB", 800),
                                         ("800M", 800), ("2GiB", 2048), ("512", 512)])
def test_the_ingest_memory_is_read_as_a_size(clean_env, tmp_path, raw, mb):
    clean_env.setenv("EOIR_INGEST_MEMORY", raw)
    assert Settings.from_env(tmp_path / "none.env").eoir_ingest_memory_mb == mb


@pytest.mark.parametrize(("raw", "said"), [("lots", "a size such as 1GB"),
                                           ("10MB", "at least 64MB")])
def test_an_ingest_memory_that_cannot_be_used_names_the_setting(clean_env, tmp_path, raw, said):
    clean_env.setenv("EOIR_INGEST_MEMORY", raw)
    with pytest.raises(SettingsError, match=f"EOIR_INGEST_MEMORY must be {said}"):
        Settings.from_env(tmp_path / "none.env")
