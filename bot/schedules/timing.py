"""Schedule arithmetic: local times in IANA timezones, daily or weekly, across DST changes.

A schedule says "09:00 in America/New_York every Monday". Occurrences are
computed on local calendar dates and then converted to UTC with zoneinfo:

- a local time that does not exist (the spring-forward gap) posts at the same
  instant as the time before the gap plus the gap, e.g. 02:30 becomes 03:30;
- a local time that happens twice (fall back) posts once, at the first.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.answers.errors import UserError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_FORMS = "Times look like 09:00, 9:30, 17:45, 9am or 5:45pm (24-hour or am/pm)."
ZONE_FORMS = ("Use an IANA timezone name such as America/New_York, America/Chicago, "
              "America/Los_Angeles, Europe/London or UTC.")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Timing:
    """When a schedule posts: local time, timezone, and every day or one weekday."""

    at: time
    zone: str
    weekday: int | None = None  # 0 = Monday; None = every day

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def describe(self) -> str:
        """'every Monday at 09:00 America/New_York'."""
        days = "every day" if self.weekday is None else f"every {WEEKDAYS[self.weekday].title()}"
        return f"{days} at {self.at:%H:%M} {self.zone}"

    def instant(self, day: date) -> datetime:
        """The UTC instant of this local time on a local calendar day."""
        local = datetime.combine(day, self.at).replace(tzinfo=self.tz)  # fold=0: first of two
        return local.astimezone(timezone.utc)

    def next_after(self, moment: datetime) -> datetime:
        """The first occurrence strictly after `moment` (an aware datetime), in UTC."""
        day = moment.astimezone(self.tz).date() - timedelta(days=1)
        while True:
            if self.weekday is None or day.weekday() == self.weekday:
                candidate = self.instant(day)
                if candidate > moment:
                    return candidate
            day += timedelta(days=1)

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Every occurrence in (start, end], in UTC, oldest first."""
        out = []
        moment = start
        while (nxt := self.next_after(moment)) <= end:
            out.append(nxt)
            moment = nxt
        return out


def parse_time(text: str) -> time:
    """'09:00', '9:30', '17:45', '9am', '5:45 pm' -> time; UserError otherwise."""
    m = _TIME.match(text.strip())
    if not m:
        raise UserError(f"{text[:40]!r} is not a time. {TIME_FORMS}")
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise UserError(f"{text[:40]!r} is not a time. {TIME_FORMS}")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UserError(f"{text[:40]!r} is not a time of day. {TIME_FORMS}")
    return time(hour, minute)


@functools.cache
def zone_names() -> dict[str, str]:
    """Every IANA timezone name, by its lower-case form (read from disk once)."""
    return {z.lower(): z for z in available_timezones()}


def parse_zone(text: str) -> str:
    """A valid IANA timezone name (case as the database spells it); UserError otherwise."""
    name = text.strip()
    canonical = zone_names().get(name.lower())
    if canonical is None:
        raise UserError(f"{name[:60]!r} is not a timezone I know. {ZONE_FORMS}")
    try:
        ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"{name[:60]!r} is not a timezone I know. {ZONE_FORMS}") from None
    return canonical


def parse_weekday(text: str | None) -> int | None:
    """'monday' or 'Mon' -> 0; None or '' -> None."""
    if not text:
        return None
    key = text.strip().lower()
    for i, name in enumerate(WEEKDAYS):
        if name.startswith(key[:3]) and len(key) >= 3:
            return i
    raise UserError(f"{text[:20]!r} is not a weekday; use Monday to Sunday.")
