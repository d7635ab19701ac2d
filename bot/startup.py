"""What every front end does first: bring the store up to date with data/, safely."""

from __future__ import annotations

import logging

from bot.answers.service import Answers
from bot.settings import Settings
from bot.store.errors import DataFileError, StoreError
from bot.store.loader import LoadResult, load
from bot.store.reader import Store

log = logging.getLogger(__name__)


def refresh(settings: Settings) -> LoadResult | None:
    """Load data/ if it changed. A bad file is reported and the data in service is kept."""
    try:
        return load(settings.data_dir, settings.db_path)
    except DataFileError as exc:
        if Store(settings.db_path).has_data():
            log.warning("data not reloaded, still answering from the version in service: %s", exc)
            return None
        raise
    except StoreError as exc:
        if Store(settings.db_path).has_data():
            log.warning("%s; answering from the version in service", exc)
            return None
        raise


def answers(settings: Settings) -> Answers:
    return Answers(Store(settings.db_path), settings.default_dataset, settings.chart_cache_size)
