"""Schedule arithmetic: daily and weekly, several timezones, both daylight-saving changes."""

from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from bot.answers.errors import UserError
from bot.schedules.timing import Timing, parse_time, parse_weekday, parse_zone


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_daily_new_york_winter_and_summer():
    t = Timing(time(9, 0), "America/New_York")
    assert t.next_after(utc(2026, 1, 15, 12, 0)) == utc(2026, 1, 15, 14, 0)  # EST, UTC-5
    assert t.next_after(utc(2026, 7, 15, 12, 0)) == utc(2026, 7, 15, 13, 0)  # EDT, UTC-4
    assert t.next_after(utc(2026, 7, 15, 13, 0)) == utc(2026, 7, 16, 13, 0)  # strictly after


def test_spring_forward_keeps_local_time():
    t = Timing(time(9, 0), "America/New_York")
    # 2026-03-08: clocks go from 02:00 EST to 03:00 EDT.
    assert t.between(utc(2026, 3, 6, 20), utc(2026, 3, 9, 20)) == [
        utc(2026, 3, 7, 14, 0), utc(2026, 3, 8, 13, 0), utc(2026, 3, 9, 13, 0)]


def test_time_inside_the_spring_gap_posts_after_it():
    t = Timing(time(2, 30), "America/New_York")
    due = t.next_after(utc(2026, 3, 8, 0))
    assert due == utc(2026, 3, 8, 7, 30)  # 02:30 EST, i.e. 03:30 EDT: once, not skipped
    assert due.astimezone(t.tz).strftime("%H:%M %Z") == "03:30 EDT"


def test_fall_back_posts_once_at_the_first_occurrence():
    t = Timing(time(1, 30), "America/New_York")
    # 2026-11-01: 01:00-02:00 happens twice (EDT, then EST).
    due = t.between(utc(2026, 10, 31, 12), utc(2026, 11, 2, 12))
    assert due == [utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)]


def test_weekly_monday_nine_new_york():
    t = Timing(time(9, 0), "America/New_York", weekday=0)
    saturday = utc(2026, 11, 28, 12)
    assert t.next_after(saturday) == utc(2026, 11, 30, 14, 0)
    assert t.between(saturday, utc(2026, 12, 15)) == [utc(2026, 11, 30, 14), utc(2026, 12, 7, 14),
                                                      utc(2026, 12, 14, 14)]
    assert t.describe() == "every Monday at 09:00 America/New_York"


def test_weekly_across_the_european_change():
    t = Timing(time(9, 0), "Europe/London", weekday=6)  # Sundays; BST ends 2026-10-25
    assert t.between(utc(2026, 10, 17), utc(2026, 11, 2)) == [utc(2026, 10, 18, 8),
                                                             utc(2026, 10, 25, 9),
                                                             utc(2026, 11, 1, 9)]


@pytest.mark.parametrize(
    ("zone", "expected"),
    [("UTC", utc(2026, 6, 1, 9)), ("Asia/Kolkata", utc(2026, 6, 1, 3, 30)),
     ("Australia/Sydney", utc(2026, 5, 31, 23)), ("America/Phoenix", utc(2026, 5, 31, 16))],
)
def test_several_timezones(zone, expected):
    # 12:00 UTC on 31 May is 17:30 in Kolkata, 22:00 in Sydney and 05:00 in Phoenix.
    assert Timing(time(9, 0), zone).next_after(utc(2026, 5, 31, 12)) == expected


def test_southern_hemisphere_dst():
    t = Timing(time(9, 0), "Australia/Sydney")  # AEDT (UTC+11) ends 2026-04-05 03:00
    assert t.between(utc(2026, 4, 3, 12), utc(2026, 4, 6, 12)) == [
        utc(2026, 4, 3, 22), utc(2026, 4, 4, 23), utc(2026, 4, 5, 23)]


@pytest.mark.parametrize(("text", "expected"), [
    ("09:00", time(9)), ("9:30", time(9, 30)), ("17:45", time(17, 45)), ("9am", time(9)),
    ("12am", time(0)), ("12pm", time(12)), ("5:45 PM", time(17, 45)), ("0:05", time(0, 5)),
])
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:60", "13pm", "noonish", "", "9.30", "0am"])
def test_impossible_time_shows_the_accepted_forms(text):
    with pytest.raises(UserError, match="Times look like 09:00"):
        parse_time(text)


def test_parse_zone():
    assert parse_zone("america/new_york") == "America/New_York"
    with pytest.raises(UserError, match="IANA timezone name such as America/New_York"):
        parse_zone("EST5EDT-ish")


def test_parse_weekday():
    assert parse_weekday("Mon") == 0 and parse_weekday("sunday") == 6
    assert parse_weekday(None) is None
    with pytest.raises(UserError):
        parse_weekday("Funday")
