"""Forms of the maps pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FloatField, SelectField, StringField, TextAreaField
from wtforms.widgets import NumberInput
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from maps.cleaning import DEFAULT_GAP_WIDTH_M, MAX_GAP_WIDTH_M, MIN_GAP_WIDTH_M


class UploadForm(FlaskForm):
    file = FileField(_l("Boundary file"), validators=[FileRequired(_l("Choose a file to upload."))])
    attribution = StringField(_l("Attribution required by the data's licence"), validators=[Optional(), Length(max=300)])
    note = TextAreaField(_l("Note for the reviewers"), validators=[Optional(), Length(max=2000)])


class ImportOptionsForm(FlaskForm):
    """The questions an import may ask; choices are filled from the file."""

    layer = SelectField(_l("Layer"), choices=[], validate_choice=False)
    name_field = SelectField(_l("Field with the neighbourhood names"), choices=[], validate_choice=False)
    code_field = SelectField(_l("Field with the official codes"), choices=[], validate_choice=False)
    crs = SelectField(_l("Coordinate reference system"), choices=[], validate_choice=False)
    crs_other = StringField(_l("Other CRS (EPSG code)"), validators=[Optional(), Length(max=200)])
    tolerance_m2 = FloatField(_l("Report overlaps and gaps larger than (m²)"), default=1.0,
                              validators=[Optional(), NumberRange(min=0, max=1_000_000)])
    removals_confirmed = BooleanField(_l("The areas missing from this file are removed on purpose"))


class ReviewRuleForm(FlaskForm):
    second_reviewer = BooleanField(_l("A second reviewer approves: whoever imported a draft cannot approve it"))


class RepairForm(FlaskForm):
    """The opt-in repair of gaps and overlaps, with the widest gap to close, in metres."""

    repair_gap_m = FloatField(
        _l("Repair gaps and overlaps up to (m)"), default=DEFAULT_GAP_WIDTH_M,
        widget=NumberInput(step="any", min=MIN_GAP_WIDTH_M, max=MAX_GAP_WIDTH_M),
        validators=[InputRequired(_l("Enter a width in metres.")),
                    NumberRange(min=MIN_GAP_WIDTH_M, max=MAX_GAP_WIDTH_M,
                                message=_l("Choose a width between %(min)s and %(max)s m: wider gaps are not slivers "
                                           "but real differences, to be corrected in the file."))])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=5000)])


class DecisionForm(FlaskForm):
    body = TextAreaField(_l("Reason or remark"), validators=[Optional(), Length(max=5000)])
