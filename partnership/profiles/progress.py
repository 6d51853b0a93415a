"""Step 3's place in the group's four steps: complete once the group has adopted a profile."""
from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import gettext as _

from partnership.groups.progress import COMPLETE, IN_PROGRESS, NOT_STARTED, STEP_TITLES, StepStatus
from partnership.profiles import drafting
from partnership.profiles.public import current_adopted


def _url(endpoint: str, **values) -> str | None:
    # Step states are also computed outside requests (CLI, API summaries): no link there.
    return url_for(endpoint, **values) if has_request_context() else None


def step_three(group) -> StepStatus:
    adopted = current_adopted(group)
    draft = drafting.draft_of(group)
    status = StepStatus(3, str(STEP_TITLES[3]), url=_url("profiles.overview", group_id=group.id))
    status.checklist = [
        (_("A profile has been drafted from a team model"), bool(adopted or draft)),
        (_("The group has adopted a profile"), adopted is not None),
    ]
    if adopted is not None:
        status.state = COMPLETE
        status.summary = _("Version %(version)d of the team profile is adopted.", version=adopted.version)
        status.next_action = _("Recruit and train the team.")
        status.url = _url("profiles.profile", group_id=group.id, profile_id=adopted.id)
    elif draft is not None:
        status.state = IN_PROGRESS
        status.summary = _("Version %(version)d of the team profile is a draft.", version=draft.version)
        status.next_action = _("Trace every need to a requirement, discuss the draft with the partners, and adopt it.")
        status.url = _url("profiles.profile", group_id=group.id, profile_id=draft.id)
    else:
        status.state = NOT_STARTED
        status.next_action = _("Draft the team profile from a team model.")
    return status
