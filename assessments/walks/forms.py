"""Forms of safety walks. Ratings are read by the checklist itself (`scoring.clean_ratings`), as items vary per walk."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import DateField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget


class PlanForm(FlaskForm):
    route_name = StringField(_l("Route name"), validators=[DataRequired(), Length(max=160)])
    walk_on = DateField(_l("Date"), validators=[DataRequired()])
    starts_at = StringField(_l("Start time (HH:MM)"), validators=[Optional(), Regexp(r"^([01]\d|2[0-3]):[0-5]\d$",
                                                                                       message=_l("Write the time as HH:MM, for example 21:30."))])
    period = RadioField(_l("Day or night"), choices=[("day", _l("Day")), ("night", _l("Night"))], default="night",
                        validators=[DataRequired()])
    # GeoJSON of the line drawn on the map (static/js/walk-route.js); optional, the list of stops needs no map.
    route_line = HiddenField(validators=[Optional(), Length(max=60000)])
    route = TextAreaField(_l("Planned stops, one per line"), validators=[Optional(), Length(max=8000)])
    organisation_ids = SelectMultipleField(_l("Participating organisations"), coerce=int, validators=[Optional()],
                                           widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())


class ItemForm(FlaskForm):
    label = StringField(_l("New checklist item (rated 0 to 3)"), validators=[DataRequired(), Length(max=120)])


# One message for every text limit of a stop, so the phone's check (walks.checks) says what the server says.
TOO_LONG = _l("Write at most %(max)d characters.")


class RecordForm(FlaskForm):
    client_key = HiddenField()
    place = SelectField(_l("Place"), validate_choice=False, validators=[Optional()])
    label = StringField(_l("Stop name"), validators=[Optional(), Length(max=160, message=TOO_LONG)])
    lat = StringField(_l("Latitude"), validators=[Optional()])
    lng = StringField(_l("Longitude"), validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000, message=TOO_LONG)])
    recommendation = TextAreaField(_l("Recommendation"), validators=[Optional(), Length(max=4000, message=TOO_LONG)])
    photo = FileField(_l("Photo (optional)"), validators=[Optional(), FileAllowed(["jpg", "jpeg", "png"],
                                                                                    _l("Send a JPEG or PNG picture."))])


class NeedFromStopForm(FlaskForm):
    title = StringField(_l("Need"), validators=[DataRequired(), Length(max=200)])
