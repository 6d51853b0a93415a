"""The words requirements are made of: languages, platforms and standard conditions (translated)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Language codes follow the survey's home-language and online-language options.
LANGUAGES = {
    "pt": _l("Portuguese"), "kea": _l("Cape Verdean Creole"), "en": _l("English"), "es": _l("Spanish"),
    "fr": _l("French"), "ar": _l("Arabic"), "hi_ne_bn": _l("Hindi, Nepali or Bengali"), "zh": _l("Chinese"),
    "uk_ru": _l("Ukrainian or Russian"), "sign": _l("Portuguese Sign Language"),
}
# Platform keys follow the survey's online-platforms options.
PLATFORMS = {
    "messaging": _l("Messaging apps (WhatsApp, Telegram, Signal)"), "facebook": _l("Facebook"),
    "instagram": _l("Instagram"), "tiktok": _l("TikTok"), "x": _l("X (Twitter)"), "youtube": _l("YouTube"),
    "discord": _l("Discord"), "games": _l("Online games (Minecraft, Roblox, Fortnite)"),
    "local_groups": _l("Local neighbourhood groups or forums"), "web": _l("The partnership's website or app"),
}
CONDITIONS = {
    "profile_safety_training": _l("Profile safety and cybersecurity training before any online work"),
    "blue_profile": _l("Works online only through an institutional, uniformed (\"blue\") police profile"),
    "named_profile": _l("Works online through a personal profile with name and photo, approved by the police"),
    "response_time": _l("Answers messages within three working days; states that it is not an emergency channel"),
    "open_profiles_only": _l("Looks only at open profiles and groups; closed ones only on a special request"),
    "national_network": _l("Takes part in the national network of digital community officers and its central training"),
    "low_rotation": _l("Stays in the neighbourhood at least three years (low rotation)"),
    "partners_in_training": _l("Trains together with partners and resident representatives"),
}


def language_name(code: str) -> str:
    return str(LANGUAGES[code]) if code in LANGUAGES else code


def platform_name(key: str) -> str:
    return str(PLATFORMS[key]) if key in PLATFORMS else key


def condition_text(value: str) -> str:
    """A standard condition in the current language, or the group's own wording."""
    return str(CONDITIONS[value]) if value in CONDITIONS else value
