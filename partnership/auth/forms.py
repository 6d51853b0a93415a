"""Forms for signing in and setting a password."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from partnership.auth import passwords


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


def check_password_strength(form, field) -> None:
    reason = passwords.problem(field.data or "", email=getattr(form, "email_value", "") or "",
                               name=getattr(form, "name_value", "") or "")
    if reason:
        raise ValidationError(reason)


class SetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), check_password_strength])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords do not match."))],
    )


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])


class ApiTokenForm(FlaskForm):
    label = StringField(_l("What is this token for?"), validators=[DataRequired(), Length(max=80)])


class ResetRequestForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)])
