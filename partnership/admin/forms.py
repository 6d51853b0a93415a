"""Forms for user administration."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from partnership.auth.roles import ROLE_LABELS


def role_choices():
    return [(role.value, label) for role, label in ROLE_LABELS.items()]


def invite_role_choices():
    # No default: a missed field must not quietly create an administrator.
    return [("", _l("Choose a role"))] + role_choices()


class InviteUserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=invite_role_choices,
                       validators=[DataRequired(message=_l("Choose the role of the new user."))])
    organisation_name = StringField(_l("Organisation"), validators=[Optional(), Length(max=160)])
    municipality_id = SelectField(_l("Municipality (for municipality reviewers)"), coerce=int, validators=[Optional()])


class ChangeRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])
    municipality_id = SelectField(_l("Municipality"), coerce=int, validators=[Optional()])
