"""Demo data for Step 3."""


def seed(context) -> None:
    from partnership.profiles import library

    library.ensure_library()
