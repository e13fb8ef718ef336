"""Periods said relative to the episode's date: 今天, 上周五, 本季度, 上个月, or a quarter, month
or weekday said without its year (三季度, 3月, 周三), each read as the period it falls in."""

from __future__ import annotations

import datetime as dt

from kb.figures.words import NOW_WORDS

WEEKDAYS = {c: i for i, c in enumerate("一二三四五六")} | {"日": 6, "天": 6}
WEEKDAYS |= {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday",
                                         "saturday", "sunday"))}  # fmt: skip
WEEK_SHIFTS = {"上上": -2, "上": -1, "下": 1, "这": 0, "本": 0, "last": -1, "next": 1, "this": 0}


def episode_day(date: str | None) -> dt.date | None:
    """The episode's date, or None where the note gives none or a malformed one."""
    try:
        return dt.date.fromisoformat(date) if date else None
    except ValueError:
        return None


def now_label(word: str, date: str | None) -> tuple[str, bool] | None:
    """The month 目前, 今天, 上周 or "this week" falls in, read against the episode's date."""
    day = episode_day(date)
    if day is None:
        return None
    day -= dt.timedelta(days=NOW_WORDS[word.lower()])
    return f"{day.year}-{day.month:02d}", True


def quarter_of(quarter: str, year: int | None, month: int | None) -> tuple[str, bool]:
    """A quarter or half said without a year, or the months of a year to date whose last part
    runs from month b to month e ("Yb:e": 1-7月 is Y7:7, 前三季度 Y7:9): the latest one begun by
    the episode's date; months to date are labelled as a span from January (2025-01..2025-09)."""
    if year is None or month is None or "-" in quarter:
        return quarter, False
    if quarter[0] == "Y":  # Yb:e, the last part from month b to e: that year from January
        begun, last = (int(n) for n in quarter[1:].split(":"))
        said = year if begun <= month else year - 1
        return f"{said}-01..{said}-{last:02d}", True
    first = 1 + 3 * (int(quarter[1]) - 1) if quarter[0] == "Q" else (1 if quarter == "H1" else 7)
    return f"{year if first <= month else year - 1}{quarter}", True


def weekday_label(day: str, shift: str | None, date: str | None) -> tuple[str, bool] | None:
    """The month 周三 or "on Wednesday" falls in: the latest Wednesday by the episode's date, as
    figures are mostly told of days past; 上周三, 下周三: of the week before or after the
    episode's; "last Wednesday", "next Wednesday": the latest before, the first after its date."""
    said = episode_day(date)
    if said is None:
        return None
    weeks = WEEK_SHIFTS.get((shift or "").lower(), 0)
    offset = WEEKDAYS[day.lower()] - said.weekday()
    if not shift:
        offset = offset - 7 if offset > 0 else offset
    elif shift.isascii() and weeks:
        offset = (offset - 1) % 7 + 1 if weeks > 0 else -((-offset - 1) % 7 + 1)
    else:
        offset += 7 * weeks
    day_ = said + dt.timedelta(days=offset)
    return f"{day_.year}-{day_.month:02d}", True


def shifted_quarter(shift: int, year: int | None, month: int | None) -> tuple[str, bool] | None:
    """本季度, 上个季度, last quarter: a calendar quarter counted from the episode's date.

    In the first month of a quarter, results are being reported for the quarter just ended, and
    本季度 or "this quarter" is that one.
    """
    if year is None or month is None:
        return None
    if shift == 0 and month % 3 == 1:
        shift = -1
    index = year * 4 + (month - 1) // 3 + shift
    return f"{index // 4}Q{index % 4 + 1}", True


def month_of(
    number: int | None, told: int | None, year: int | None, month: int | None
) -> tuple[str, bool] | None:
    """2025-03 for 3月: the year told, else the month's latest occurrence by the episode's date,
    or the coming one when it is at most two months ahead (预计12月降息)."""
    if not number or not 1 <= number <= 12:
        return None
    if told is not None:
        return f"{told}-{number:02d}", False
    if year is None or month is None:
        return None
    ahead = (number - month) % 12
    if 0 < ahead <= 2:
        return f"{year + (number < month)}-{number:02d}", True
    return f"{year - (number > month)}-{number:02d}", True


def shifted_month(shift: int, year: int | None, month: int | None) -> tuple[str, bool] | None:
    """上个月, next month: a month counted from the episode's date."""
    if year is None or month is None:
        return None
    index = year * 12 + month - 1 + shift
    return f"{index // 12}-{index % 12 + 1:02d}", True
