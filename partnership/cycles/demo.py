"""Demo data for evaluation cycles (filled in below)."""
from __future__ import annotations


def seed(context) -> None:
    """Marvila: one closed cycle with a follow-up round, and one open cycle."""
