"""The safety-walk checklist and its scores.

The nine parameters are those of safety-audit apps (Safetipin and the women's
safety audits it grew from), each rated 0 (poor) to 3 (good). A stop's score is the
mean of its rated items rescaled from 0-3 to 0-5 (mean / 3 * 5); items left
unrated are excluded, not counted as 0. A walk's score is the mean of its stops'
scores, so every stop weighs the same however many items it has rated.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

SCALE_MAX = 3
SCORE_MAX = 5


@dataclass(frozen=True)
class Item:
    key: str
    label: object
    levels: tuple = ()  # the rubric: what 0, 1, 2 and 3 mean


PARAMETERS: tuple[Item, ...] = (
    Item("lighting", _l("Lighting"), (_l("No light"), _l("Little light"), _l("Enough light"), _l("Bright"))),
    Item("openness", _l("Openness (can you see around you)"),
         (_l("Cannot see ahead or around"), _l("Partly blocked"), _l("Mostly open"), _l("Open, clear view all around"))),
    Item("visibility", _l("Visibility (can others see you)"),
         (_l("No windows, doors or vendors overlook it"), _l("A few overlook it"), _l("Several overlook it"),
          _l("Many windows, shops or vendors overlook it"))),
    Item("people", _l("People around"), (_l("Deserted"), _l("A few people"), _l("Many people"), _l("Crowded"))),
    Item("security", _l("Security presence"),
         (_l("None"), _l("Far away or rarely"), _l("Some nearby"), _l("Police or guards clearly present"))),
    Item("walk_path", _l("Walk path"),
         (_l("No path to walk on"), _l("Broken or blocked path"), _l("Usable path"), _l("Good, even, accessible path"))),
    Item("transport", _l("Public transport"),
         (_l("None nearby"), _l("Far or infrequent"), _l("Within reach"), _l("Close and frequent"))),
    Item("gender_diversity", _l("Gender diversity of people present"),
         (_l("Nobody, or only men"), _l("Few women or children"), _l("Some women and children"),
          _l("Many women and children"))),
    Item("feeling", _l("Feeling"), (_l("Frightening"), _l("Uncomfortable"), _l("Acceptable"), _l("Comfortable"))),
)
PARAMETER_KEYS = tuple(p.key for p in PARAMETERS)


def items_of(walk) -> list[Item]:
    """The walk's checklist: the nine parameters, then the items the group added (rated 0-3 with no rubric)."""
    return list(PARAMETERS) + [Item(e["key"], e["label"]) for e in (walk.extra_items or [])]


def clean_ratings(raw: dict, keys) -> dict[str, int]:
    """Only known items with a whole rating 0..3; anything else is dropped (an unrated item is absent)."""
    ratings = {}
    for key in keys:
        value = raw.get(key)
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            continue
        if 0 <= number <= SCALE_MAX:
            ratings[key] = number
    return ratings


def stop_score(ratings: dict) -> float | None:
    """The mean of the rated items on 0-3, rescaled to 0-5 (one decimal); None when nothing was rated."""
    values = [v for v in (ratings or {}).values() if v is not None]
    if not values:
        return None
    return round(sum(values) / len(values) / SCALE_MAX * SCORE_MAX, 1)


def walk_score(stops) -> float | None:
    """The mean of the scores of the stops that have one (one decimal); None when no stop has a score."""
    scores = [s for s in (stop_score(stop.ratings) for stop in stops) if s is not None]
    if not scores:
        return None
    return round(sum(scores) / len(scores), 1)


def parameter_means(stops, keys) -> dict[str, float | None]:
    """Per item, the mean rating on 0-3 over the stops that rated it (one decimal)."""
    means = {}
    for key in keys:
        values = [stop.ratings[key] for stop in stops if key in (stop.ratings or {})]
        means[key] = round(sum(values) / len(values), 1) if values else None
    return means


def score_class(score: float | None) -> str:
    """A CSS class for a score band (static/css/walks.css), so colour is never the only cue."""
    if score is None:
        return "walk-score-none"
    if score < 2:
        return "walk-score-low"
    if score < 3.5:
        return "walk-score-mid"
    return "walk-score-high"


SCORE_COLOURS = {"walk-score-none": "#bdbdbd", "walk-score-low": "#d7301f", "walk-score-mid": "#fdae61",
                 "walk-score-high": "#1a9850"}
