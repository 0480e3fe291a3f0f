"""The deadlines and risk dashboard (read only): what the team must look at first.

* **Late-response rate** over 7, 30 and 90 days, as Amazon's Contact Response Time counts it:
  each buyer message received through Amazon's messaging (channel ``amazon``) in the period is
  late when its first reply came ``response_window_hours`` (24 h, weekends and holidays
  included) or more after it arrived, or when it is still unanswered and that long old.  A
  message still inside its window with no reply yet is *pending* (not counted yet); one stopped
  by "no response needed" (``ticket.no_response_at`` at or after it, before any reply) is
  *excluded*, as Amazon's own marking removes it from the metric.  Target: at most 10 % late.
* **Due within 4 hours** and **past due**: tickets whose response clock (``ticket.due_at``, kept
  by the deadline rules of :mod:`warroom.services.deadlines`) runs out soon or ran out; a clock
  due before the database began is history (:func:`clocks.database_started_at`), not past due.
* **A-to-z information deadlines**: from :func:`deadlines.compute` itself, for the open tickets
  tagged A-TO-Z only.
* **Held messages**: drafts held during the suspension.
* **Backlog** (tickets waiting for an answer: not closed, clock running) by category and by the
  UTC day their answer is due.

Everything but the A-to-z clocks is one SQL aggregate each, portable between SQLite and
PostgreSQL: the date arithmetic (seconds between two times, the UTC day of a time) compiles per
dialect in :mod:`warroom.storage.dialect` (``seconds_between``, ``utc_day``); every other bound
is a time computed here and passed as a parameter.  Each number carries a
:class:`~warroom.services.queue.QueueFocus`: the queue narrowed to the tickets behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, not_, or_, select
from sqlalchemy.orm import Session

from warroom import clock
from warroom.domain.drafts import DraftStatus
from warroom.errors import BadInput
from warroom.services.clocks import database_started_at, response_window
from warroom.services.queue import QueueFocus
from warroom.storage.dialect import seconds_between, utc_day
from warroom.storage.engine import Database
from warroom.storage.models import Draft, Message, Ticket, TicketTag
from warroom.storage.uow import UnitOfWork

RATE_WINDOWS_DAYS = (7, 30, 90)
DUE_SOON = timedelta(hours=4)
LATE_TARGET = 0.10            # Amazon: at least 90 % of buyer messages answered within 24 hours
AMAZON_CHANNEL = "amazon"     # only messages sent through Amazon's messaging system count
BACKLOG_DAYS = 14             # backlog by day: this many days up to tomorrow; older ones in one bar
ATOZ_TAG = "A-TO-Z"


@dataclass(frozen=True)
class ResponseRate:
    """Contact Response Time over the last ``days`` days."""

    days: int
    counted: int          # messages that count: answered, or unanswered past their window
    late: int
    pending: int          # unanswered, still inside their window (not counted yet)
    excluded: int         # "no response needed"

    @property
    def rate(self) -> float | None:
        """Late share of the counted messages; None when none counted."""
        return self.late / self.counted if self.counted else None

    @property
    def meets_target(self) -> bool:
        return self.rate is None or self.rate <= LATE_TARGET


@dataclass(frozen=True)
class Bucket:
    """One bar or number: its key (a category, a day ``YYYY-MM-DD``), count and tickets."""

    key: str
    count: int
    focus: QueueFocus


@dataclass(frozen=True)
class AtozDeadline:
    ticket_id: int
    due_at: datetime
    missed: bool


@dataclass(frozen=True)
class Dashboard:
    now: datetime
    response_rates: tuple[ResponseRate, ...]
    due_soon: Bucket                     # clocks running out within DUE_SOON
    past_due: Bucket                     # clocks run out, not answered yet
    atoz: tuple[AtozDeadline, ...]       # A-to-z information deadlines, soonest first
    atoz_focus: QueueFocus
    held: Bucket                         # drafts held during the suspension (count of drafts)
    backlog_by_category: tuple[Bucket, ...]
    backlog_by_day: tuple[Bucket, ...]   # oldest first; key "older" first when any are older

    @property
    def backlog(self) -> int:
        return sum(b.count for b in self.backlog_by_category)


def _day_start(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=clock.UTC)


def _message_rows(session: Session, now: datetime, since: datetime) -> Any:
    """Per buyer message (Amazon channel, received in [since, now]): when it arrived, its first
    reply, its ticket's "no response needed" time.  A subquery.

    The first reply is a window function over the ticket's messages from that one on (inbound
    before outbound at the same instant, so a reply stamped with the message's own time answers
    it): one sort instead of a correlated subquery per message, which SQLite would also repeat
    for every use of the column once it flattened the subquery into the aggregate."""
    first_reply = func.min(case((Message.direction == "outbound", Message.at))).over(
        partition_by=Message.ticket_id, order_by=(Message.at, Message.direction), rows=(0, None))
    thread = (select(Message.ticket_id.label("ticket_id"), Message.direction.label("direction"),
                     Message.at.label("at"), first_reply.label("answered_at"))
              .where(Message.at >= since).subquery("thread"))
    return (select(thread.c.ticket_id, thread.c.at, thread.c.answered_at,
                   Ticket.no_response_at.label("no_response_at"))
            .join(Ticket, Ticket.id == thread.c.ticket_id)
            .where(thread.c.direction == "inbound", thread.c.at <= now, Ticket.channel == AMAZON_CHANNEL)
            .subquery("m"))


def _conditions(m: Any, now: datetime, window: timedelta) -> dict[str, Any]:
    seconds = int(window.total_seconds())
    excluded = and_(m.c.no_response_at.is_not(None), m.c.no_response_at >= m.c.at,
                    or_(m.c.answered_at.is_(None), m.c.answered_at > m.c.no_response_at))
    pending = and_(m.c.answered_at.is_(None), m.c.at > now - window)
    late = or_(and_(m.c.answered_at.is_not(None), seconds_between(m.c.answered_at, m.c.at) >= seconds),
               and_(m.c.answered_at.is_(None), m.c.at <= now - window))
    return {"excluded": excluded, "pending": and_(not_(excluded), pending),
            "counted": and_(not_(excluded), not_(pending)), "late": and_(not_(excluded), late)}


def response_rates_query(session: Session, now: datetime, windows: tuple[int, ...] = RATE_WINDOWS_DAYS) -> Any:
    """The one aggregate behind :func:`response_rates` (exposed so a test can compile it for
    PostgreSQL): the messages grouped by the shortest window that holds them, each condition
    evaluated once per message; the windows are the running sums of the groups."""
    days = sorted(windows)
    m = _message_rows(session, now, now - timedelta(days=days[-1]))
    cond = _conditions(m, now, response_window(session))
    names = ("counted", "late", "pending", "excluded")
    # per message: its window and its 0/1 flags; grouped outside by the column (a GROUP BY that
    # repeated the CASE would carry its own parameters, which PostgreSQL does not match to the
    # SELECT's)
    flags = select(case(*[(m.c.at >= now - timedelta(days=d), d) for d in days[:-1]], else_=days[-1]).label("days"),
                   *[case((cond[name], 1), else_=0).label(name) for name in names]).subquery("flags")
    return (select(flags.c.days, *[func.sum(flags.c[name]).label(name) for name in names])
            .group_by(flags.c.days))


def response_rates(session: Session, now: datetime,
                   windows: tuple[int, ...] = RATE_WINDOWS_DAYS) -> tuple[ResponseRate, ...]:
    groups = {int(r.days): r for r in session.execute(response_rates_query(session, now, windows))}
    out = []
    for days in windows:
        rows = [r for d, r in groups.items() if d <= days]
        out.append(ResponseRate(days, *(sum(int(getattr(r, name) or 0) for r in rows)
                                        for name in ("counted", "late", "pending", "excluded"))))
    return tuple(out)


def late_ticket_ids(db: Database, days: int, now: datetime | None = None) -> tuple[int, ...]:
    """The tickets with a message counted late in the last ``days`` days (a rate's tickets)."""
    if days < 1:
        raise BadInput("the period must be at least one day", field="days")
    now = now or clock.now()
    with UnitOfWork(db, write=False) as uow:
        m = _message_rows(uow.session, now, now - timedelta(days=days))
        late = _conditions(m, now, response_window(uow.session))["late"]
        rows = uow.session.execute(select(m.c.ticket_id).where(late).distinct().order_by(m.c.ticket_id))
        return tuple(int(r[0]) for r in rows)


def _open_waiting() -> Any:
    return and_(Ticket.status != "closed", Ticket.due_at.is_not(None))


def _clock_buckets(session: Session, now: datetime) -> tuple[Bucket, Bucket]:
    started = database_started_at(session)
    soon_end = now + DUE_SOON
    soon, past = session.execute(select(
        func.coalesce(func.sum(case((and_(Ticket.due_at >= now, Ticket.due_at < soon_end), 1), else_=0)), 0),
        func.coalesce(func.sum(case((and_(Ticket.due_at < now, *(
            [Ticket.due_at >= started] if started is not None else [])), 1), else_=0)), 0),
    ).where(_open_waiting())).one()
    return (Bucket("due_soon", int(soon), QueueFocus(waiting=True, due_from=now, due_before=soon_end)),
            Bucket("past_due", int(past), QueueFocus(waiting=True, due_from=started, due_before=now)))


def _atoz(session: Session, now: datetime) -> tuple[AtozDeadline, ...]:
    from warroom.services.deadlines import compute

    ids = list(session.scalars(select(TicketTag.ticket_id).join(Ticket, Ticket.id == TicketTag.ticket_id)
                               .where(TicketTag.tag == ATOZ_TAG, Ticket.status != "closed")))
    if not ids:
        return ()
    rows = compute(session, now, ticket_ids=ids)
    return tuple(AtozDeadline(r["ticket_id"], r["_due"], bool(r["missed"]))
                 for r in rows if (r["kind"] == "atoz" or r.get("window") == "atoz-info") and not r["history"])


def _held(session: Session) -> Bucket:
    ids = sorted(set(session.scalars(select(Draft.ticket_id).where(Draft.status == DraftStatus.HELD.value))))
    count = int(session.scalar(select(func.count()).select_from(Draft)
                               .where(Draft.status == DraftStatus.HELD.value)) or 0)
    return Bucket("held", count, QueueFocus(ticket_ids=tuple(ids)))


def _backlog(session: Session, now: datetime) -> tuple[tuple[Bucket, ...], tuple[Bucket, ...]]:
    by_category = tuple(
        Bucket(cat, int(n), QueueFocus(category=cat, waiting=True))
        for cat, n in session.execute(select(Ticket.category, func.count()).where(_open_waiting())
                                      .group_by(Ticket.category).order_by(func.count().desc(), Ticket.category)))
    first_day = (now - timedelta(days=BACKLOG_DAYS - 2)).date().isoformat()
    first = _day_start(first_day)
    day = utc_day(Ticket.due_at)
    by_day: list[Bucket] = []
    older = int(session.scalar(select(func.count()).select_from(Ticket)
                               .where(_open_waiting(), Ticket.due_at < first)) or 0)
    if older:
        by_day.append(Bucket("older", older, QueueFocus(waiting=True, due_before=first)))
    for key, n in session.execute(select(day, func.count()).where(_open_waiting(), Ticket.due_at >= first)
                                  .group_by(day).order_by(day)):
        start = _day_start(str(key))
        by_day.append(Bucket(str(key), int(n), QueueFocus(waiting=True, due_from=start,
                                                          due_before=start + timedelta(days=1))))
    return by_category, tuple(by_day)


def dashboard(db: Database, now: datetime | None = None) -> Dashboard:
    """Every figure of the dashboard, read in one transaction."""
    now = now or clock.now()
    with UnitOfWork(db, write=False) as uow:
        s = uow.session
        rates = response_rates(s, now)
        due_soon, past_due = _clock_buckets(s, now)
        atoz = _atoz(s, now)
        held = _held(s)
        by_category, by_day = _backlog(s, now)
    return Dashboard(now=now, response_rates=rates, due_soon=due_soon, past_due=past_due, atoz=atoz,
                     atoz_focus=QueueFocus(ticket_ids=tuple(sorted({a.ticket_id for a in atoz}))), held=held,
                     backlog_by_category=by_category, backlog_by_day=by_day)


__all__ = ["RATE_WINDOWS_DAYS", "DUE_SOON", "LATE_TARGET", "ResponseRate", "Bucket", "AtozDeadline", "Dashboard",
           "dashboard", "response_rates", "response_rates_query", "late_ticket_ids"]
