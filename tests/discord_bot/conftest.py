"""Fixtures that run the real bot against the local Discord stand-in."""

from __future__ import annotations

import pytest

from bot.settings import Secret, Settings
from tests.support.bot import TEST_TOKEN, running
from tests.support.discord_standin import GUILD_ID, DiscordStandIn


@pytest.fixture
async def standin(monkeypatch):
    async with DiscordStandIn() as server:
        server.point_client_here(monkeypatch)
        yield server


@pytest.fixture
def settings(loaded, data_dir, tmp_path) -> Settings:
    return Settings(token=Secret(TEST_TOKEN), guild_id=GUILD_ID, db_path=loaded,
                    data_dir=data_dir, chart_dir=tmp_path / "charts",
                    eoir_db_path=tmp_path / "no-release-ingested.db",
                    cbp_db_path=tmp_path / "cbp.db", sources_db_path=tmp_path / "sources.db",
                    downloads_dir=tmp_path / "downloads",
                    # Drawing ahead and the daily update check are tested on their own;
                    # elsewhere they would only add load.
                    render_ahead=False, update=False)


@pytest.fixture
async def bot(standin, settings):
    async with running(settings) as b:
        yield b
