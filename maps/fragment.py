"""What a map hands to a page; kept apart from folium so importing it costs nothing."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class MapFragment:
    """A map ready for a page: `html` (the map <div>, plus its legend) and `script` (plain JS, no <script> tag)."""

    html: str
    script: str
