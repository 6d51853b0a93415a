"""URL samples for the access matrix: a walk of the world's group with one stop and one photo record."""
from __future__ import annotations

from datetime import date


def _objects(world) -> dict:
    if "walks" not in world.extra:
        from assessments.walks.models import Walk, WalkPhoto, WalkStop
        from partnership.extensions import db

        walk = Walk(group_id=world.group.id, route_name="Matrix route", walk_on=date(2026, 11, 1), period="night")
        db.session.add(walk)
        db.session.flush()
        stop = WalkStop(walk_id=walk.id, client_key="matrix-stop-key", label="Matrix stop", lat=38.75, lng=-9.11,
                        ratings={"lighting": 1})
        stop.photos.append(WalkPhoto(stored_name="missing.jpg"))
        db.session.add(stop)
        db.session.commit()
        world.extra["walks"] = {"walk": walk, "stop": stop, "photo": stop.photos[0]}
    return world.extra["walks"]


WALK_URL_SAMPLES = {
    "walk_id": lambda w: _objects(w)["walk"].id,
    "stop_id": lambda w: _objects(w)["stop"].id,
    "photo_id": lambda w: _objects(w)["photo"].id,
    # a survey's one-page offline form, by language (/s/<slug>/offline/<lang>)
    "lang": lambda w: "en",
}
