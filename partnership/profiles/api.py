"""Step 3 API."""


def openapi_paths() -> tuple[dict, dict]:
    return ({}, {})
