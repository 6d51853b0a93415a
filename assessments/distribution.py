"""Getting answers in: invitation batches, QR codes and sample targets with live progress."""
from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from typing import NamedTuple

import segno
from flask_babel import gettext as _
from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from assessments.answering import normalise_token
from assessments.disclosure import Cell, perturb
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


def small_cell_min() -> int:
    from flask import current_app

    return int(current_app.config.get("SMALL_CELL_MIN", 5))


def create_batch(survey: Survey, *, label: str, size: int, neighbourhood_id: int | None = None) -> tuple[InvitationBatch, list[str]]:
    """Make `size` single-use tokens; returns them once, in clear, for printing (only hashes are kept).

    A batch holds at least SMALL_CELL_MIN codes: with fewer, "someone in this batch answered"
    would point at one or two known people.
    """
    k = small_cell_min()
    if size < k:
        raise DistributionError(_("A batch needs at least %(k)d invitations, so that no answer can be traced to the "
                                  "person a code was given to. Make one batch for several households, or share the "
                                  "public link instead.", k=k))
    if size > MAX_BATCH:
        raise DistributionError(_("A batch holds between %(k)d and %(max)d invitations.", k=k, max=MAX_BATCH))
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


class BatchUsage(NamedTuple):
    """How far a batch has been used, said coarsely: "fewer than k" or "at least N" (N a multiple of k)."""

    batch: InvitationBatch
    used_at_least: int  # 0 means fewer than k


def batch_usage(survey: Survey, k: int | None = None) -> list[BatchUsage]:
    """Each batch with how many of its invitations were used, rounded down to a multiple of k.

    An exact count would change by one the day a given person answers, and that day is
    a clue to which row is theirs; rounded down, one answer moves it only every k answers.
    """
    k = k or small_cell_min()
    unused = dict(db.session.execute(
        select(InvitationToken.batch_id, func.count()).join(InvitationBatch)
        .where(InvitationBatch.survey_id == survey.id).group_by(InvitationToken.batch_id)).all())
    batches = db.session.scalars(select(InvitationBatch).where(InvitationBatch.survey_id == survey.id)
                                 .order_by(InvitationBatch.id)).all()
    return [BatchUsage(b, ((b.size - unused.get(b.id, 0)) // k) * k) for b in batches]


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
    """Answers so far per target cell, counted in SQL and published through the cell-key method."""
    age = db.session.scalar(select(Question).where(Question.survey_id == survey.id, Question.code == AGE_QUESTION))
    band_answer = aliased(Answer)
    if age is not None:
        stmt = (select(Response.neighbourhood_id, band_answer.option, func.count(Response.id), func.sum(Response.record_key))
                .where(Response.survey_id == survey.id)
                .outerjoin(band_answer, and_(band_answer.response_id == Response.id, band_answer.question_id == age.id))
                .group_by(Response.neighbourhood_id, band_answer.option))
    else:
        stmt = select(Response.neighbourhood_id, None, func.count(Response.id), func.sum(Response.record_key)) \
            .where(Response.survey_id == survey.id).group_by(Response.neighbourhood_id)
    cells: dict[tuple, Cell] = {}
    by_neighbourhood: dict = {}
    for nid, band, n, keys in db.session.execute(stmt):
        cell = Cell(n, int(keys or 0))
        cells[(nid, band or "")] = cells.get((nid, band or ""), Cell()) + cell
        by_neighbourhood[nid] = by_neighbourhood.get(nid, Cell()) + cell
    names = {n.id: n.name for n in survey.group.neighbourhoods}
    result = []
    for target in sorted(survey.targets, key=lambda t: (names.get(t.neighbourhood_id, ""), t.age_band)):
        nid, band = target.neighbourhood_id, target.age_band
        cell = cells.get((nid, band), Cell()) if band else by_neighbourhood.get(nid, Cell())
        published = perturb(cell.count, cell.keys, k)
        # A published 0 may stand for 1 to k-1 answers: shown as "fewer than k", never as a number.
        result.append(TargetProgress(nid, names.get(nid, "?"), band, target.target, published if published >= k else None))
    return result
