"""Fixtures for tests that need the application's clock fixed before the database opens."""

from __future__ import annotations

import pytest

from tests.core.factories import BASE
from warroom import clock
from warroom.storage.engine import open_database


@pytest.fixture
def at(set_now):
    """The application's clock, fixed at BASE before the database opens (so it begins then);
    ``at(when)`` moves it."""
    def move(when):
        set_now(clock.iso(when))
    move(BASE)
    return move


@pytest.fixture
def db(db_url, at):
    """A database that begins at BASE (2026-11-20 09:00 UTC)."""
    database = open_database(db_url)
    yield database
    database.dispose()
