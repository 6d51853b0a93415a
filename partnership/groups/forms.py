"""Forms of Step 1."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length


class SecurityGroupForm(FlaskForm):
    name = StringField(_l("Name of the security group"), validators=[DataRequired(), Length(max=160)])
    municipality_id = SelectField(_l("Municipality"), coerce=int, validators=[DataRequired()])
    neighbourhood_ids = SelectMultipleField(
        _l("Neighbourhoods it covers"), coerce=int,
        validators=[DataRequired(message=_l("Choose at least one neighbourhood."))],
    )
    description = TextAreaField(_l("Short description"), validators=[Length(max=2000)])
