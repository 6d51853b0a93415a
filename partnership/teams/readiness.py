"""Team readiness: each seat of each role, its required levels against its officer's current levels.

A seat's readiness is the mean over its required competences of min(current, required)
/ required; a vacant seat counts 0. The team figure is the mean over every
(seat, competence) requirement, so a vacancy lowers it as much as an untrained officer.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Seat:
    role_key: str
    role_title: str
    seat: int
    required: dict  # {code: level}
    levels: dict | None  # {code: level}; None while vacant
    holding_id: int | None = None

    @property
    def label(self) -> str:
        return f"{self.role_title} {self.seat}"

    @property
    def vacant(self) -> bool:
        return self.levels is None


def met_share(required: int, current: int) -> float:
    return 1.0 if required <= 0 else min(current, required) / required


def seat_readiness(seat: Seat) -> float | None:
    if not seat.required:
        return None
    levels = seat.levels or {}
    return sum(met_share(need, levels.get(code, 0)) for code, need in seat.required.items()) / len(seat.required)


def team_readiness(seats: list[Seat]) -> float | None:
    """One figure for the team, 0-1; None when the profile asks for no competences at all."""
    shares = [met_share(need, (s.levels or {}).get(code, 0)) for s in seats for code, need in s.required.items()]
    return sum(shares) / len(shares) if shares else None


def seats_for(roles, holdings) -> list[Seat]:
    """Every seat the roles ask for, each with the current holder's levels (or vacant).

    `roles` are Step 3 `RoleRequirement`s; `holdings` current `RoleHolding`s (key, seat, current_levels).
    """
    held = {(h.role_key, h.seat): h for h in holdings}
    seats = []
    for role in roles:
        required = {c.code: c.level for c in role.competences}
        for number in range(1, role.count + 1):
            holding = held.get((role.key, number))
            seats.append(Seat(role.key, role.title, number, required,
                              None if holding is None else holding.current_levels,
                              None if holding is None else holding.id))
    return seats


@dataclass(frozen=True)
class MatrixCell:
    required: int
    current: int | None

    @property
    def met(self) -> bool:
        return self.current is not None and self.current >= self.required


def matrix(seats: list[Seat]) -> tuple[list[str], list[tuple[Seat, dict[str, MatrixCell | None]]]]:
    """Competences (columns, first-seen order) against seats (rows); a cell is None where the role asks nothing."""
    codes: list[str] = []
    for seat in seats:
        codes += [c for c in seat.required if c not in codes]
    rows = []
    for seat in seats:
        cells = {code: (MatrixCell(seat.required[code], None if seat.vacant else seat.levels.get(code, 0))
                        if code in seat.required else None) for code in codes}
        rows.append((seat, cells))
    return codes, rows
