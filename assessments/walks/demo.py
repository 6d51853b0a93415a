"""Demo: one night walk of the Marvila group along a drawn route, with four rated stops (synthetic, no photos)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from assessments.walks.models import Period, Walk, WalkStop
from partnership.extensions import db

ROUTE = "Chelas – Condado – Rua Direita"
STOPS = [
    ("Chelas station exit", 38.7555, -9.1133,
     {"lighting": 1, "openness": 2, "visibility": 1, "people": 1, "security": 0, "walk_path": 2, "transport": 3,
      "gender_diversity": 1, "feeling": 1},
     "Underpass lights out on the east side.", "Repair the underpass lighting and trim the hedge."),
    ("Bela Vista park, south gate", 38.7512, -9.1131,
     {"lighting": 0, "openness": 1, "visibility": 0, "people": 0, "security": 0, "walk_path": 1, "transport": 1,
      "gender_diversity": 0, "feeling": 0},
     "Dark path, nobody around after 21:00.", "Light the path to the gate; close it at night or add patrols."),
    ("Condado, central square", 38.7478, -9.1039,
     {"lighting": 2, "openness": 2, "visibility": 3, "people": 2, "security": 1, "walk_path": 2, "transport": 2,
      "gender_diversity": 2, "feeling": 2},
     "Café open; families on the benches.", "Keep the café terrace lit; proximity patrol stop here."),
    ("Rua Direita de Marvila", 38.7437, -9.1020,
     {"lighting": 1, "openness": 2, "visibility": 2, "people": 1, "feeling": 1},
     "Broken pavement by the old wall.", "Fix the pavement; ask the parish council about lighting."),
]


def seed(context) -> None:
    group = context.groups.get("marvila")
    if group is None or db.session.scalar(select(Walk.id).where(Walk.group_id == group.id).limit(1)):
        return
    planner = context.users.get("planner")
    walk = Walk(group_id=group.id, route_name=ROUTE, walk_on=date.today() - timedelta(days=10), starts_at="21:30",
                period=Period.NIGHT, route=[{"label": s[0], "lat": s[1], "lng": s[2]} for s in STOPS],
                organisation_ids=[o.id for o in group.active_organisations][:3],
                created_by_id=planner.id if planner else None)
    db.session.add(walk)
    db.session.flush()
    for index, (label, lat, lng, ratings, notes, recommendation) in enumerate(STOPS):
        db.session.add(WalkStop(walk_id=walk.id, client_key=f"demo-walk-{walk.id}-stop-{index}", label=label, lat=lat,
                                lng=lng, ratings=ratings, notes=notes, recommendation=recommendation,
                                recorded_by_id=planner.id if planner else None))
    db.session.commit()
