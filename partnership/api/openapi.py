"""A registry of OpenAPI path items; each package adds the paths it serves."""
from __future__ import annotations

_paths: dict[str, dict] = {}
_schemas: dict[str, dict] = {}


def add_paths(paths: dict[str, dict], schemas: dict[str, dict] | None = None) -> None:
    """Register OpenAPI path items (and component schemas) served by a package."""
    _paths.update(paths)
    _schemas.update(schemas or {})


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Safer Neighbourhoods API",
            "version": "1",
            "description": "Security groups, needs assessments and neighbourhood boundaries. "
            "Aggregated figures are protected by the cell-key method (docs/PRIVACY.md); neighbourhoods are GeoJSON.",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": dict(sorted(_schemas.items())),
        },
        "security": [{"bearer": []}],
        "paths": dict(sorted(_paths.items())),
    }
