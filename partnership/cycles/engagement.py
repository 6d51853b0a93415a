"""Community integration: the engagement log (offline and online) and the online service level."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from partnership.cycles.errors import CycleError
from partnership.cycles.models import Channel, Cycle, CycleSettings, EngagementActivity, OnlineMessages
from partnership.cycles.signals import PLATFORMS, check_text
from partnership.extensions import db
from partnership.lazy import lazy_module

np = lazy_module("numpy")

KINDS = {
    # offline
    "meeting": (Channel.OFFLINE, _l("Meeting with residents or partners")),
    "school_visit": (Channel.OFFLINE, _l("School visit")),
    "patrol": (Channel.OFFLINE, _l("Foot patrol")),
    "event": (Channel.OFFLINE, _l("Community event")),
    # online
    "post": (Channel.ONLINE, _l("Online post")),
    "live_chat": (Channel.ONLINE, _l("Live chat")),
    "office_hours": (Channel.ONLINE, _l("Online office hours")),
    "gaming": (Channel.ONLINE, _l("Gaming session with young people")),
}
# Answered within target by at least this share of messages: the service level is met.
SERVICE_LEVEL_SHARE = 0.9
MAX_CONTACTS = 100000


def settings_for(group) -> CycleSettings:
    """The group's cycle settings (defaults until the group changes them)."""
    found = db.session.get(CycleSettings, group.id)
    if found is None:
        found = CycleSettings(group_id=group.id, max_active_priorities=3, response_target_days=3, public_page=True)
    return found


def _within_cycle(cycle: Cycle, day: date, field: str) -> None:
    if day < cycle.starts_on or day >= cycle.ends_on:
        raise CycleError(_("The date must fall within the cycle (%(start)s to %(end)s).",
                           start=cycle.starts_on.isoformat(), end=cycle.ends_on.isoformat()), field=field)
    if day > date.today():
        raise CycleError(_("The date cannot be in the future."), field=field)


def log_activity(cycle: Cycle, *, kind: str, happened_on: date, platform: str = "", neighbourhood_id: int | None = None,
                 place: str = "", contacts: int = 0, partners: str = "", notes: str = "") -> EngagementActivity:
    """Add one activity to the log; online ones need their platform. Notes must not name people."""
    if kind not in KINDS:
        raise CycleError(_("Choose what kind of activity it was."), field="kind")
    channel = KINDS[kind][0]
    if channel == Channel.ONLINE and platform not in PLATFORMS:
        raise CycleError(_("Say on which platform the online activity took place."), field="platform")
    if channel == Channel.OFFLINE:
        platform = ""
    if contacts is None or contacts < 0 or contacts > MAX_CONTACTS:
        raise CycleError(_("Contacts made must be a whole number from 0 up."), field="contacts")
    if neighbourhood_id is not None and neighbourhood_id not in {n.id for n in cycle.group.neighbourhoods}:
        raise CycleError(_("Choose one of the group's neighbourhoods."), field="neighbourhood_id")
    _within_cycle(cycle, happened_on, "happened_on")
    check_text(notes or "", "notes")
    activity = EngagementActivity(cycle_id=cycle.id, kind=kind, channel=channel, platform=platform,
                                  happened_on=happened_on, neighbourhood_id=neighbourhood_id,
                                  place=(place or "").strip()[:200], contacts=contacts,
                                  partners=(partners or "").strip()[:300], notes=(notes or "").strip())
    db.session.add(activity)
    db.session.commit()
    return activity


def log_messages(cycle: Cycle, *, platform: str, received_on: date, count: int,
                 answered_on: date | None = None) -> OnlineMessages:
    """Messages the online channel received on a day, and when they were answered (if yet)."""
    if platform not in PLATFORMS:
        raise CycleError(_("Choose the platform."), field="platform")
    if not count or count < 1 or count > MAX_CONTACTS:
        raise CycleError(_("Enter how many messages (1 or more)."), field="count")
    _within_cycle(cycle, received_on, "received_on")
    if answered_on is not None:
        if answered_on < received_on:
            raise CycleError(_("A message cannot be answered before it was received."), field="answered_on")
        if answered_on > date.today():
            raise CycleError(_("The date cannot be in the future."), field="answered_on")
    entry = OnlineMessages(cycle_id=cycle.id, platform=platform, received_on=received_on, answered_on=answered_on,
                           count=count)
    db.session.add(entry)
    db.session.commit()
    return entry


def working_days(start: date, end: date) -> int:
    """Working days (Monday to Friday) from the day after `start` up to and including `end`."""
    return int(np.busday_count(start, end, weekmask="1111100")) if end > start else 0


@dataclass
class ServiceLevel:
    target_days: int
    received: int
    answered: int
    within_target: int
    overdue: int  # unanswered and already past the target
    mean_days: float | None

    @property
    def share_within(self) -> float | None:
        return self.within_target / self.received if self.received else None

    @property
    def met(self) -> bool | None:
        """Met when at least 90% of the messages got an answer within the target; None without messages."""
        if not self.received:
            return None
        return self.within_target >= SERVICE_LEVEL_SHARE * self.received


def service_level(cycle: Cycle, today: date | None = None) -> ServiceLevel:
    today = today or date.today()
    target = settings_for(cycle.group).response_target_days
    received = answered = within = overdue = 0
    total_days = 0
    for entry in cycle.messages:
        received += entry.count
        if entry.answered_on is not None:
            days = working_days(entry.received_on, entry.answered_on)
            answered += entry.count
            total_days += days * entry.count
            if days <= target:
                within += entry.count
        elif working_days(entry.received_on, today) > target:
            overdue += entry.count
    return ServiceLevel(target, received, answered, within, overdue,
                        round(total_days / answered, 1) if answered else None)


@dataclass
class Summary:
    by_month: list[tuple[str, int, int, int]]  # (YYYY-MM, offline, online, contacts)
    by_platform: list[tuple[str, int, int]]  # (platform label, activities, contacts)
    by_place: dict[int, int]  # neighbourhood id -> activities
    by_kind: list[tuple[str, int]]
    offline: int
    online: int
    contacts: int


def summary(cycle: Cycle) -> Summary:
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    platforms: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    places: Counter = Counter()
    kinds: Counter = Counter()
    for a in cycle.activities:
        month = months[a.happened_on.strftime("%Y-%m")]
        month[0 if a.channel == Channel.OFFLINE else 1] += 1
        month[2] += a.contacts
        if a.channel == Channel.ONLINE:
            platforms[a.platform][0] += 1
            platforms[a.platform][1] += a.contacts
        if a.neighbourhood_id:
            places[a.neighbourhood_id] += 1
        kinds[a.kind] += 1
    return Summary(
        by_month=[(m, *v) for m, v in sorted(months.items())],
        by_platform=sorted(((str(PLATFORMS.get(p, p)), *v) for p, v in platforms.items()), key=lambda r: -r[1]),
        by_place=dict(places),
        by_kind=[(str(KINDS[k][1]), n) for k, n in kinds.most_common()],
        offline=sum(1 for a in cycle.activities if a.channel == Channel.OFFLINE),
        online=sum(1 for a in cycle.activities if a.channel == Channel.ONLINE),
        contacts=sum(a.contacts for a in cycle.activities),
    )
