"""Getting answers in: invitation batches, QR codes and sample targets with live progress."""
from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

import segno
from flask_babel import gettext as _
from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from assessments.analysis import suppress_table
from assessments.answering import normalise_token
from assessments.models import Answer, InvitationBatch, InvitationToken, Question, Response, SampleTarget, Survey
from partnership.auth.models import hash_token
from partnership.extensions import db

# No 0/O or 1/I/L: codes are typed from paper.
TOKEN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TOKEN_LENGTH = 12
MAX_BATCH = 2000
AGE_QUESTION = "age_band"


class DistributionError(ValueError):
    """A refused distribution request, with the reason."""


def _token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def format_token(token: str) -> str:
    """Groups of four for reading off paper: ABCD-EFGH-JKMN."""
    return "-".join(token[i:i + 4] for i in range(0, len(token), 4))


def create_batch(survey: Survey, *, label: str, size: int, neighbourhood_id: int | None = None) -> tuple[InvitationBatch, list[str]]:
    """Make `size` single-use tokens; returns them once, in clear, for printing (only hashes are kept)."""
    if not 1 <= size <= MAX_BATCH:
        raise DistributionError(_("A batch holds between 1 and %(max)d invitations.", max=MAX_BATCH))
    if neighbourhood_id is not None and neighbourhood_id not in {n.id for n in survey.group.neighbourhoods}:
        raise DistributionError(_("Choose one of the neighbourhoods of this security group."))
    batch = InvitationBatch(survey_id=survey.id, label=(label or "").strip()[:120] or _("Invitations"),
                            neighbourhood_id=neighbourhood_id, size=size)
    db.session.add(batch)
    db.session.flush()
    tokens = []
    while len(tokens) < size:
        token = _token()
        if token not in tokens:
            tokens.append(token)
    db.session.execute(InvitationToken.__table__.insert(),
                       [{"batch_id": batch.id, "token_hash": hash_token(normalise_token(t))} for t in tokens])
    db.session.commit()
    return batch, [format_token(t) for t in tokens]


def batch_usage(survey: Survey) -> list[tuple[InvitationBatch, int]]:
    """Each batch with how many of its invitations are still unused."""
    unused = dict(db.session.execute(
        select(InvitationToken.batch_id, func.count()).join(InvitationBatch)
        .where(InvitationBatch.survey_id == survey.id).group_by(InvitationToken.batch_id)).all())
    batches = db.session.scalars(select(InvitationBatch).where(InvitationBatch.survey_id == survey.id)
                                 .order_by(InvitationBatch.id)).all()
    return [(b, unused.get(b.id, 0)) for b in batches]


def qr_svg(url: str) -> bytes:
    """An SVG QR code for a link (no inline styles, so it passes the CSP as an image)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=True, svgns=True)
    return buffer.getvalue()


def set_targets(survey: Survey, targets: dict[tuple[int, str], int]) -> None:
    """Replace the survey's sample targets: {(neighbourhood id, age band or ''): target}."""
    allowed = {n.id for n in survey.group.neighbourhoods}
    for (neighbourhood_id, _band), target in targets.items():
        if neighbourhood_id not in allowed:
            raise DistributionError(_("Choose one of the neighbourhoods of this security group."))
        if target < 0:
            raise DistributionError(_("A target cannot be negative."))
    for existing in list(survey.targets):
        db.session.delete(existing)
    db.session.flush()
    for (neighbourhood_id, band), target in targets.items():
        if target:
            db.session.add(SampleTarget(survey_id=survey.id, neighbourhood_id=neighbourhood_id, age_band=band or "",
                                        target=target))
    db.session.commit()


@dataclass
class TargetProgress:
    neighbourhood_id: int
    neighbourhood: str
    band: str
    target: int
    count: int | None  # None: fewer than k so far, not shown

    @property
    def percent(self) -> int | None:
        if self.count is None or not self.target:
            return None
        return min(100, round(100 * self.count / self.target))


def target_progress(survey: Survey, k: int) -> list[TargetProgress]:
    """Answers so far per target cell, counted in SQL; small counts are hidden with complements."""
    age = db.session.scalar(select(Question).where(Question.survey_id == survey.id, Question.code == AGE_QUESTION))
    band_answer = aliased(Answer)
    if age is not None:
        stmt = (select(Response.neighbourhood_id, band_answer.option, func.count(Response.id))
                .where(Response.survey_id == survey.id)
                .outerjoin(band_answer, and_(band_answer.response_id == Response.id, band_answer.question_id == age.id))
                .group_by(Response.neighbourhood_id, band_answer.option))
    else:
        stmt = select(Response.neighbourhood_id, func.count(Response.id)).where(Response.survey_id == survey.id) \
            .group_by(Response.neighbourhood_id)
    counts: dict[tuple, int] = {}
    for row in db.session.execute(stmt):
        if age is not None:
            counts[(row[0], row[1] or "")] = row[2]
        else:
            counts[(row[0], "")] = row[1]
    by_neighbourhood: dict = {}
    for (nid, _band), n in counts.items():
        by_neighbourhood[nid] = by_neighbourhood.get(nid, 0) + n
    bands = sorted({band for (_nid, band) in counts})
    groups = sorted(by_neighbourhood, key=lambda g: (g is None, g or 0))
    total = sum(by_neighbourhood.values())
    band_totals = {b: sum(n for (_g, band), n in counts.items() if band == b) for b in bands}
    hidden_cells, hidden_groups = suppress_table(counts, groups, bands, by_neighbourhood, band_totals, total, k,
                                                 additive_rows=True, locked_hidden=[b for b, n in band_totals.items() if 0 < n < k])
    names = {n.id: n.name for n in survey.group.neighbourhoods}
    result = []
    for target in sorted(survey.targets, key=lambda t: (names.get(t.neighbourhood_id, ""), t.age_band)):
        nid, band = target.neighbourhood_id, target.age_band
        if band:
            count = counts.get((nid, band), 0)
            hidden = (nid, band) in hidden_cells or nid in hidden_groups
        else:
            count = by_neighbourhood.get(nid, 0)
            hidden = nid in hidden_groups
        result.append(TargetProgress(nid, names.get(nid, "?"), band, target.target, None if hidden else count))
    return result
