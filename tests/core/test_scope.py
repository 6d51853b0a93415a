"""Finding 11: objects outside the caller's scope answer 404, exactly like missing ones."""
from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import login


@pytest.fixture
def other_survey(db, municipality, group):
    from assessments import builder

    other_group = factories.security_group(municipality, planners=[factories.user(role="planner")], name="Other group")
    return builder.create_survey(other_group, title={"en": "Their survey"}, languages=["en"], modules=["safety"])


@pytest.mark.parametrize("who", ["planner", "partner"])
def test_another_groups_survey_answers_like_a_missing_one(client, request, other_survey, who):
    login(client, request.getfixturevalue(who))
    group_id = other_survey.group_id
    for existing, missing in [
        (f"/api/v1/surveys/{other_survey.id}", "/api/v1/surveys/999999"),
        (f"/api/v1/groups/{group_id}/surveys", "/api/v1/groups/999999/surveys"),
        (f"/groups/{group_id}", "/groups/999999"),
        (f"/groups/{group_id}/surveys/{other_survey.id}/results", f"/groups/999999/surveys/{other_survey.id}/results"),
    ]:
        seen, unseen = client.get(existing), client.get(missing)
        assert (seen.status_code, unseen.status_code) == (404, 404), existing
        # Same page too, apart from the address itself (the language switch links back to it).
        assert seen.get_data(as_text=True).replace(existing, "URL") == unseen.get_data(as_text=True).replace(missing, "URL")


def test_a_member_refused_an_action_still_gets_403(client, group, partner):
    # The partner can see the group, so a refusal is honest about the rule, not about existence.
    login(client, partner)
    assert client.get(f"/groups/{group.id}/members/invite").status_code == 403
