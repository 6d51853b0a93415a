"""Fixtures for Step 2: surveys built from the bank, and a helper that stores answers."""
from __future__ import annotations

import secrets

import pytest

from assessments import builder
from assessments.answering import store_response
from assessments.models import Channel


@pytest.fixture
def survey(db, group, planner):
    """An open survey in en/pt/es with every bank module."""
    s = builder.create_survey(group, title={"en": "Safety survey", "pt": "Inquérito de segurança"},
                              languages=["en", "pt", "es"], modules=["safety", "problems", "victimisation", "efficacy",
                                                                     "police", "online", "priorities", "about"],
                              user=planner)
    builder.set_status(s, "open")
    return s


@pytest.fixture
def small_survey(db, group):
    """An open survey with one single-choice question and the age band, for counting tests."""
    s = builder.create_survey(group, title={"en": "Small"}, languages=["en"])
    builder.add_question(s, code="feel", type="single", label={"en": "How do you feel?"},
                         config={"options": [{"value": "safe", "label": {"en": "Safe"}},
                                             {"value": "unsafe", "label": {"en": "Unsafe"}},
                                             {"value": "unsure", "label": {"en": "Unsure"}}]})
    builder.add_module(s, "about")
    builder.set_status(s, "open")
    return s


def answer(survey, answers: dict, *, neighbourhood_id=None, channel=Channel.LINK):
    """Store one response directly through the same function the pages use."""
    outcome = store_response(survey, answers, submission_key=secrets.token_urlsafe(16), channel=channel,
                             neighbourhood_id=neighbourhood_id)
    assert not outcome.errors, outcome.errors
    return outcome.response_id
