"""Forms of Step 4: they keep what the user typed; the use cases decide what is valid.

Per-competence inputs (weights, scores, course levels) and per-seat choices depend on
the vacancy, so those are read from the request by name in the views.
"""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from partnership.groups.decisions import METHOD_LABELS

MODE_LABELS = {"classroom": _l("Classroom"), "online": _l("Online"), "blended": _l("Blended")}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TargetForm(FlaskForm):
    readiness_target = IntegerField(_l("Readiness target (%)"), validators=[
        InputRequired(message=_l("Enter a target from 1 to 100.")),
        NumberRange(min=1, max=100, message=_l("Enter a target from 1 to 100."))])


class CandidateForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Enter the candidate's name.")), Length(max=120)])
    unit = StringField(_l("Current unit"), validators=[DataRequired(message=_l("Enter the candidate's current unit.")),
                                                      Length(max=160)])
    languages = StringField(_l("Languages spoken"), validators=[Length(max=400)])
    platforms = StringField(_l("Platforms the candidate knows"), validators=[Length(max=400)])
    motivation = TextAreaField(_l("Statement of motivation"), validators=[DataRequired(
        message=_l("The statement of motivation is part of the selection: enter it.")), Length(max=5000)])
    online_motivation = TextAreaField(_l("Motivation to work online"), validators=[DataRequired(
        message=_l("The statement of motivation is part of the selection: enter it.")), Length(max=5000)])


class PanelForm(FlaskForm):
    enabled = BooleanField(_l("Community partners sit on the panel and score anonymised answers"))
    decision_id = SelectField(_l("The group's decision"), coerce=int, validators=[Optional()])


class AppointForm(FlaskForm):
    method = SelectField(_l("How the group decided"), choices=[(k.value, v) for k, v in METHOD_LABELS.items()])
    votes_for = IntegerField(_l("Votes for"), validators=[Optional()])
    votes_against = IntegerField(_l("Votes against"), validators=[Optional()])
    votes_abstain = IntegerField(_l("Abstentions"), validators=[Optional()])
    started_on = DateField(_l("Takes up the role on"), validators=[InputRequired(message=_l("Enter a date."))])


class CompleteForm(FlaskForm):
    completed_on = DateField(_l("Completed on"), validators=[InputRequired(message=_l("Enter the date the course was completed."))])
    reached = MultiCheckboxField(_l("Levels reached, as assessed"), validators=[Optional()])
    assessment_note = TextAreaField(_l("Assessment note"), validators=[Length(max=5000)])


class LeaveForm(FlaskForm):
    ended_on = DateField(_l("Leaves the role on"), validators=[InputRequired(message=_l("Enter the date the officer leaves."))])
    reason = StringField(_l("Reason"), validators=[DataRequired(
        message=_l("Say why the officer leaves (for example: redeployed to another unit).")), Length(max=200)])


class CourseForm(FlaskForm):
    title = StringField(_l("Course title"), validators=[DataRequired(message=_l("Enter the course title.")), Length(max=200)])
    provider = StringField(_l("Provider"), validators=[DataRequired(message=_l("Enter who runs the course.")), Length(max=200)])
    days = FloatField(_l("Length in days"), validators=[InputRequired(message=_l("Enter the length in days, for example 0.5 or 3.")),
                                                        NumberRange(min=0.1, max=365)])
    mode = SelectField(_l("Mode"), choices=list(MODE_LABELS.items()))
    language = StringField(_l("Language"), validators=[Length(max=40)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    active = BooleanField(_l("Offered now (used for new training plans)"), default=True)
