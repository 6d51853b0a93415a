"""`flask maps import-boundaries FILE`: the same import, report and draft as the web pages."""
from __future__ import annotations

import os

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import select

from maps.cleaning import MAX_AREA_CHANGE, MAX_GAP_WIDTH_M, MIN_GAP_WIDTH_M
from maps.importing import ImportOptions, read_boundaries
from maps.versions import BoundaryActionError, approve, create_draft
from partnership.extensions import db
from partnership.neighbourhoods.models import Municipality

maps_cli = AppGroup("maps", help="Neighbourhood boundaries.")

MARKS = {"error": "ERROR", "warning": "check", "info": "note"}


def _municipality(code: str | None, name: str | None) -> Municipality:
    if code:
        found = db.session.scalar(select(Municipality).where(Municipality.code == code))
        if found is None:
            if not name:
                raise click.ClickException(f"No municipality with code {code}; add --municipality-name to create it.")
            found = Municipality(code=code, name=name)
            db.session.add(found)
            db.session.flush()
        return found
    every = db.session.scalars(select(Municipality)).all()
    if len(every) != 1:
        raise click.ClickException("Say which municipality with --municipality CODE.")
    return every[0]


@maps_cli.command("import-boundaries")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--layer", help="GeoPackage layer, or the .shp path inside a zip.")
@click.option("--name-field", help="Field holding the neighbourhood names.")
@click.option("--code-field", help="Field holding the official codes (default: guessed, else made from names).")
@click.option("--crs", help="CRS of the coordinates when the file lacks one, e.g. EPSG:3763.")
@click.option("--tolerance", type=float, default=1.0, show_default=True, help="Report overlaps and gaps above this many m².")
@click.option("--repair-gaps", "repair_gaps", type=click.FloatRange(MIN_GAP_WIDTH_M, MAX_GAP_WIDTH_M), metavar="METRES",
              help=f"Repair gaps and overlaps between neighbours up to this width (metric CRS, "
                   f"{MIN_GAP_WIDTH_M:g}-{MAX_GAP_WIDTH_M:g} m); refused if any area would change by more than "
                   f"{100 * MAX_AREA_CHANGE:g}%.")
@click.option("--municipality", "municipality_code", help="Municipality code (needed when there are several).")
@click.option("--municipality-name", help="Create the municipality with this name if the code is new.")
@click.option("--attribution", default="", help="Attribution the data's licence requires, shown on maps.")
@click.option("--approve", "approve_now", is_flag=True, help="Approve the draft at once (operator's own data).")
def import_boundaries(file, layer, name_field, code_field, crs, tolerance, repair_gaps, municipality_code,
                      municipality_name, attribution, approve_now):
    """Check a boundary file and save it as a draft version; nothing is saved when it has problems."""
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "en")):
        options = ImportOptions(layer=layer, name_field=name_field, code_field=code_field, crs=crs, tolerance_m2=tolerance,
                                repair_gap_m=repair_gaps)
        result = read_boundaries(file, os.path.basename(file), options)
        for issue in result.issues:
            click.echo(f"[{MARKS.get(issue.severity, issue.severity)}] {issue.message}")
        if result.layers and len(result.layers) > 1:
            click.echo("Layers: " + ", ".join(result.layers))
        if "crs" in result.needs:
            click.echo("Likely CRS: " + ", ".join(f"{s['code']} ({s['label']})" for s in result.crs_suggestions if s["likely"]))
        if not result.ok:
            raise click.ClickException("Nothing was saved. Fix the problems above (see --help for the options).")
        try:
            place = _municipality(municipality_code, municipality_name)
            version = create_draft(result, place, None, attribution=attribution)
            if approve_now:
                approve(version, None, "Approved from the command line.")
        except BoundaryActionError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from error
        state = "approved and active" if approve_now else "saved as a draft for review"
        click.echo(f"{place.name}: version {version.number} with {version.area_count} areas {state}.")
