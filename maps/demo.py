"""Demo data: the Lisbon parishes (DGT, CAOP 2025, CC BY 4.0), imported and approved like any file."""
from __future__ import annotations

import os

from maps.group_boundaries import link_unlinked_groups
from maps.importing import read_boundaries
from maps.models import BoundaryVersion
from maps.versions import active_version, approve, create_draft
from partnership.extensions import db

LISBON_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                           "data", "lisbon-freguesias", "freguesias-caop2025.geojson")
LISBON_ATTRIBUTION = "Limites administrativos: DGT, CAOP 2025 (CC BY 4.0)"


def seed_lisbon_boundaries(context) -> None:
    """Import and approve the parishes for the demo municipality, once."""
    municipality = context.municipality
    if db.session.scalar(db.select(BoundaryVersion.id).where(BoundaryVersion.municipality_id == municipality.id).limit(1)):
        # Already loaded; demo groups made since (they skip the formation hook) still get a version.
        active = active_version(municipality.id)
        if active is not None:
            link_unlinked_groups(municipality.id, active.id)
        return
    result = read_boundaries(LISBON_FILE)
    if not result.ok:
        raise RuntimeError("the shipped Lisbon parishes no longer pass validation: "
                           + "; ".join(i.message for i in result.errors))
    reviewer = context.users.get("reviewer")
    version = create_draft(result, municipality, reviewer, attribution=LISBON_ATTRIBUTION,
                           note="Freguesias de Lisboa, CAOP 2025 (DGT).")
    approve(version, reviewer, "Limites oficiais da CAOP 2025.")
