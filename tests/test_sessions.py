"""Sessions in the site model: the status at a moment, its boundaries and its precedence."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from katalog.model import DeclaredStatus, SessionRecord, Status
from katalog.sessions import moments_of_change, status_at

WIB = ZoneInfo("Asia/Jakarta")


def status(now: str, **changes: object) -> Status:
    fields: dict = dict(declared=DeclaredStatus.SCHEDULED, start=datetime(2026, 7, 20, 8, 0, tzinfo=WIB),
                        end=datetime(2026, 7, 22, 16, 0, tzinfo=WIB), quota=30, seats_taken=10,
                        opens=date(2026, 6, 1), closes=date(2026, 7, 10), closing_soon_days=7)
    fields.update(changes)
    return status_at(datetime.fromisoformat(now), **fields)


@pytest.mark.parametrize(("now", "expected"), [
    ("2026-05-31T23:59:59+07:00", "not-yet-open"),
    ("2026-06-01T00:00:00+07:00", "open"),          # first day of registration, first second
    ("2026-07-02T23:59:59+07:00", "open"),          # 8 days left
    ("2026-07-03T00:00:00+07:00", "closing-soon"),  # 7 days left
    ("2026-07-10T23:59:59+07:00", "closing-soon"),  # the last day of registration is still open
    ("2026-07-11T00:00:00+07:00", "closed"),
    ("2026-07-10T17:30:00+00:00", "closed"),        # 00:30 WIB on the 11th: whole days in the session's zone
    ("2026-07-20T07:59:59+07:00", "closed"),
    ("2026-07-20T08:00:00+07:00", "running"),       # first minute of the session
    ("2026-07-22T15:59:00+07:00", "running"),       # last minute
    ("2026-07-22T16:00:00+07:00", "past"),
])
def test_status_at_the_boundaries(now: str, expected: str) -> None:
    assert status(now) == expected


BEFORE_REGISTRATION = "2026-05-20T09:00:00+07:00"
DURING_REGISTRATION = "2026-06-15T09:00:00+07:00"
AFTER_REGISTRATION = "2026-07-15T09:00:00+07:00"
DURING = "2026-07-21T09:00:00+07:00"
AFTER = "2026-08-01T09:00:00+07:00"
FULL = {"seats_taken": 30}


@pytest.mark.parametrize(("now", "changes", "expected", "over"), [
    # Each pair of neighbours in the order of precedence: when both apply, the first wins.
    (DURING, {"declared": DeclaredStatus.CANCELLED}, Status.CANCELLED, Status.RUNNING),
    (AFTER, {"declared": DeclaredStatus.CANCELLED}, Status.CANCELLED, Status.PAST),
    (AFTER, {"declared": DeclaredStatus.POSTPONED}, Status.POSTPONED, Status.PAST),
    (DURING_REGISTRATION, {"declared": DeclaredStatus.POSTPONED, **FULL}, Status.POSTPONED, Status.FULL),
    (AFTER, FULL, Status.PAST, Status.FULL),
    (DURING, FULL, Status.RUNNING, Status.FULL),
    (AFTER_REGISTRATION, FULL, Status.FULL, Status.CLOSED),
    (BEFORE_REGISTRATION, FULL, Status.FULL, Status.NOT_YET_OPEN),
    (DURING_REGISTRATION, {"closes": date(2026, 6, 14)}, Status.CLOSED, Status.OPEN),
    (BEFORE_REGISTRATION, {"closes": date(2026, 5, 25)}, Status.NOT_YET_OPEN, Status.CLOSING_SOON),
    (DURING_REGISTRATION, {"closes": date(2026, 6, 20)}, Status.CLOSING_SOON, Status.OPEN),
    (DURING_REGISTRATION, {"opens": None, "closes": None}, Status.OPEN, None),
])
def test_status_precedence(now: str, changes: dict, expected: Status, over: Status | None) -> None:
    assert status(now, **changes) is expected
    assert list(Status).index(expected) < list(Status).index(over or Status.OPEN) or expected is Status.OPEN


def record(**changes: object) -> SessionRecord:
    fields: dict = dict(id="wita-1", course="koperasi", start=datetime(2026, 7, 20, 8, 0),
                        end=datetime(2026, 7, 20, 15, 0), timezone="Asia/Makassar", mode=None, venue=None,
                        online_platform=None, quota=None, seats_taken=0, fee=0, registration_opens=date(2026, 6, 1),
                        registration_closes=date(2026, 7, 10), registration_url=None, contact=None,
                        declared_status=DeclaredStatus.SCHEDULED, language="id", sequence=0, note=None,
                        source="content/schedules/2026.yaml", line=1)
    fields.update(changes)
    return SessionRecord(**fields)


def test_the_moments_a_session_changes_by_itself_are_in_its_own_zone() -> None:
    wita = ZoneInfo("Asia/Makassar")
    assert sorted(moments_of_change(record(), closing_soon_days=7)) == [
        datetime(2026, 6, 1, tzinfo=wita),    # registration opens
        datetime(2026, 7, 3, tzinfo=wita),    # closing soon: 7 days left
        datetime(2026, 7, 11, tzinfo=wita),   # closed: the day after the last day of registration
        datetime(2026, 7, 20, tzinfo=wita),   # the first day (the agenda's "today")
        datetime(2026, 7, 20, 8, tzinfo=wita), datetime(2026, 7, 20, 15, tzinfo=wita)]  # starts, ends


@pytest.mark.parametrize("missing", ["start", "end"])
def test_a_session_without_a_start_or_an_end_changes_at_no_moment(missing: str) -> None:
    # Such a record fails the build; the shortcut's reckoning must not fail before it.
    assert moments_of_change(record(**{missing: None}), closing_soon_days=7) == []
