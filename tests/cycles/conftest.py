"""Fixtures for evaluation cycles: a group with an adopted needs list and an open first cycle."""
from __future__ import annotations

import pytest

from tests.cycles import builders


@pytest.fixture
def baseline(db, group, planner):
    return builders.baseline_survey(group, planner)


@pytest.fixture
def cycle(db, group, planner, baseline):
    builders.adopt_needs(group, planner, baseline)
    return builders.open_cycle(group, planner)


@pytest.fixture
def meeting(db, group):
    return builders.past_meeting(group)
