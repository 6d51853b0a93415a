"""Forms of the Step 3 pages (requirement forms carry dynamic need lists and are read in the views)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from partnership.profiles.library import DOMAIN_NAMES


class AdoptForm(FlaskForm):
    method = SelectField(_l("How the group decided"), choices=[("consensus", _l("By consensus")), ("vote", _l("By vote"))])
    meeting_id = SelectField(_l("At which meeting"), coerce=int, validators=[Optional()])
    votes_for = IntegerField(_l("Votes for"), validators=[Optional(), NumberRange(min=0)])
    votes_against = IntegerField(_l("Votes against"), validators=[Optional(), NumberRange(min=0)])
    votes_abstain = IntegerField(_l("Abstentions"), validators=[Optional(), NumberRange(min=0)])


class RoleForm(FlaskForm):
    title = StringField(_l("Role title"), validators=[DataRequired(), Length(max=160)])
    count = IntegerField(_l("Number of officers"), default=1, validators=[DataRequired(), NumberRange(min=1, max=200)])
    purpose = TextAreaField(_l("Purpose"), validators=[Optional(), Length(max=5000)])
    responsibilities = TextAreaField(_l("Responsibilities"), validators=[Optional(), Length(max=5000)])


class LocalCompetenceForm(FlaskForm):
    name = StringField(_l("Name of the competence"), validators=[DataRequired(), Length(max=120)])
    domain = SelectField(_l("Domain"), choices=[(key, label) for key, label in DOMAIN_NAMES.items()])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    level_1 = TextAreaField(_l("What a practitioner does"), validators=[DataRequired(), Length(max=1000)])
    level_2 = TextAreaField(_l("What an experienced officer also does"), validators=[DataRequired(), Length(max=1000)])
    level_3 = TextAreaField(_l("What an expert also does"), validators=[DataRequired(), Length(max=1000)])
