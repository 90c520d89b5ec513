"""Story dates as numbers to compare, and dates and lengths of time in words.

The model reads a date into the stretch of time it stands for
(`plotmodel.model.Interval`). The rules compare stretches as whole seconds
from the start of year 1 (`When`): on the story's clock, or in UTC for a time
that gives a zone. A time without a zone compared with one that gives one may
lie in any zone from UTC-12 to UTC+14 (`widened`), so a comparison across
them is only certain when that much leeway does not change it.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Final, NamedTuple

from plotmodel.model import Interval, Precision, length_of

__all__ = ["When", "readable_date", "readable_length", "seconds", "when", "widened"]

_YEAR_ONE: Final = dt.datetime(1, 1, 1)
_EAST: Final = 14 * 3600
_WEST: Final = 12 * 3600
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class When(NamedTuple):
    """The stretch of time a story date stands for, in seconds from the start of year 1.

    Attributes:
        start: The first second it covers.
        end: The second just after it: the stretch is ``start <= t < end``.
        zoned: Whether the date gives a zone; its seconds then count in UTC.
    """

    start: int
    end: int
    zoned: bool


def _count(instant: dt.datetime) -> int:
    """Whole seconds from the start of year 1 to ``instant``, in UTC when it is aware."""
    offset = instant.utcoffset()
    since = instant.replace(tzinfo=None) - _YEAR_ONE
    found = since.days * 86400 + since.seconds
    return found - (offset.days * 86400 + offset.seconds if offset is not None else 0)


@functools.lru_cache(maxsize=4096)
def when(date: str) -> When:
    """The stretch of time the story date ``date`` stands for, in seconds.

    Raises:
        ValueError: If ``date`` is not a story date.
    """
    interval = Interval.of(date)
    return When(_count(interval.start), _count(interval.end), interval.zoned)


@functools.lru_cache(maxsize=4096)
def seconds(duration: str) -> int:
    """How many seconds an ISO 8601 duration lasts.

    Raises:
        ValueError: If ``duration`` is not a duration.
    """
    length = length_of(duration)
    return length.days * 86400 + length.seconds


def widened(one: When, other: When) -> tuple[int, int]:
    """``one``'s stretch as it may be compared with ``other``'s.

    A time without a zone, compared with one that gives a zone, may lie
    anywhere from UTC-12 to UTC+14.
    """
    if one.zoned or not other.zoned:
        return one.start, one.end
    return one.start - _EAST, one.end + _WEST


def readable_date(date: str) -> str:
    """A story date in words: ``May 2019``, ``14 May 2019``, ``14 May 2019, 21:30 UTC+02:00``.

    An early year is named as one: ``June of the year 17``, not ``June 17``.
    """
    try:
        interval = Interval.of(date)
    except ValueError:
        return date
    start, precision = interval.start, interval.precision
    # a year of fewer than four digits could be read as a day: "June 17", "20 April 1"
    early = start.year < 1000
    year = f"the year {start.year}" if early else str(start.year)
    if precision is Precision.YEAR:
        return year
    month = f"{_MONTHS[start.month - 1]}{' of ' if early else ' '}{year}"
    if precision is Precision.MONTH:
        return month
    day = f"{start.day} {month}"
    if precision is Precision.DAY:
        return day
    clock = f"{start:%H:%M:%S}" if precision is Precision.SECOND else f"{start:%H:%M}"
    offset = start.utcoffset()
    if offset is not None:
        zone = f"{start:%z}"
        clock += " UTC" if not offset else f" UTC{zone[:3]}:{zone[3:5]}"
    return f"{day}, {clock}"


def readable_length(seconds: int) -> str:
    """A length of time in words: ``2 hours 59 minutes``, ``3 days 1 hour``, ``no time``."""
    seconds = max(seconds, 0)
    weeks, rest = divmod(seconds, 7 * 86400)
    days, rest = divmod(rest, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, rest = divmod(rest, 60)
    if weeks and (days or hours or minutes or rest):
        weeks, days = 0, days + 7 * weeks  # weeks only for a whole number of them
    amounts = [
        (weeks, "week"),
        (days, "day"),
        (hours, "hour"),
        (minutes, "minute"),
        (rest, "second"),
    ]
    said = [f"{n} {unit}" if n == 1 else f"{n} {unit}s" for n, unit in amounts if n]
    return " ".join(said) if said else "no time"
