"""Small areas merged with a neighbour for publication ("Beato + Marvila"), instead of a blank map.

An area whose published number of respondents is under MERGE_FACTOR x k joins its
smallest touching neighbour (the smallest, so merged areas stay as local as they
can); this repeats until every publication area is large enough or nothing is left
to merge with. Decisions use published (protected) counts only, so the plan itself
reveals nothing a reader could not see; the merged area's figures are new cells with
their own cell keys. Without boundaries, an area joins the smallest other area.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from assessments.disclosure import MERGE_FACTOR, Cell, merge_cells


@dataclass
class AreaPlan:
    """Publication areas: each neighbourhood's area key, and each area's label and members."""

    mapping: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)

    @property
    def merged(self) -> dict:
        return {key: ids for key, ids in self.members.items() if len(ids) > 1}


def area_key(ids) -> object:
    """An area of one neighbourhood keeps its id; a merged one is "id+id" (stable, sorted)."""
    ids = sorted(ids)
    return ids[0] if len(ids) == 1 else "+".join(str(i) for i in ids)


def plan_areas(respondents: dict[int, Cell], names: dict[int, str], adjacency: dict[int, set[int]] | None,
               k: int) -> AreaPlan:
    """Merge areas until each has at least MERGE_FACTOR x k published respondents (where it can)."""
    threshold = MERGE_FACTOR * k
    clusters: list[set[int]] = [{nid} for nid in sorted(names, key=lambda n: (names[n], n))]

    def size(cluster: set[int]) -> int:
        return merge_cells(respondents.get(n, Cell()) for n in cluster).published(k)

    def label(cluster: set[int]) -> str:
        return " + ".join(sorted(names[n] for n in cluster))

    def touching(a: set[int], b: set[int]) -> bool:
        return adjacency is not None and any(m in adjacency.get(n, set()) for n in a for m in b)

    while len(clusters) > 1:
        small = sorted((c for c in clusters if size(c) < threshold), key=lambda c: (size(c), label(c)))
        if not small:
            break
        cluster = small[0]
        others = [c for c in clusters if c is not cluster]
        near = [c for c in others if touching(cluster, c)] or others
        partner = min(near, key=lambda c: (size(c), label(c)))
        clusters = [c for c in others if c is not partner] + [cluster | partner]
    plan = AreaPlan()
    for cluster in clusters:
        key = area_key(cluster)
        plan.labels[key] = label(cluster)
        plan.members[key] = sorted(cluster)
        for nid in cluster:
            plan.mapping[nid] = key
    return plan


def adjacency(neighbourhood_ids: list[int], *, version_id: int | None = None) -> dict[int, set[int]] | None:
    """Which neighbourhoods touch (boundaries of `version_id`, else active); None without boundaries or maps."""
    if not neighbourhood_ids:
        return None
    try:
        import shapely
        from maps.boundaries import neighbourhood_feature_collection
    except ImportError:  # maps is an optional package of an installation
        return None
    shapes = {}
    for feature in neighbourhood_feature_collection(neighbourhood_ids, version_id=version_id)["features"]:
        nid = (feature.get("properties") or {}).get("neighbourhood_id")
        if nid is not None and feature.get("geometry"):
            shapes[nid] = shapely.geometry.shape(feature["geometry"])
    if not shapes:
        return None
    # Display shapes are simplified: borders may sit a few metres apart, so "touching" allows ~20 m.
    result: dict[int, set[int]] = {nid: set() for nid in shapes}
    ids = sorted(shapes)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if shapes[a].distance(shapes[b]) < 2e-4:
                result[a].add(b)
                result[b].add(a)
    return result
