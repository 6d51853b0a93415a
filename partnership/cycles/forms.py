"""Forms of the evaluation cycle pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from partnership.cycles.engagement import KINDS
from partnership.cycles.lifecycle import TRAINING_MODES
from partnership.cycles.problem_solving import ACTION_LABELS, DISPLACEMENT_LABELS, IMPACT_LABELS
from partnership.cycles.signals import PLATFORMS, REFERRALS, THEMES

METHODS = [("consensus", _l("By consensus")), ("vote", _l("By a vote"))]


class OpenCycleForm(FlaskForm):
    starts_on = DateField(_l("Starts on"), validators=[InputRequired(_l("Enter the start date."))])
    months = SelectField(_l("Period"), choices=[(12, _l("Twelve months")), (6, _l("Six months"))], coerce=int)


class SettingsForm(FlaskForm):
    max_active_priorities = IntegerField(_l("Active priorities at a time"), validators=[
        InputRequired(), NumberRange(1, 10, _l("Between 1 and 10."))])
    response_target_days = IntegerField(_l("Answer online messages within (working days)"), validators=[
        InputRequired(), NumberRange(1, 30, _l("Between 1 and 30."))])
    public_page = BooleanField(_l("Publish the “You said, we did” page of our neighbourhoods"))


class TrainingForm(FlaskForm):
    title = StringField(_l("Training"), validators=[DataRequired(_l("Name the training.")), Length(max=200)])
    who = StringField(_l("Who attends (roles or organisations)"), validators=[Length(max=200)])
    days = FloatField(_l("Days"), default=1.0, validators=[InputRequired(_l("Enter the number of days.")),
                                                            NumberRange(0.5, 365)])
    mode = SelectField(_l("How"), choices=list(TRAINING_MODES.items()))


class ActivityForm(FlaskForm):
    kind = SelectField(_l("Activity"), choices=[(k, label) for k, (_c, label) in KINDS.items()])
    happened_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    platform = SelectField(_l("Platform (online activities)"), choices=[("", "—")] + list(PLATFORMS.items()))
    neighbourhood_id = SelectField(_l("Neighbourhood"), coerce=int)
    place = StringField(_l("Place (street, school, online group)"), validators=[Length(max=200)])
    contacts = IntegerField(_l("Contacts made"), default=0, validators=[InputRequired(_l("Enter a number (0 if none).")),
                                                                         NumberRange(0, 100000)])
    partners = StringField(_l("Partners involved"), validators=[Length(max=300)])
    notes = TextAreaField(_l("Notes (no names of residents)"), validators=[Length(max=4000)])


class MessagesForm(FlaskForm):
    platform = SelectField(_l("Platform"), choices=list(PLATFORMS.items()))
    received_on = DateField(_l("Received on"), validators=[InputRequired(_l("Enter the date."))])
    count = IntegerField(_l("Messages"), default=1, validators=[InputRequired(), NumberRange(1, 100000)])
    answered_on = DateField(_l("Answered on (leave empty if not yet)"), validators=[Optional()])


class SignalForm(FlaskForm):
    observed_on = DateField(_l("Seen on"), validators=[InputRequired(_l("Enter the date."))])
    platform = SelectField(_l("Platform"), choices=list(PLATFORMS.items()))
    theme = SelectField(_l("Theme"), choices=list(THEMES.items()))
    description = TextAreaField(_l("The trend (never a person)"), validators=[
        DataRequired(_l("Describe the trend you saw.")), Length(max=4000)])
    neighbourhood_id = SelectField(_l("The place it concerns"), coerce=int)
    referred_to = SelectField(_l("Referred to"), choices=list(REFERRALS.items()))
    referred_detail = StringField(_l("Which unit or partner"), validators=[Length(max=200)])
    outcome = TextAreaField(_l("Outcome"), validators=[Length(max=4000)])


class PriorityForm(FlaskForm):
    need = SelectField(_l("Need"))
    title = StringField(_l("Or word it yourselves"), validators=[Length(max=200)])


class RecordForm(FlaskForm):
    scanning = TextAreaField(_l("Scanning: the evidence"), validators=[Length(max=20000)])
    analysis = TextAreaField(_l("Analysis: causes, places, times, who is affected"), validators=[Length(max=20000)])
    impact = RadioField(_l("Impact, when no indicator measures it"), choices=list(IMPACT_LABELS.items()), default="unknown")
    displacement = SelectField(_l("Displacement or diffusion of benefits"), choices=list(DISPLACEMENT_LABELS.items()))
    displacement_notes = TextAreaField(_l("Notes on displacement or diffusion"), validators=[Length(max=20000)])


class ActionForm(FlaskForm):
    description = StringField(_l("Action"), validators=[DataRequired(_l("Say what will be done.")), Length(max=300)])
    owner = StringField(_l("Owner (organisation or role)"), validators=[
        DataRequired(_l("Say which organisation or role carries it out.")), Length(max=160)])
    deadline = DateField(_l("Deadline"), validators=[Optional()])


class ActionStatusForm(FlaskForm):
    action_id = HiddenField()
    status = SelectField(_l("Status"), choices=list(ACTION_LABELS.items()))


class DecisionForm(FlaskForm):
    meeting_id = SelectField(_l("Meeting where the group agreed"), coerce=int)
    method = SelectField(_l("How the group decided"), choices=METHODS)
    votes_for = IntegerField(_l("Votes for"), validators=[Optional(), NumberRange(0)])
    votes_against = IntegerField(_l("Votes against"), validators=[Optional(), NumberRange(0)])
    votes_abstain = IntegerField(_l("Abstentions"), validators=[Optional(), NumberRange(0)])


class CloseCycleForm(DecisionForm):
    lessons = TextAreaField(_l("What the cycle taught the group"), validators=[
        DataRequired(_l("Write down what the cycle taught the group before adopting the report.")),
        Length(max=20000)])


class CountIndicatorForm(FlaskForm):
    title = StringField(_l("Indicator"), validators=[DataRequired(_l("Name the indicator.")), Length(max=200)])
    priority_id = SelectField(_l("Priority"), coerce=int)
    baseline = FloatField(_l("Baseline"), validators=[Optional()])
    target = FloatField(_l("Target"), validators=[Optional()])
    higher_is_better = SelectField(_l("Better when"), choices=[("1", _l("higher")), ("0", _l("lower"))])


class IndicatorValuesForm(FlaskForm):
    indicator_id = HiddenField()
    target = FloatField(_l("Target"), validators=[Optional()])
    follow_up = FloatField(_l("Follow-up value"), validators=[Optional()])
