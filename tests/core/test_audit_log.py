"""The audit log reads as sentences: translated actions, named records, one date format, sign-ins apart."""
from __future__ import annotations

from datetime import datetime, timezone

from partnership.audit.models import AuditEvent
from partnership.extensions import db
from tests.conftest import login


def _event(action, target=None, details=None, when=datetime(2026, 11, 29, 18, 5, tzinfo=timezone.utc)):
    db.session.add(AuditEvent(action=action, target=target, details=details or {}, occurred_at=when,
                              actor_email="someone@test.example"))
    db.session.commit()


def test_events_read_as_words_not_codes(client, admin_user, group):
    _event("group.created", target=f"security_group:{group.id}", details={"name": group.name})
    _event("maps.version_approved", target="boundary_version:999", details={"number": 1, "superseded": None})
    login(client, admin_user)
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert "Formed a security group" in html and f"<td>{group.name}</td>" in html
    assert "Approved boundaries" in html and "Boundary version (record 999)" in html
    assert "version: 1" in html
    for raw in ("group.created", "maps.version_approved", "boundary_version:999", "None", f"security_group:{group.id}"):
        assert f">{raw}<" not in html and f"{raw}</td>" not in html and "superseded: None" not in html
    assert "29 Nov 2026, 18:05" in html  # one date format: day, month, year


def test_a_boundary_version_is_named_by_its_municipality_and_number(app, admin_user, client, municipality):
    from tests.maps.builders import approved, row

    version = approved(municipality, row(["A", "B"]))
    _event("maps.version_approved", target=f"boundary_version:{version.id}", details={"number": version.number})
    login(client, admin_user)
    html = client.get("/admin/audit/?kind=boundaries").get_data(as_text=True)
    assert f"{version.municipality.name}, boundary version {version.number}" in html


def test_sign_ins_are_kept_apart(client, admin_user, group):
    _event("group.created", target=f"security_group:{group.id}")
    login(client, admin_user)  # logs a sign-in
    everything_else = client.get("/admin/audit/").get_data(as_text=True)
    assert "Formed a security group" in everything_else and "Signed in" not in everything_else.split("<tbody>")[1]
    sign_ins = client.get("/admin/audit/?kind=sign_ins").get_data(as_text=True)
    assert "Signed in" in sign_ins.split("<tbody>")[1] and "Formed a security group" not in sign_ins.split("<tbody>")[1]


def test_the_log_speaks_portuguese(client, admin_user, group):
    _event("group.created", target=f"security_group:{group.id}")
    login(client, admin_user)
    client.post("/language/pt", data={"next": "/admin/audit/"})
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert "Formou um grupo de segurança" in html and "29/11/26" not in html


def test_one_date_format_per_language(app):
    from flask_babel import force_locale

    from partnership.dates import format_day, format_moment

    when = datetime(2026, 11, 30, 18, 30, tzinfo=timezone.utc)
    with force_locale("en"):
        assert (format_day(when), format_day(when, "medium"), format_day(when, "short")) == ("30 Nov 2026",) * 3
        assert format_day(when, "long") == "30 November 2026"
        assert format_moment(when) == "30 Nov 2026, 18:30"
    with force_locale("pt"):
        assert format_day(when) == "30 nov. 2026" and format_day(when, "long") == "30 de novembro de 2026"
    with force_locale("es"):
        assert format_day(when) == "30 nov 2026"
