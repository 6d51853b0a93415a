"""Forms of Step 1: they parse and keep what the user typed; the use cases decide what is valid."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from partnership.groups.charter import SECTIONS, SIGN_OFF_RULE_LABELS
from partnership.converters import bounded_int
from partnership.groups.decisions import METHOD_LABELS
from partnership.groups.models import STAKEHOLDER_LABELS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class SecurityGroupForm(FlaskForm):
    name = StringField(_l("Name of the security group"), validators=[DataRequired(), Length(max=160)])
    municipality_id = SelectField(_l("Municipality"), coerce=int, validators=[DataRequired()])
    neighbourhood_ids = SelectMultipleField(
        _l("Neighbourhoods it covers"), coerce=int,
        validators=[DataRequired(message=_l("Choose at least one neighbourhood."))],
    )
    description = TextAreaField(_l("Short description"), validators=[Length(max=2000)])


class InviteOrganisationForm(FlaskForm):
    name = StringField(_l("Name of the organisation"), validators=[DataRequired(message=_l("Enter the name of the organisation.")),
                                                                  Length(max=160)])
    stakeholder_type = SelectField(
        _l("Stakeholder type"),
        choices=[("", _l("Choose one"))] + [(kind.value, label) for kind, label in STAKEHOLDER_LABELS.items()],
        validators=[DataRequired(message=_l("Choose a stakeholder type from the list."))],
    )
    representative_email = EmailField(
        _l("Representative's email"),
        validators=[DataRequired(message=_l("Enter the email address of the organisation's representative.")),
                    Email(check_deliverability=False, message=_l("Enter an email address like name@example.org.")),
                    Length(max=254)],
    )
    mandate = TextAreaField(_l("Mandate"), validators=[Length(max=2000)])


class MandateForm(FlaskForm):
    mandate = TextAreaField(_l("Mandate"), validators=[Length(max=2000)])


class CharterForm(FlaskForm):
    purpose = TextAreaField(SECTIONS["purpose"][0], validators=[DataRequired(), Length(max=SECTIONS["purpose"][1])])
    territory = TextAreaField(SECTIONS["territory"][0], validators=[DataRequired(), Length(max=SECTIONS["territory"][1])])
    decision_making = TextAreaField(SECTIONS["decision_making"][0],
                                    validators=[DataRequired(), Length(max=SECTIONS["decision_making"][1])])
    meeting_rhythm = StringField(SECTIONS["meeting_rhythm"][0],
                                 validators=[DataRequired(), Length(max=SECTIONS["meeting_rhythm"][1])])
    data_protection = TextAreaField(SECTIONS["data_protection"][0],
                                    validators=[DataRequired(), Length(max=SECTIONS["data_protection"][1])])
    sign_off_rule = RadioField(_l("Who must sign for the charter to take effect"),
                               choices=[(rule.value, label) for rule, label in SIGN_OFF_RULE_LABELS.items()],
                               validators=[InputRequired(message=_l("Choose who must sign the charter."))])


class MeetingForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(message=_l("Give the meeting a title.")), Length(max=200)])
    starts_at = DateTimeLocalField(_l("Date and time"), format=DATETIME_FORMAT,
                                   validators=[InputRequired(message=_l("Enter the date and time of the meeting."))])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    online_link = StringField(_l("Online link"), validators=[Length(max=500)])
    agenda = TextAreaField(_l("Agenda"), validators=[Length(max=20000)])


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Minutes"), validators=[DataRequired(message=_l("Write the minutes before saving them.")),
                                                       Length(max=20000)])


# Far above any real group's organisations; the bound keeps 20-digit counts out of the database's integers.
MAX_VOTES = 10000


def _vote_range() -> NumberRange:
    return NumberRange(min=0, max=MAX_VOTES, message=_l("Vote counts must be whole numbers from 0 to %(max)d.",
                                                        max=MAX_VOTES))


class DecisionForm(FlaskForm):
    title = StringField(_l("What was decided"), validators=[DataRequired(message=_l("Say in a few words what was decided.")),
                                                          Length(max=200)])
    text = TextAreaField(_l("Details"), validators=[Length(max=20000)])
    meeting_id = SelectField(_l("Meeting"), coerce=bounded_int, validate_choice=False)
    method = RadioField(_l("How it was decided"),
                        choices=[(method.value, label) for method, label in METHOD_LABELS.items()],
                        validators=[InputRequired(message=_l("Choose how the decision was taken."))])
    votes_for = IntegerField(_l("Votes for"), validators=[Optional(), _vote_range()])
    votes_against = IntegerField(_l("Votes against"), validators=[Optional(), _vote_range()])
    votes_abstain = IntegerField(_l("Abstentions"), validators=[Optional(), _vote_range()])
