"""Mapping pyxform's normalised form onto a draft survey; everything not kept is reported by row."""
from __future__ import annotations

import math
import re

from flask_babel import gettext as _

from assessments.question_types import CODE_RE
from assessments.xlsform import conditions
from assessments.xlsform.languages import DEFAULT
from assessments.xlsform.reading import ReadForm
from assessments.xlsform.report import ImportReport
from partnership.lazy import lazy_module

question_types = lazy_module("pyxform.question_type_dictionary")

PLACE_SUFFIX = "__place"
GRID_HEADER = "__header"
TRUE = {"yes", "true", "true()", "1"}
TIMESTAMPS = {"start", "end", "today"}
TRACKING = {"start-geopoint", "background-audio", "audit", "background-geopoint"}
NOT_SHOWN = {"calculate", "hidden", "xml-external", "csv-external", "entity"}
FILE_LISTS = (".csv", ".xml", ".geojson")
# Elements pyxform generates for "table-list" groups, which are no rows of the form.
TABLE_CAPTION, TABLE_HEADER = "generated_table_list_label_", "reserved_name_for_field_list_labels_"
PIPED = re.compile(r"\$\{[^}]*\}")


def _is_true(value) -> bool:
    return str(value or "").strip().lower() in TRUE


def _number(raw) -> int | float | None:
    text = str(raw if raw is not None else "").strip()
    try:
        value = float(text)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and "." not in text else value


class Mapper:
    """Walks pyxform's form (its `children`) in order and builds survey items with their rows."""

    def __init__(self, read: ReadForm, report: ImportReport):
        self.read = read
        self.report = report
        self.rows = list(read.definition.survey or [])
        self.pointer = 0
        self.items: list[dict] = []
        self.codes: dict[str, str] = {}  # a form name -> the question code it became
        self.option_codes: dict[str, dict[str, str]] = {}  # question code -> form choice name -> option code
        self.types: dict[str, str] = {}  # question code -> survey type
        self.used: set[str] = set()
        self.new_page = True
        self.reported_lists: set[str] = set()
        self.language_names: dict[str, int] = {}  # every language column seen, with how often
        self.piped_rows: set = set()

    # -- rows ------------------------------------------------------------------
    def locate(self, name: str) -> int | None:
        """The spreadsheet row of the next survey row named `name` (pyxform keeps blank rows, so indexes hold)."""
        for index in range(self.pointer, len(self.rows)):
            row = self.rows[index]
            if any(str(k).strip().lower() in {"name", "value"} and str(v).strip() == name for k, v in row.items()):
                self.pointer = index + 1
                return index + 2
        return None

    def choice_row(self, list_name: str, name: str) -> int | None:
        for index, row in enumerate(self.read.definition.choices or []):
            keys = {str(k).strip().lower(): str(v).strip() for k, v in row.items()}
            if (keys.get("list_name") or keys.get("list name")) == list_name and (keys.get("name") or keys.get("value")) == name:
                return index + 2
        return None

    # -- texts -----------------------------------------------------------------
    def texts_of(self, element: dict, kind: str, row: int | None) -> dict:
        """An element's label or hint, with `label:English` columns pyxform left beside `label::...` ones."""
        texts = self.text(element.get(kind), row)
        for key, value in element.items():
            if key.startswith(kind + ":") and not key.startswith(kind + "::") and str(value or "").strip():
                texts.update(self.text({key.split(":", 1)[1].strip(): value}, row))
        return texts

    def text(self, value, row: int | None) -> dict:
        """A label or hint as {language column: text}; resolved to survey languages at the end."""
        if isinstance(value, dict):
            texts = {str(k): str(v).strip() for k, v in value.items() if str(v or "").strip()}
        elif value is not None and str(value).strip():
            texts = {DEFAULT: str(value).strip()}
        else:
            texts = {}
        if any(PIPED.search(text) for text in texts.values()):
            # The survey shows texts as written: an answer cannot be piped into a later question's text.
            texts = {k: PIPED.sub("…", v) for k, v in texts.items()}
            if row not in self.piped_rows:
                self.piped_rows.add(row)
                self.report.note(row, _("a text showed an earlier answer (${…}); surveys show texts as written, so it "
                                        "reads “…” there. Reword it in the builder."))
        for name in texts:
            self.language_names[name] = self.language_names.get(name, 0) + 1
        return texts

    # -- codes -----------------------------------------------------------------
    def code(self, name: str, row: int | None) -> str:
        code = re.sub(r"[^A-Za-z0-9_]", "_", name or "")[:60] or "q"
        if not re.match(r"[A-Za-z_]", code):
            code = ("q_" + code)[:60]
        base, n = code, 2
        while code in self.used:
            code = f"{base[:55]}_{n}"
            n += 1
        self.used.add(code)
        self.codes.setdefault(name, code)
        if code != name:
            self.report.note(row, _("the name “%(name)s” became “%(code)s” (codes use letters, digits and "
                                    "underscores, once each).", name=name, code=code))
        return code

    def options(self, element: dict, row: int | None, question_code: str) -> list[dict]:
        list_name = element.get("list_name") or element.get("itemset") or ""
        mapping: dict[str, str] = {}
        options = []
        for choice in element.get("choices") or self.read.form.get("choices", {}).get(list_name) or []:
            name = str(choice.get("name", "")).strip()
            value = re.sub(r"[^A-Za-z0-9_]", "_", name)[:60] or "option"
            if not CODE_RE.match(value):
                value = ("_" + value)[:60]
            base, n = value, 2
            while value in mapping.values():
                value = f"{base[:55]}_{n}"
                n += 1
            mapping[name] = value
            option = {"value": value, "label": self.texts_of(choice, "label", row) or {DEFAULT: name}}
            for key, column in (("score", "sn_score"), ("lat", "lat"), ("lng", "lng")):
                raw = str(choice.get(column, "") or "").strip()
                if not raw:
                    continue
                number = _number(raw)
                if number is None:
                    self.report.note(None, _("Choices sheet, row %(row)d: “%(value)s” in the column %(column)s is not "
                                             "a number; it was left out.", row=self.choice_row(list_name, name) or 0,
                                             value=raw, column=column))
                else:
                    option[key] = number
            options.append(option)
        changed = {k: v for k, v in mapping.items() if k != v}
        if changed and list_name not in self.reported_lists:
            self.reported_lists.add(list_name)
            sample = ", ".join(f"“{k}” → “{v}”" for k, v in list(changed.items())[:3])
            self.report.note(row, _("option codes of the list “%(list)s” were changed to letters, digits and "
                                    "underscores (%(sample)s).", list=list_name, sample=sample))
        self.option_codes[question_code] = mapping
        return options

    # -- walking ---------------------------------------------------------------
    def walk(self, children: list[dict], conds: tuple = (), in_repeat: bool = False) -> None:
        for element in children:
            kind = str(element.get("type", ""))
            name = str(element.get("name", ""))
            if kind == "group" and name == "meta" and (element.get("control") or {}).get("bodyless"):
                self.walk(element.get("children") or [], conds, in_repeat)  # pyxform's instance id, and any metadata
                continue
            row = self.locate(name)
            bind = element.get("bind") or {}
            own = (str(bind.get("relevant", "")).strip(), row) if str(bind.get("relevant", "")).strip() else None
            here = conds + ((own,) if own else ())
            if kind == "group":
                if self.grid(element, row, here):
                    continue
                self.new_page = True
                self.walk(element.get("children") or [], here, in_repeat)
                self.new_page = True
            elif kind in {"repeat", "loop"}:
                self.report.note(row, _("the repeat “%(name)s” was imported as its questions asked once: a survey "
                                        "cannot repeat questions. To ask about several people or places, ask how many, "
                                        "then ask the questions about the most important one.", name=name))
                self.new_page = True
                self.walk(element.get("children") or [], here, True)
                self.new_page = True
            else:
                self.element(element, kind, name, row, here)

    def grid(self, element: dict, row: int | None, conds: tuple) -> bool:
        """The canonical XLSForm grid: a header select with appearance 'label', then 'list-nolabel' rows."""
        children = list(element.get("children") or [])
        caption = element
        if children and str(children[0].get("name", "")).startswith(TABLE_CAPTION):
            caption = children.pop(0)  # a "table-list" group: pyxform moved the group's label into this note
        if len(children) < 2:
            return False
        header = children[0]
        if header.get("type") != "select one" or (header.get("control") or {}).get("appearance") != "label":
            return False
        list_name = header.get("list_name") or header.get("itemset")
        if any(c.get("type") != "select one" or (c.get("list_name") or c.get("itemset")) != list_name
               or (c.get("control") or {}).get("appearance") != "list-nolabel" for c in children[1:]):
            return False
        name = str(element.get("name", ""))
        for child in children:
            self.locate(str(child.get("name", "")))
        code = self.code(name, row)
        options = self.options(header, row, code)
        self._scores(options, row, numbered=True)
        grid_rows = []
        for child in children[1:]:
            child_name = str(child.get("name", ""))
            value = child_name[len(name) + 2:] if child_name.startswith(name + "__") else child_name
            value = re.sub(r"[^A-Za-z0-9_]", "_", value)[:60]
            grid_rows.append({"value": value if CODE_RE.match(value) else "_" + value[:59], "label": self.texts_of(child, "label", row)})
        required = any(_is_true((c.get("bind") or {}).get("required")) for c in children[1:])
        self.add(row, code, "likert_grid", {**element, "label": caption.get("label"), "hint": caption.get("hint")},
                 {"options": options, "rows": grid_rows}, conds, required=required)
        self.report.form_questions += 1
        return True

    def _scores(self, options: list[dict], row: int | None, *, numbered: bool) -> None:
        if any(isinstance(o.get("score"), (int, float)) for o in options) or not numbered:
            return
        names = [_number(o["value"].lstrip("_")) for o in options]
        if all(isinstance(n, (int, float)) for n in names) and options:
            for option, score in zip(options, names):
                option["score"] = score
            return
        for position, option in enumerate(reversed(options), start=1):
            option["score"] = position
        self.report.note(row, _("the scale's options had no scores; they were numbered from the last (1) up."))

    def add(self, row, code, type_, element, config, conds, *, required=None) -> None:
        bind = element.get("bind") or {}
        label, hint = self.texts_of(element, "label", row), self.texts_of(element, "hint", row)
        if not label and hint:
            label, hint = hint, {}
        if not label and type_ == "note":
            self.report.note(row, _("the note “%(name)s” shows only an image or sound, which is not imported.",
                                    name=element.get("name", "")), dropped=True)
            return
        if not label:
            label = self.text(element.get("name"), None)
            self.report.note(row, _("the question has no text (only an image or sound); its name stands in as its "
                                    "text. Reword it in the builder."))
        if required is None:
            required = _is_true(bind.get("required"))
            if not required and str(bind.get("required", "")).strip() and str(bind.get("required")).strip().lower() not in {"no", "false", "false()", "0"}:
                self.report.note(row, _("“required” only under a condition is not supported; the question is optional."))
        if element.get("media"):
            self.report.note(row, _("images, audio or video in the label (media columns) were not imported."))
        if str(element.get("default", "")).strip():
            self.report.note(row, _("the default answer was not imported; the question starts empty."))
        self.types[code] = type_
        self.items.append({"row": row, "code": code, "type": type_, "label": label, "hint": hint,
                           "required": bool(required) and type_ != "note", "config": config, "conds": conds,
                           "new_page": self.new_page})
        self.new_page = False
        self.report.kept_questions += 1

    def element(self, element: dict, kind: str, name: str, row: int | None, conds: tuple) -> None:
        spec = question_types.QUESTION_TYPE_DICT.get(kind) or {}
        bind, control = spec.get("bind") or {}, spec.get("control") or {}
        appearance = str((element.get("control") or {}).get("appearance", "")).strip()
        parameters = element.get("parameters") or {}
        if row is None and name.endswith("_other") and "selected(../" in str((element.get("bind") or {}).get("relevant", "")):
            # The "specify other" box pyxform adds for `or_other`: kept as a text question shown for "other".
            source = name[: -len("_other")]
            if source in self.codes:
                code = self.code(name, None)
                self.add(None, code, "text", element, {}, conds + ((f"${{{source}}} = 'other'", None),))
                self.report.kept_questions -= 1  # not a row of the form, so not counted in its share
                return
        if row is None and (name == "instanceID" or name.startswith((TABLE_CAPTION, TABLE_HEADER))):
            return  # generated by pyxform, not a row of the form
        if kind in TIMESTAMPS:
            self.report.note(row, _("“%(type)s” is recorded anyway: every answer keeps the date it was sent (only the "
                                    "date, so answers cannot be matched to a moment).", type=kind))
            return
        if kind in TRACKING or control.get("tag") == "action":
            self.report.note(row, _("“%(type)s” is not recorded: it would track the respondent.", type=kind))
            return
        if bind.get("jr:preload"):
            self.report.note(row, _("“%(type)s” is not recorded: answers are anonymous, so no device, phone number or "
                                    "account is kept with them.", type=kind))
            return
        if kind in NOT_SHOWN:
            self.report.note(row, _("“%(type)s” is not supported: nothing is calculated or stored unseen; “%(name)s” was "
                                    "left out.", type=kind, name=name))
            return
        self.report.form_questions += 1
        mapped = self.question(element, kind, name, row, spec, appearance, parameters)
        if mapped is None:
            return
        type_, config = mapped
        code = self.code(name, row) if type_ != "map_place" else name
        if type_ == "map_place":
            target = next((i for i in reversed(self.items) if i["code"] + PLACE_SUFFIX == name and i["type"] == "map"), None)
            options = self.options(element, row, name)
            if target is not None:
                target["config"]["places"] = [p for p in options if "lat" in p and "lng" in p]
                self.report.form_questions -= 1  # the list of places is part of its map question
                return
            self.report.note(row, _("a list of places without its map question was imported as a single choice."))
            code, type_, config = self.code(name, row), "single", {"options": options}
        elif config.get("options") == "from_element":
            config["options"] = self.options(element, row, code)
            if type_ == "likert":
                self._scores(config["options"], row, numbered=True)
            if type_ == "single" and any(isinstance(o.get("score"), (int, float)) for o in config["options"]):
                type_ = "likert"
        self._constraint(element, type_, config, row)
        self.add(row, code, type_, element, config, conds)

    def question(self, element, kind, name, row, spec, appearance, parameters) -> tuple[str, dict] | None:
        """The survey type and config for one question of the form, or None (reported) when it cannot be one."""
        bind, control = spec.get("bind") or {}, spec.get("control") or {}
        note = self.report.note
        if kind in {"select one", "select all that apply", "rank"}:
            list_name = str(element.get("list_name") or element.get("itemset") or "")
            if list_name.lower().endswith(FILE_LISTS):
                note(row, _("the options of “%(name)s” come from the file %(file)s, which cannot be imported; add "
                               "them to the choices sheet.", name=name, file=list_name), dropped=True)
                return None
            if element.get("choice_filter"):
                note(row, _("the choice filter “%(filter)s” is not supported; every option is offered.",
                               filter=element["choice_filter"]))
            if kind == "rank":
                config = {"options": "from_element"}
                max_ranked = _number(element.get("sn_max_ranked"))
                if isinstance(max_ranked, int):
                    config["max_ranked"] = max_ranked
                return "ranking", config
            if kind == "select all that apply":
                return "multiple", {"options": "from_element"}
            if name.endswith(PLACE_SUFFIX) and str(element.get("list_name", "")).startswith("places_"):
                return "map_place", {}
            names = {str(c.get("name")) for c in element.get("choices") or []}
            if element.get("list_name") == "yes_no" and names == {"yes", "no"}:
                return "yes_no", {}
            return ("likert" if appearance.startswith("likert") else "single"), {"options": "from_element"}
        if kind == "note":
            return "note", {}
        if kind in {"acknowledge", "trigger"}:
            note(row, _("“%(type)s” was imported as a yes/no question.", type=kind))
            return "yes_no", {}
        if kind == "range":
            config = {"integer": all(isinstance(_number(parameters.get(k, "1")), int) for k in ("start", "end", "step"))}
            for key, parameter in (("min", "start"), ("max", "end")):
                if _number(parameters.get(parameter)) is not None:
                    config[key] = _number(parameters.get(parameter))
            return "numeric", config
        if control.get("tag") == "upload":
            if "image" in str(control.get("mediatype", "")):
                note(row, _("photo questions are not imported: a resident's photo is personal data, and this "
                               "service has no photo question. Ask for a description in a text question instead."),
                        dropped=True)
            else:
                note(row, _("“%(type)s” is not supported: recordings and files can identify a resident, and this "
                               "service does not collect them; “%(name)s” was not imported.", type=kind, name=name),
                        dropped=True)
            return None
        bind_type = bind.get("type")
        if kind in {"phone number", "phonenumber"} or bind_type == "barcode" or kind == "select one external":
            note(row, _("“%(type)s” is not supported; the question “%(name)s” was not imported.", type=kind, name=name),
                    dropped=True)
            return None
        if bind_type in {"int", "decimal"}:
            return "numeric", {"integer": bind_type == "int"}
        if bind_type == "date":
            return "date", {}
        if bind_type == "dateTime":
            note(row, _("“%(type)s” was imported as a date question (the time of day is not asked).", type=kind))
            return "date", {}
        if bind_type == "time":
            note(row, _("“%(type)s” was imported as a short text question (there is no time question).", type=kind))
            return "text", {}
        if bind_type in {"geopoint", "geoshape", "geotrace"}:
            if bind_type == "geotrace":
                note(row, _("“%(type)s” was imported as a point question (lines are not supported).", type=kind))
            return "map", {"places": [], **({"mode": "area"} if bind_type == "geoshape" else {})}
        if bind_type == "string" and control.get("tag") == "input":
            return ("long_text" if "multiline" in appearance else "text"), {}
        note(row, _("question type “%(type)s” is not supported; the question “%(name)s” was not imported.",
                       type=kind or "?", name=name or "?"), dropped=True)
        return None

    def _constraint(self, element: dict, type_: str, config: dict, row: int | None) -> None:
        raw = str((element.get("bind") or {}).get("constraint", "") or "").strip()
        if not raw:
            return
        if type_ == "numeric":
            bounds = conditions.numeric_bounds(raw, integer=config.get("integer", True))
            if bounds is not None:
                config.update(bounds)
                return
        self.report.note(row, _("the constraint “%(c)s” is not supported and was left out.", c=raw))
