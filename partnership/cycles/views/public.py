"""The public “You said, we did” page per neighbourhood and its open data (no sign-in)."""
from __future__ import annotations

from flask import Response, abort, current_app, jsonify, render_template, request
from flask_babel import force_locale, get_locale

from partnership import access
from partnership.cycles import bp, public_page
from partnership.extensions import db
from partnership.neighbourhoods.models import Neighbourhood


def _neighbourhood(neighbourhood_id: int) -> Neighbourhood:
    found = db.session.get(Neighbourhood, neighbourhood_id)
    if found is None or not public_page.groups_publishing(found):
        abort(404)
    return found


def _lang(neighbourhood: Neighbourhood) -> tuple[str, list[str]]:
    offered = public_page.languages(neighbourhood, list(current_app.config["LANGUAGES"]))
    wanted = request.args.get("lang")
    current = str(get_locale())
    lang = wanted if wanted in offered else (current if current in offered else offered[0])
    return lang, offered


@bp.route("/neighbourhoods/<int:neighbourhood_id>/you-said-we-did")
@access.public
def public_page_view(neighbourhood_id: int):
    neighbourhood = _neighbourhood(neighbourhood_id)
    lang, offered = _lang(neighbourhood)
    with force_locale(lang):
        return render_template("cycles/public.html", neighbourhood=neighbourhood, lang=lang, offered=offered,
                               blocks=public_page.page(neighbourhood, lang))


@bp.route("/neighbourhoods/<int:neighbourhood_id>/you-said-we-did.json")
@access.public
def public_open_data_json(neighbourhood_id: int):
    neighbourhood = _neighbourhood(neighbourhood_id)
    lang, _offered = _lang(neighbourhood)
    return jsonify(neighbourhood={"id": neighbourhood.id, "name": neighbourhood.name, "code": neighbourhood.code},
                   fields=public_page.CSV_FIELDS, rows=public_page.open_data_rows(neighbourhood, lang))


@bp.route("/neighbourhoods/<int:neighbourhood_id>/you-said-we-did.csv")
@access.public
def public_open_data_csv(neighbourhood_id: int):
    neighbourhood = _neighbourhood(neighbourhood_id)
    lang, _offered = _lang(neighbourhood)
    rows = public_page.open_data_rows(neighbourhood, lang)
    filename = f"you-said-we-did-{neighbourhood.code}.csv"
    return Response(public_page.as_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
