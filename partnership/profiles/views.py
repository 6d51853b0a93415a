"""Step 3 pages: choose a team model, draft and trace the profile, comment, adopt, compare, print."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from partnership import access
from partnership.auth.roles import Role
from partnership.extensions import db
from partnership.groups.models import Meeting
from partnership.groups.permissions import can_plan_group, can_work_in_group, represented_organisations
from partnership.profiles import (
    adoption,
    bp,
    diff,
    drafting,
    library,
    suggestions,
    team_models,
    traceability,
    vocabulary,
)
from partnership.profiles.drafting import ProfileError
from partnership.profiles.forms import AdoptForm, LocalCompetenceForm, RoleForm
from partnership.profiles.library import LibraryError
from partnership.profiles.models import ProfileRole, Requirement, RequirementKind, TeamProfile
from partnership.profiles.public import current_adopted

STAFF = (Role.PLANNER, Role.REVIEWER, Role.PARTNER)
PLANNERS = {"check": can_plan_group, "description": "the group's planners"}


def _lang() -> str:
    return str(get_locale() or "en")


def _profile(profile_id: int) -> TeamProfile:
    return access.in_group_or_404(TeamProfile, profile_id)


def _role(profile: TeamProfile, role_id: int) -> ProfileRole:
    role = db.session.get(ProfileRole, role_id)
    if role is None or role.profile_id != profile.id:
        abort(404)
    return role


def _requirement(profile: TeamProfile, requirement_id: int) -> Requirement:
    requirement = db.session.get(Requirement, requirement_id)
    if requirement is None or requirement.role.profile_id != profile.id:
        abort(404)
    return requirement


def _to_profile(profile: TeamProfile, anchor: str = ""):
    return redirect(url_for("profiles.profile", group_id=profile.group_id, profile_id=profile.id) + anchor)


def _refused(error: Exception) -> None:
    db.session.rollback()
    flash(str(error), "error")


@bp.route("/groups/<int:group_id>/profile")
@access.group(*STAFF)
def overview(group_id: int):
    """Step 3 at a glance: the adopted version, the draft, earlier versions, and the team models."""
    return render_template("profiles/overview.html", group=g.group, adopted=current_adopted(g.group),
                           draft=drafting.draft_of(g.group), versions=drafting.versions(g.group),
                           models=team_models.MODELS, referral_note=team_models.REFERRAL_UNIT_NOTE,
                           needs_list=traceability_list(g.group), can_plan=can_plan_group(current_user, g.group))


def traceability_list(group):
    from assessments.needs import adopted_list

    return adopted_list(group)


@bp.route("/groups/<int:group_id>/profile/start", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def start(group_id: int):
    try:
        profile = drafting.start(g.group, request.form.get("team_model", ""), user=current_user)
    except ProfileError as error:
        _refused(error)
        return redirect(url_for("profiles.overview", group_id=group_id))
    flash(_("Version %(version)d is drafted from the model “%(model)s”. Adapt the roles, trace them to the needs, "
            "then adopt it with the group.", version=profile.version, model=team_models.model_name(profile.team_model)),
          "success")
    return _to_profile(profile)


def _adopt_form(group) -> AdoptForm:
    form = AdoptForm()
    meetings = db.session.scalars(select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at.desc())).all()
    form.meeting_id.choices = [(0, _("Not at a meeting"))] + [(m.id, f"{m.title} ({m.starts_at:%Y-%m-%d})") for m in meetings]
    return form


def _page_context(profile: TeamProfile) -> dict:
    trace = traceability.trace(profile)
    previous = db.session.get(TeamProfile, profile.previous_id) if profile.previous_id else None
    return {
        "group": g.group, "profile": profile, "model": team_models.get(profile.team_model), "trace": trace,
        "needs_by_id": {n.id: n for n in trace.needs}, "unanswering": traceability.unanswering(profile),
        "open_suggestions": suggestions.open_suggestions(profile),
        "decided_suggestions": [s for s in profile.suggestions if s.status != "open"],
        "previous": previous, "changes": diff.compare(previous, profile) if previous else [],
        "describe": diff.describe, "can_plan": can_plan_group(current_user, g.group),
        "can_comment": can_work_in_group(current_user, g.group) and not profile.is_frozen,
        "form": _adopt_form(g.group), "decision_rule": adoption.decision_rule(g.group),
        "competences": library.library_competences(g.group), "tr": library.tr, "lang": _lang(),
        "levels": library.LEVEL_NAMES, "vocabulary": vocabulary, "kinds": RequirementKind,
        "default_role": suggestions.default_role,
    }


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>")
@access.group(*STAFF)
def profile(group_id: int, profile_id: int):
    return render_template("profiles/profile.html", **_page_context(_profile(profile_id)))


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/roles/<int:role_id>")
@access.group(Role.PLANNER, **PLANNERS)
def role_edit(group_id: int, profile_id: int, role_id: int):
    profile = _profile(profile_id)
    role = _role(profile, role_id)
    form = RoleForm(obj=role)
    return render_template("profiles/role.html", role=role, role_form=form, **_page_context(profile))


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/roles", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def role_add(group_id: int, profile_id: int):
    profile = _profile(profile_id)
    try:
        role = drafting.add_role(profile, title=request.form.get("title", ""), count=request.form.get("count"),
                                 purpose=request.form.get("purpose", ""),
                                 responsibilities=request.form.get("responsibilities", ""))
    except ProfileError as error:
        _refused(error)
        return _to_profile(profile, "#add-role")
    flash(_("The role “%(title)s” is added.", title=role.title), "success")
    return redirect(url_for("profiles.role_edit", group_id=group_id, profile_id=profile_id, role_id=role.id))


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/roles/<int:role_id>", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def role_change(group_id: int, profile_id: int, role_id: int):
    profile = _profile(profile_id)
    role = _role(profile, role_id)
    try:
        if request.form.get("action") == "remove":
            title = role.title
            drafting.remove_role(role)
            flash(_("The role “%(title)s” is removed.", title=title), "success")
            return _to_profile(profile)
        drafting.edit_role(role, title=request.form.get("title", ""), count=request.form.get("count"),
                           purpose=request.form.get("purpose", ""),
                           responsibilities=request.form.get("responsibilities", ""))
        flash(_("The role is saved."), "success")
    except ProfileError as error:
        _refused(error)
    return redirect(url_for("profiles.role_edit", group_id=group_id, profile_id=profile_id, role_id=role_id))


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/roles/<int:role_id>/requirements", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def requirement_add(group_id: int, profile_id: int, role_id: int):
    profile = _profile(profile_id)
    role = _role(profile, role_id)
    kind = request.form.get("kind", "")
    try:
        requirement = drafting.add_requirement(role, kind=kind, value=request.form.get("value", ""),
                                               level=request.form.get("level"),
                                               need_ids=request.form.getlist("need_ids"),
                                               note=request.form.get("note", ""))
        flash(_("Requirement added: %(requirement)s.", requirement=diff.describe(requirement)), "success")
    except ProfileError as error:
        _refused(error)
    return redirect(url_for("profiles.role_edit", group_id=group_id, profile_id=profile_id, role_id=role_id)
                    + f"#add-{kind}")


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/requirements/<int:requirement_id>", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def requirement_change(group_id: int, profile_id: int, requirement_id: int):
    profile = _profile(profile_id)
    requirement = _requirement(profile, requirement_id)
    role_id = requirement.role_id
    try:
        if request.form.get("action") == "remove":
            drafting.remove_requirement(requirement)
            flash(_("The requirement is removed."), "success")
        else:
            drafting.edit_requirement(requirement, level=request.form.get("level", requirement.level),
                                      need_ids=request.form.getlist("need_ids"), note=request.form.get("note", ""),
                                      value=request.form.get("value"))
            flash(_("The requirement is saved."), "success")
    except ProfileError as error:
        _refused(error)
    if request.form.get("back") == "profile":
        return _to_profile(profile, f"#req-{requirement_id}")
    return redirect(url_for("profiles.role_edit", group_id=group_id, profile_id=profile_id, role_id=role_id)
                    + f"#req-{requirement_id}")


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/requirements/<int:requirement_id>/comments",
          methods=["POST"])
@access.group(Role.PLANNER, Role.PARTNER, check=can_work_in_group, description="the group's planners and partners")
def comment(group_id: int, profile_id: int, requirement_id: int):
    profile = _profile(profile_id)
    requirement = _requirement(profile, requirement_id)
    organisations = represented_organisations(current_user, g.group)
    try:
        drafting.comment(requirement, body=request.form.get("body", ""), user=current_user,
                         organisation_name=", ".join(o.name for o in organisations))
        flash(_("Your comment is added."), "success")
    except ProfileError as error:
        _refused(error)
    return _to_profile(profile, f"#req-{requirement_id}")


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/suggestions", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def suggest(group_id: int, profile_id: int):
    profile = _profile(profile_id)
    try:
        made = suggestions.generate(profile, _lang(), user=current_user)
    except ProfileError as error:
        _refused(error)
        return _to_profile(profile)
    if made:
        flash(_("%(count)d suggestions from the evidence. Accept or dismiss each one.", count=len(made)), "success")
    else:
        flash(_("The evidence gives no new suggestion."), "info")
    return _to_profile(profile, "#suggestions")


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/suggestions/<int:suggestion_id>", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def suggestion_decide(group_id: int, profile_id: int, suggestion_id: int):
    profile = _profile(profile_id)
    suggestion = suggestions.in_profile(profile, suggestion_id)
    if suggestion is None:
        abort(404)
    try:
        if request.form.get("action") == "dismiss":
            suggestions.dismiss(suggestion, user=current_user)
            flash(_("Suggestion dismissed."), "success")
        else:
            role_id = request.form.get("role_id", type=int)
            role = _role(profile, role_id) if role_id else None
            if role is None:
                raise ProfileError(_("Choose a role of this profile."))
            suggestions.accept(suggestion, role, user=current_user)
            flash(_("Suggestion accepted for the role “%(role)s”.", role=role.title), "success")
    except ProfileError as error:
        _refused(error)
    return _to_profile(profile, "#suggestions")


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/adopt", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def adopt(group_id: int, profile_id: int):
    profile = _profile(profile_id)
    form = _adopt_form(g.group)
    if not form.validate_on_submit():
        flash(_("Please check the decision details."), "error")
        return _to_profile(profile, "#adopt")
    try:
        adoption.adopt(profile, method=form.method.data, user=current_user, meeting_id=form.meeting_id.data or None,
                       votes_for=form.votes_for.data, votes_against=form.votes_against.data,
                       votes_abstain=form.votes_abstain.data)
    except ProfileError as error:
        _refused(error)
        return _to_profile(profile, "#adopt")
    flash(_("Version %(version)d of the profile is adopted and recorded as a decision of the group. Step 3 is complete.",
            version=profile.version), "success")
    return _to_profile(profile)


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/new-version", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def new_version(group_id: int, profile_id: int):
    draft = drafting.new_version(_profile(profile_id), user=current_user)
    flash(_("Version %(version)d is a draft copy. The adopted version stays as it is until the group adopts the new one.",
            version=draft.version), "success")
    return _to_profile(draft)


@bp.route("/groups/<int:group_id>/profiles/<int:profile_id>/print")
@access.group(*STAFF)
def print_profile(group_id: int, profile_id: int):
    """The profile as a printable document (for the vacancy), in one of the group's languages."""
    profile = _profile(profile_id)
    languages = _group_languages(g.group)
    lang = request.args.get("in") if request.args.get("in") in languages else _lang()
    with force_locale(lang):
        return render_template("profiles/print.html", group=g.group, profile=profile, languages=languages,
                               print_lang=lang, model=team_models.get(profile.team_model),
                               trace=traceability.trace(profile), describe=diff.describe, tr=library.tr,
                               levels=library.LEVEL_NAMES, kinds=RequirementKind, vocabulary=vocabulary,
                               find=library.find, role_text=_role_text)


def _group_languages(group) -> list[str]:
    """The languages of the group's survey (what its residents read), else the installation's."""
    from partnership.profiles.suggestions import _survey_of

    draft_or_adopted = current_adopted(group) or drafting.draft_of(group)
    survey = _survey_of(draft_or_adopted) if draft_or_adopted else None
    configured = list(current_app.config["LANGUAGES"])
    if survey is not None:
        return [code for code in survey.languages if code in configured] or configured
    return configured


def _role_text(profile: TeamProfile, role: ProfileRole, field: str) -> str:
    """A role's text in the print language when it is still the team model's wording, else as the group wrote it."""
    template = team_models.model_role(profile.team_model, role.key)
    written = getattr(role, field)
    if template is None:
        return written
    for code in current_app.config["LANGUAGES"]:
        with force_locale(code):
            if str(getattr(template, field)) == written:
                break
    else:
        return written
    return str(getattr(template, field))


def _library_page(form: LocalCompetenceForm, status: int = 200):
    return render_template("profiles/competences.html", group=g.group, edition=library.ensure_library(),
                           entries=library.library_competences(g.group), form=form,
                           can_plan=can_plan_group(current_user, g.group), tr=library.tr, lang=_lang(),
                           levels=library.LEVEL_NAMES, domains=library.DOMAIN_NAMES,
                           families=library.FAMILY_NAMES), status


@bp.route("/groups/<int:group_id>/competences")
@access.group(*STAFF)
def competences(group_id: int):
    """The competence library with the group's local competences."""
    return _library_page(LocalCompetenceForm(formdata=None))


@bp.route("/groups/<int:group_id>/competences", methods=["POST"])
@access.group(Role.PLANNER, **PLANNERS)
def competence_add(group_id: int):
    """A local competence the group needs and the library lacks."""
    form = LocalCompetenceForm()
    if form.validate_on_submit():
        try:
            added = library.add_local(g.group, name=form.name.data, description=form.description.data,
                                      domain=form.domain.data, lang=_lang(), user=current_user,
                                      behaviours={1: form.level_1.data, 2: form.level_2.data, 3: form.level_3.data})
        except LibraryError as error:
            db.session.rollback()
            form.name.errors = list(form.name.errors) + [str(error)]
        else:
            flash(_("The local competence “%(name)s” is added to the group's library.", name=added.name.get(_lang())),
                  "success")
            return redirect(url_for("profiles.competences", group_id=group_id) + f"#c-{added.code}")
    return _library_page(form, 400)
