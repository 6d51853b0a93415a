"""Forms of Step 2, and the plain-text formats the builder uses for options, rows and places.

Options are edited as lines `code | score | text in each survey language`, which
works with a keyboard and without JavaScript, and pastes from a spreadsheet.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from assessments.builder import BuilderError


class BatchForm(FlaskForm):
    label = StringField(_l("Label (for example: door-to-door, Rua A)"), validators=[Length(max=120)])
    size = IntegerField(_l("Number of invitations"), validators=[DataRequired(), NumberRange(min=1, max=2000)])
    neighbourhood_id = SelectField(_l("Neighbourhood"), coerce=int, validators=[Optional()])


class AdoptForm(FlaskForm):
    method = SelectField(_l("How the group decided"), choices=[("consensus", _l("By consensus")), ("vote", _l("By vote"))])
    # Checked by the decision rules (a meeting of the group that has happened), which say what is wrong.
    meeting_id = SelectField(_l("At which meeting"), coerce=int, validators=[Optional()], validate_choice=False)
    votes_for = IntegerField(_l("Votes for"), validators=[Optional(), NumberRange(min=0)])
    votes_against = IntegerField(_l("Votes against"), validators=[Optional(), NumberRange(min=0)])
    votes_abstain = IntegerField(_l("Abstentions"), validators=[Optional(), NumberRange(min=0)])


class NeedForm(FlaskForm):
    title = StringField(_l("Need"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])


class ImportForm(FlaskForm):
    file = FileField(_l("XLSForm file (.xlsx or .xls)"), validators=[FileRequired()])


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("|")]


def parse_options(text: str, languages: list[str], *, with_score: bool) -> list[dict]:
    """Options from lines `code | score | texts…` (score omitted when not asked for)."""
    options = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = _cells(line)
        fixed = 2 if with_score else 1
        if len(cells) < fixed + 1:
            raise BuilderError(_("Line %(n)d of the options: write the code, %(score)sthen the text.", n=number,
                                 score=_("the score (or nothing), ") if with_score else ""))
        option: dict = {"value": cells[0], "label": {lang: text for lang, text in zip(languages, cells[fixed:]) if text}}
        if with_score and cells[1]:
            try:
                option["score"] = float(cells[1]) if "." in cells[1] else int(cells[1])
            except ValueError:
                raise BuilderError(_("Line %(n)d of the options: the score must be a number or left empty.", n=number)) from None
        options.append(option)
    return options


def options_text(options: list[dict], languages: list[str], *, with_score: bool) -> str:
    lines = []
    for option in options or []:
        cells = [str(option.get("value", ""))]
        if with_score:
            cells.append("" if option.get("score") is None else str(option["score"]))
        cells += [(option.get("label") or {}).get(lang, "") for lang in languages]
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def parse_rows(text: str, languages: list[str]) -> list[dict]:
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = _cells(line)
        if len(cells) < 2:
            raise BuilderError(_("Line %(n)d of the rows: write the code, then the text.", n=number))
        rows.append({"value": cells[0], "label": {lang: t for lang, t in zip(languages, cells[1:]) if t}})
    return rows


def rows_text(rows: list[dict], languages: list[str]) -> str:
    return "\n".join(" | ".join([str(r.get("value", ""))] + [(r.get("label") or {}).get(lang, "") for lang in languages])
                     for r in rows or [])


def parse_places(text: str, languages: list[str]) -> list[dict]:
    """Named places of a map question: `code | latitude | longitude | names…`."""
    places = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = _cells(line)
        try:
            lat, lng = float(cells[1]), float(cells[2])
        except (IndexError, ValueError):
            raise BuilderError(_("Line %(n)d of the places: write the code, latitude, longitude, then the name.", n=number)) from None
        places.append({"value": cells[0], "lat": lat, "lng": lng,
                       "label": {lang: t for lang, t in zip(languages, cells[3:]) if t}})
    return places


def places_text(places: list[dict], languages: list[str]) -> str:
    return "\n".join(" | ".join([str(p.get("value", "")), str(p.get("lat", "")), str(p.get("lng", ""))]
                                + [(p.get("label") or {}).get(lang, "") for lang in languages]) for p in places or [])


def translations(form, prefix: str, languages: list[str]) -> dict:
    """{lang: text} from inputs named `<prefix>_<lang>`."""
    return {lang: form.get(f"{prefix}_{lang}", "").strip() for lang in languages if form.get(f"{prefix}_{lang}", "").strip()}


def question_config(form, qtype, languages: list[str], previous: dict | None = None) -> dict:
    """The config of a question from the builder form, keeping keys the form does not show (needs links)."""
    config = dict(previous or {})
    if qtype.has_options and form.get("options") is not None:
        old = {o.get("value"): o for o in config.get("options") or []}
        new = parse_options(form.get("options", ""), languages, with_score=qtype.name in {"likert", "likert_grid"})
        # Keep what the bank attached to an option (its need, "none of these") when only wording changed.
        config["options"] = [{**{k: v for k, v in old.get(o["value"], {}).items() if k not in {"label", "score"}}, **o}
                             for o in new]
    if qtype.has_rows and form.get("rows") is not None:
        old = {r.get("value"): r for r in config.get("rows") or []}
        config["rows"] = [{**{k: v for k, v in old.get(r["value"], {}).items() if k != "label"}, **r}
                          for r in parse_rows(form.get("rows", ""), languages)]
    if qtype.name == "map" and form.get("places") is not None:
        old_places = {p.get("value"): p for p in config.get("places") or []}
        # A place's area (set by import or the API) is kept when only its line was edited.
        config["places"] = [{**({"area": old_places[p["value"]]["area"]} if old_places.get(p["value"], {}).get("area") else {}), **p}
                            for p in parse_places(form.get("places", ""), languages)]
    if qtype.name == "map" and form.get("mode") is not None:
        config["mode"] = "area" if form.get("mode") == "area" else "point"
    if qtype.name in {"numeric", "date"}:
        for key in ("min", "max"):
            raw = (form.get(key) or "").strip()
            if qtype.name == "numeric" and raw:
                try:
                    config[key] = float(raw) if "." in raw else int(raw)
                except ValueError:
                    raise BuilderError(_("The minimum and maximum must be numbers.")) from None
            else:
                config[key] = raw or None
        if qtype.name == "numeric":
            config["integer"] = form.get("integer") == "y"
    if qtype.name == "ranking":
        raw = (form.get("max_ranked") or "").strip()
        config["max_ranked"] = int(raw) if raw.isdecimal() and int(raw) > 0 else None
    return config
