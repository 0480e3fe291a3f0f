"""Reading the clock settings (the triage issue adds A-to-z and appeal clocks here)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from warroom.services.settings import read_setting


def response_window(session: Any) -> timedelta:
    return timedelta(hours=int(read_setting(session, "response_window_hours")))
