"""Online signals: trends the team sees online, refused when they carry a personal identifier.

Digital community officers signal and refer; they do not investigate. A signal
describes a trend ("rising hostile content in a local group"), never a person, so
the form refuses what it can recognise as pointing at someone: social-media
handles, e-mail addresses, phone numbers, links to profiles and licence plates
(Portuguese formats of every period, and Spanish ones). Detection is a safety
net, not a guarantee; the form also tells people why.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from partnership.cycles.errors import CycleError
from partnership.cycles.models import Cycle, OnlineSignal
from partnership.extensions import db

PLATFORMS = {
    "facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok", "x": "X (Twitter)",
    "whatsapp": "WhatsApp", "telegram": "Telegram", "discord": "Discord", "youtube": "YouTube",
    "snapchat": "Snapchat", "reddit": "Reddit", "minecraft": "Minecraft", "roblox": "Roblox",
    "forum": _l("Local forum or website"), "other": _l("Other platform"),
}
THEMES = {
    "hostility": _l("Hostile or hateful content"), "extremism": _l("Extremist content"),
    "scams": _l("Scams and fraud"), "bullying": _l("Bullying among young people"),
    "grooming": _l("Risks to children"), "drugs": _l("Drug offers"), "fights": _l("Fights being arranged"),
    "rumours": _l("Rumours and fear in the neighbourhood"), "other": _l("Other"),
}
REFERRALS = {
    "none": _l("Not referred"), "cybercrime": _l("Cybercrime unit"),
    "referral_unit": _l("Internet referral unit"), "youth": _l("Youth services"),
    "partner": _l("A partner of the group"), "platform": _l("The platform (report content)"),
}

# Kind of identifier -> what the message calls it.
KINDS = {
    "email": _l("an e-mail address"),
    "handle": _l("a user name (@handle)"),
    "phone": _l("a phone number"),
    "profile": _l("a link to a personal profile"),
    "plate": _l("a licence plate"),
}

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# "@name" not preceded by a word character (that would be an e-mail address).
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_][A-Za-z0-9_.]{1,29}")
# Portuguese numbers (9 digits from 2, 3 or 9, optionally +351/00351) and other international numbers.
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?351[\s.-]?)?[239]\d{2}[\s.-]?\d{3}[\s.-]?\d{3}(?!\w)"
    r"|(?<![\w+])[239]\d[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}(?!\w)"
    r"|(?<![\w])(?:\+|00)\d{1,3}[\s.-]?(?:\d[\s.-]?){6,12}\d(?!\w)"
)
# Links that name a person on a platform; group, page-less and search links are not profiles.
PROFILE = re.compile(
    r"(?:https?://)?(?:www\.|m\.|mobile\.)?"
    r"(?:(?:facebook|fb|instagram|twitter|x|threads|tiktok|snapchat|linkedin|youtube|twitch|github|pinterest|"
    r"vk|onlyfans|patreon|steamcommunity)\.com|t\.me|wa\.me|fb\.me|instagr\.am|reddit\.com)"
    r"/(?!groups/|r/|hashtag/|explore/|search|events/|watch\?|tag/|discover)"
    r"(?:@|u/|user/|in/|add/|profile\.php\?id=|c/|channel/|id/|profiles/)?[\w.\-]{2,}",
    re.IGNORECASE,
)
LETTER = "A-Z"
SEP = r"[\s\-·.]?"
# Portugal: AA-00-00 (to 1992), 00-00-AA (1992-2005), 00-AA-00 (2005-2020), AA-00-AA (since 2020).
PT_PLATES = [
    rf"[{LETTER}]{{2}}{SEP}\d{{2}}{SEP}\d{{2}}",
    rf"\d{{2}}{SEP}\d{{2}}{SEP}[{LETTER}]{{2}}",
    rf"\d{{2}}{SEP}[{LETTER}]{{2}}{SEP}\d{{2}}",
    rf"[{LETTER}]{{2}}{SEP}\d{{2}}{SEP}[{LETTER}]{{2}}",
]
# Spain since 2000: 0000 BBB (consonants only).
ES_PLATE = r"\d{4}[\s-]?[BCDFGHJKLMNPRSTVWXYZ]{3}"
# Upper case with any separator; lower case only with hyphens, so "em 12 de maio" is not a plate.
PLATE = re.compile(r"(?<![\w-])(?:" + "|".join(PT_PLATES + [ES_PLATE]) + r")(?![\w-])")
PLATE_HYPHENED = re.compile(r"(?<![\w-])(?:" + "|".join(p.replace(SEP, "-") for p in PT_PLATES)
                            + r"|\d{4}-[BCDFGHJKLMNPRSTVWXYZ]{3})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])


def _looks_like_plate(text: str) -> bool:
    """Lower-case pieces like "ab-12-cd" are plates too, but "12 12 12"-style numbers or dates are not."""
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    return letters >= 2 and digits >= 2


def find_identifiers(text: str) -> list[Finding]:
    """Personal identifiers recognised in `text`, in order of appearance, each once."""
    text = text or ""
    found: list[tuple[int, Finding]] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match) -> None:
        start, end = match.span()
        if any(start < t_end and end > t_start for t_start, t_end in taken):
            return
        taken.append((start, end))
        found.append((start, Finding(kind, match.group(0).strip())))

    # Order matters: an e-mail contains an "@", a profile link may contain an "@handle".
    for match in EMAIL.finditer(text):
        add("email", match)
    for match in PROFILE.finditer(text):
        add("profile", match)
    for match in HANDLE.finditer(text):
        add("handle", match)
    for match in PHONE.finditer(text):
        if sum(c.isdigit() for c in match.group(0)) >= 9:
            add("phone", match)
    for pattern in (PLATE, PLATE_HYPHENED):
        for match in pattern.finditer(text):
            if _looks_like_plate(match.group(0)):
                add("plate", match)
    return [finding for _start, finding in sorted(found, key=lambda item: item[0])]


def refusal_message(findings: list[Finding]) -> str:
    """Why a text is refused, naming what was found, so people can take it out."""
    shown = "; ".join(f"{f.label}: “{f.text}”" for f in findings[:5])
    return _("This looks like it points at a person (%(found)s). A signal describes a trend, never a person: "
             "remove names, user names, phone numbers, e-mail addresses, profile links and licence plates, "
             "and describe what is happening instead.", found=shown)


def check_text(value: str, field: str) -> None:
    findings = find_identifiers(value)
    if findings:
        raise CycleError(refusal_message(findings), field=field)


def record_signal(cycle: Cycle, *, observed_on: date, platform: str, theme: str, description: str,
                  neighbourhood_id: int | None = None, referred_to: str = "none", referred_detail: str = "",
                  outcome: str = "") -> OnlineSignal:
    """Store a signal after refusing personal identifiers in every free-text field."""
    description = (description or "").strip()
    if platform not in PLATFORMS:
        raise CycleError(_("Choose the platform."), field="platform")
    if theme not in THEMES:
        raise CycleError(_("Choose a theme."), field="theme")
    if referred_to not in REFERRALS:
        raise CycleError(_("Choose where the signal was referred."), field="referred_to")
    if not description:
        raise CycleError(_("Describe the trend you saw."), field="description")
    if len(description) > 4000:
        raise CycleError(_("Keep the description under 4000 characters."), field="description")
    check_text(description, "description")
    check_text(referred_detail or "", "referred_detail")
    check_text(outcome or "", "outcome")
    signal = OnlineSignal(cycle_id=cycle.id, observed_on=observed_on, platform=platform, theme=theme,
                          description=description, neighbourhood_id=neighbourhood_id, referred_to=referred_to,
                          referred_detail=(referred_detail or "").strip()[:200], outcome=(outcome or "").strip())
    db.session.add(signal)
    db.session.commit()
    return signal


def update_outcome(signal: OnlineSignal, *, referred_to: str, referred_detail: str, outcome: str) -> None:
    if referred_to not in REFERRALS:
        raise CycleError(_("Choose where the signal was referred."), field="referred_to")
    check_text(referred_detail or "", "referred_detail")
    check_text(outcome or "", "outcome")
    signal.referred_to, signal.referred_detail, signal.outcome = referred_to, (referred_detail or "")[:200], outcome or ""
    db.session.commit()
