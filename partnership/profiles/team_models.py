"""Team models a profile starts from, each with when it fits and the roles it proposes.

Texts are lazily translated; roles are templates that the planners then adapt.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class ModelRole:
    key: str
    title: object
    count: int
    purpose: object
    responsibilities: object
    competences: tuple[tuple[str, int], ...]
    online_share: int = 0
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamModel:
    key: str
    name: object
    summary: object
    fits_when: object
    roles: tuple[ModelRole, ...] = field(default_factory=tuple)


_STREET = (("rad.community_policing", 2), ("cop.emotionally_aware", 2), ("cop.collaborative", 2),
           ("val.integrity", 1), ("val.impartiality", 1), ("rad.intercultural_rights", 1), ("rad.multi_agency", 1))
_LEADER = ModelRole(
    "team_leader", _l("Team leader"), 1, _l("Leads the team and is its link to the security group."),
    _l("Plans the team's work from the adopted needs; reports back to the group every month; supports the officers."),
    (("cop.supports_inspires", 2), ("rad.multi_agency", 2), ("cop.analyses_critically", 2), ("val.transparency", 2)),
    online_share=10)
_STREET_OFFICER = ModelRole(
    "community_officer", _l("Community officer"), 4,
    _l("Known, visible presence in the neighbourhood: daily foot patrol and contact with residents and shopkeepers."),
    _l("Patrols on foot every day; solves problems with partners; refers people to local services; "
       "follows up what residents raised."),
    _STREET, online_share=0, conditions=("low_rotation", "partners_in_training"))

MODELS: tuple[TeamModel, ...] = (
    TeamModel(
        "neighbourhood", _l("Classic neighbourhood team"),
        _l("Community officers on daily foot patrol in a fixed area, with a team leader."),
        _l("Fits when residents' needs are mainly on the street (disorder, drugs, lighting, feeling unsafe at night) "
           "and few adopted needs are online harms."),
        (_STREET_OFFICER, _LEADER)),
    TeamModel(
        "digital_officer", _l("Digital community officer (Dutch model)"),
        _l("A neighbourhood team with one digital community officer working half online and half on the street, "
           "inside a national network with central training."),
        _l("Fits when online and street problems feed each other (online hate, scams, youth conflicts that start "
           "online) and the team should stay one team. The digital officer signals and refers, and does not investigate."),
        (_STREET_OFFICER,
         ModelRole("digital_community_officer", _l("Digital community officer"), 1,
                   _l("Makes the team visible and approachable online, where residents are, and links online signals "
                      "to the street."),
                   _l("Is present on the community's platforms; answers messages; spots signals and refers them to the "
                      "right unit; gives online-safety prevention talks; works the street the other half of the time."),
                   (("dco.platforms", 2), ("dco.webcare", 2), ("dco.signal_refer", 2), ("dco.profile_safety", 2),
                    ("dco.tone", 2), ("dco.motivation", 2), ("dco.cyber_awareness", 1), ("dco.osint", 1),
                    ("rad.community_policing", 2)),
                   online_share=50,
                   conditions=("profile_safety_training", "open_profiles_only", "national_network")),
         _LEADER)),
    TeamModel(
        "internet_patrol", _l("Internet patrol of three (Norwegian model)"),
        _l("Operator one engages people on platforms such as Discord or Minecraft through an institutional \"blue\" "
           "police profile; operator two does the open-source research; a team leader oversees both."),
        _l("Fits a larger area or several groups pooling a unit, when many adopted needs are online harms among young "
           "people (grooming, bullying, extremism) and residents would write to an institutional profile."),
        (ModelRole("operator_engagement", _l("Operator one: online engagement"), 1,
                   _l("Talks with young people and groups where they spend time online, as the police."),
                   _l("Patrols platforms and games through the blue profile; answers questions; prevents and refers; "
                      "joins street events of the neighbourhood team."),
                   (("dco.platforms", 3), ("dco.webcare", 3), ("dco.tone", 3), ("dco.profile_safety", 2),
                    ("dco.signal_refer", 2), ("cop.emotionally_aware", 2), ("dig.new_technologies", 2)),
                   online_share=80, conditions=("profile_safety_training", "blue_profile")),
         ModelRole("operator_research", _l("Operator two: open-source research"), 1,
                   _l("Finds and checks public information behind the signals the patrol receives."),
                   _l("Researches open sources safely; documents findings; prepares referrals to investigating units."),
                   (("dco.osint", 3), ("dig.investigation_basics", 2), ("dig.disinformation", 2),
                    ("cop.analyses_critically", 2), ("dco.profile_safety", 3), ("dco.signal_refer", 2)),
                   online_share=90, conditions=("profile_safety_training", "open_profiles_only")),
         ModelRole("team_leader", _l("Team leader"), 1,
                   _l("Oversees the patrol's online work and is its link to the security group."),
                   _l("Sets priorities from the adopted needs; checks that online work stays preventive and lawful; "
                      "reports to the group."),
                   (("cop.supports_inspires", 2), ("cop.analyses_critically", 2), ("rad.multi_agency", 2),
                    ("dco.signal_refer", 2), ("val.transparency", 2)),
                   online_share=50, conditions=("profile_safety_training",)))),
    TeamModel(
        "web_constables", _l("Web constables (Estonian model)"),
        _l("Officers on social media with personal, named profiles with a photo, who answer every message within "
           "three working days, in the community's languages."),
        _l("Fits when residents, minorities especially, say they would rather write to a named officer than to an "
           "institution, and when the community speaks several languages."),
        (ModelRole("web_constable", _l("Web constable"), 2,
                   _l("A named officer people can write to online, in their own language."),
                   _l("Answers messages within three working days; gives advice and refers; publishes prevention "
                      "messages; meets residents in person when needed. Not an emergency channel."),
                   (("dco.webcare", 3), ("dco.tone", 2), ("dco.platforms", 2), ("dco.profile_safety", 2),
                    ("rad.intercultural_rights", 2), ("dco.signal_refer", 2), ("val.transparency", 2)),
                   online_share=70, conditions=("profile_safety_training", "named_profile", "response_time")),
         _STREET_OFFICER)),
)

# Shown beside the models: why a unit that only investigates is not one of them.
REFERRAL_UNIT_NOTE = _l(
    "A referral unit that only searches open sources and gets harmful content removed, without talking with anyone, "
    "is not a community team model: residents cannot reach it and it builds no trust. It is a place the team refers "
    "signals to; record it as a referral partner in the evaluation cycles.")


def get(key: str) -> TeamModel | None:
    return next((m for m in MODELS if m.key == key), None)


def model_name(key: str) -> str:
    model = get(key)
    return str(model.name) if model else key


def model_role(model_key: str, role_key: str) -> ModelRole | None:
    model = get(model_key)
    if model is None:
        return None
    return next((r for r in model.roles if r.key == role_key), None)
