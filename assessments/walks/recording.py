"""Planning walks, recording stops exactly once, private photos without metadata, and stops becoming needs."""
from __future__ import annotations

import io
import os
import re
import secrets
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from assessments.models import NeedsList, NeedsListStatus
from assessments.needs import add_need
from assessments.walks.models import Period, Walk, WalkPhoto, WalkStop
from assessments.walks.scoring import clean_ratings, items_of, stop_score
from partnership.extensions import db
from partnership.lazy import lazy_module

# Pillow is needed only when a photo arrives.
Image = lazy_module("PIL.Image")
ImageOps = lazy_module("PIL.ImageOps")

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
PHOTO_MAX_SIDE = 2000
PHOTO_FOLDER = "walk-photos"


class WalkError(ValueError):
    """A refused walk change, with a reason the walker can act on."""


def parse_route(text: str) -> list[dict]:
    """One planned stop per line; "label; lat; lng" places it, a bare label leaves it to be placed on the walk."""
    route = []
    for line in (text or "").splitlines():
        parts = [p.strip() for p in line.split(";")]
        if not parts[0]:
            continue
        stop = {"label": parts[0][:160], "lat": None, "lng": None}
        if len(parts) >= 3 and parts[1] and parts[2]:
            try:
                lat, lng = float(parts[1]), float(parts[2])
            except ValueError:
                raise WalkError(_("Line \"%(line)s\": the place must be written as label; latitude; longitude.",
                                  line=line.strip())) from None
            if not (-90 <= lat <= 90 and -180 <= lng <= 180):
                raise WalkError(_("Line \"%(line)s\": the latitude or longitude is out of range.", line=line.strip()))
            stop["lat"], stop["lng"] = round(lat, 5), round(lng, 5)
        route.append(stop)
    return route


def plan_walk(group, *, route_name: str, walk_on: date, starts_at: str, period: str, route_text: str,
              organisation_ids: list[int], user, route_line: str | None = None) -> Walk:
    route_name = (route_name or "").strip()
    if not route_name:
        raise WalkError(_("Give the route a name (walks with the same route name are compared as re-walks)."))
    if period not in {p.value for p in Period}:
        raise WalkError(_("Choose day or night."))
    from assessments.walks.routes import clean_route_line

    line = clean_route_line(route_line, group)
    known = {o.id for o in group.active_organisations}
    walk = Walk(route_line=line, group_id=group.id, route_name=route_name[:160], walk_on=walk_on, starts_at=starts_at or "",
                period=period, route=parse_route(route_text),
                organisation_ids=[i for i in organisation_ids if i in known], created_by_id=user.id)
    db.session.add(walk)
    db.session.commit()
    return walk


def add_item(walk: Walk, label: str) -> dict:
    label = (label or "").strip()
    if not label:
        raise WalkError(_("Name the item to add to the checklist."))
    key = f"extra_{len(walk.extra_items or []) + 1}"
    walk.extra_items = [*(walk.extra_items or []), {"key": key, "label": label[:120]}]
    db.session.commit()
    return walk.extra_items[-1]


def _coordinate(value, low: float, high: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise WalkError(_("The location must be numbers (latitude and longitude).")) from None
    if not low <= number <= high:
        raise WalkError(_("The location is out of range."))
    return round(number, 5)


def record_stop(walk: Walk, form, *, user, photo=None) -> tuple[WalkStop, bool]:
    """Store a stop sent from a phone; (stop, created). A key already stored returns the stored stop unchanged.

    The key is made on the phone before the stop is first saved there, so a send
    repeated after a lost answer (or by a second tab) never makes a second stop.
    """
    key = (form.get("client_key") or "").strip()
    if not KEY_PATTERN.match(key):
        raise WalkError(_("This stop has no valid key; reload the recording page and record it again."))
    existing = db.session.scalar(select(WalkStop).where(WalkStop.client_key == key))
    if existing is not None:
        if existing.walk_id != walk.id:
            raise WalkError(_("This stop belongs to another walk."))
        return existing, False
    label = (form.get("label") or "").strip()
    neighbourhood_id = None
    place = (form.get("place") or "").strip()
    planned = None
    if place.startswith("route:"):
        try:
            planned = walk.route[int(place[6:])]
        except (ValueError, IndexError):
            planned = None
        if planned:
            label = label or planned["label"]
    elif place.startswith("area:"):
        ids = {n.id: n for n in walk_group(walk).neighbourhoods}
        try:
            area = ids.get(int(place[5:]))
        except ValueError:
            area = None
        if area is not None:
            neighbourhood_id = area.id
            label = label or area.name
    if not label:
        raise WalkError(_("Name the stop (or choose a planned stop or neighbourhood)."))
    lat = _coordinate(form.get("lat"), -90, 90)
    lng = _coordinate(form.get("lng"), -180, 180)
    if (lat is None) != (lng is None):
        raise WalkError(_("Give both latitude and longitude, or neither."))
    if lat is None and planned:
        lat, lng = planned.get("lat"), planned.get("lng")
    ratings = clean_ratings(form, [i.key for i in items_of(walk)])
    stop = WalkStop(walk_id=walk.id, client_key=key, label=label[:160], lat=lat, lng=lng,
                    neighbourhood_id=neighbourhood_id, ratings=ratings, notes=(form.get("notes") or "").strip(),
                    recommendation=(form.get("recommendation") or "").strip(), recorded_by_id=user.id)
    db.session.add(stop)
    if photo is not None and getattr(photo, "filename", ""):
        stop.photos.append(WalkPhoto(stored_name=store_photo(photo.read())))
    db.session.commit()
    return stop, True


def walk_group(walk: Walk):
    from partnership.groups.models import SecurityGroup

    return db.session.get(SecurityGroup, walk.group_id)


def photo_folder() -> str:
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], PHOTO_FOLDER)
    os.makedirs(folder, exist_ok=True)
    return folder


def strip_metadata(data: bytes) -> bytes:
    """The photo re-encoded as JPEG from its pixels alone: no EXIF (so no GPS), no comments, no profile.

    The orientation tag is applied to the pixels first, so the photo still stands upright.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (Image.UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise WalkError(_("The photo could not be read; send a JPEG or PNG picture.")) from None
    upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    # A fresh image holds pixels only: nothing from the original's info (EXIF, XMP, ICC) can follow it.
    clean = Image.new("RGB", upright.size)
    clean.paste(upright)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85)
    return out.getvalue()


def store_photo(data: bytes) -> str:
    cleaned = strip_metadata(data)
    name = secrets.token_hex(16) + ".jpg"
    with open(os.path.join(photo_folder(), name), "wb") as handle:
        handle.write(cleaned)
    return name


def photo_path(photo: WalkPhoto) -> str:
    return os.path.join(photo_folder(), photo.stored_name)


def draft_needs_list(group) -> NeedsList:
    """The group's newest draft needs list, or a new empty one (a walk can be the first evidence)."""
    needs_list = db.session.scalar(select(NeedsList).where(NeedsList.group_id == group.id,
                                                           NeedsList.status == NeedsListStatus.DRAFT)
                                   .order_by(NeedsList.created_at.desc(), NeedsList.id.desc()))
    if needs_list is None:
        needs_list = NeedsList(group_id=group.id)
        db.session.add(needs_list)
        db.session.flush()
    return needs_list


def stop_to_need(stop: WalkStop, group, *, title: str = ""):
    """The stop as a need of the group's draft needs list; the need's evidence points back to the stop."""
    if stop.need_id is not None:
        raise WalkError(_("This stop is already a need in the needs list."))
    needs_list = draft_needs_list(group)
    walk = stop.walk
    need = add_need(needs_list, title=title or stop.label,
                    description=stop.recommendation or stop.notes)
    need.key = "walk"
    need.evidence = [{"family": "walk", "walk_id": walk.id, "stop_id": stop.id, "label": stop.label,
                      "score": stop_score(stop.ratings), "period": walk.period, "walked_on": walk.walk_on.isoformat()}]
    stop.need_id = need.id
    db.session.commit()
    return need
