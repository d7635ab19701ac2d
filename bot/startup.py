"""What every front end does first: bring the store up to date with data/, safely."""

from __future__ import annotations

import gc
import logging

from bot.answers.service import Answers
from bot.charts.store import ChartStore
from bot.encounters.store import EncounterStore
from bot.eoir.cases import CaseStore
from bot.settings import Settings
from bot.sources.records import Records
from bot.store.errors import DataFileError, StoreError
from bot.store.loader import LoadResult, load
from bot.store.reader import Reader

log = logging.getLogger(__name__)


def refresh(settings: Settings) -> LoadResult | None:
    """Load data/ if it changed. A bad file is reported and the data in service is kept."""
    try:
        return load(settings.data_dir, settings.db_path)
    except (DataFileError, StoreError) as exc:
        if not Reader(settings.db_path).has_data():
            raise  # nothing to fall back on: the caller says what is wrong
        log.warning("data not reloaded, still answering from the version in service: %s", exc)
        return None


def answers(settings: Settings, renderer=None) -> Answers:
    """The answer service; charts drawn by `renderer` (default: in the calling thread)."""
    extra = {"renderer": renderer} if renderer is not None else {}
    store = ChartStore(settings.charts_on_disk, settings.chart_store_mb * 1024 * 1024) \
        if settings.chart_store_mb else None
    return Answers(Reader(settings.db_path), settings.default_dataset, settings.chart_cache_size,
                   cases=CaseStore(settings.eoir_db_path), store=store,
                   encounters=EncounterStore(settings.cbp_db_path),
                   releases=Records(settings.sources_db_path), **extra)


def settle_memory() -> None:
    """Before serving: move everything loaded so far out of the garbage collector's way.

    A long-running bot keeps its modules, fonts and data for its whole life;
    frozen, they are no longer scanned by every full collection, which
    measurably shortens the pauses that otherwise show up as slow charts.
    """
    gc.collect()
    gc.freeze()
