"""What an import did: the survey, and every element dropped or changed, by row."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from assessments.models import Survey


@dataclass
class Finding:
    row: int | None  # the survey sheet's row (header = row 1); None for the whole form
    message: str
    dropped: bool = False  # a question or note of the form that is not in the survey

    def __str__(self) -> str:
        return _("Row %(row)d: %(message)s", row=self.row, message=self.message) if self.row else self.message


@dataclass
class ImportReport:
    survey: Survey | None = None
    findings: list[Finding] = field(default_factory=list)
    # Questions and notes of the form (what a respondent reads or answers), and how many became the survey's.
    form_questions: int = 0
    kept_questions: int = 0

    def note(self, row: int | None, message: str, *, dropped: bool = False) -> None:
        self.findings.append(Finding(row, message, dropped))

    @property
    def problems(self) -> list[str]:
        """Every finding as one sentence, in the order of the form."""
        return [str(f) for f in self.findings]

    @property
    def dropped(self) -> list[Finding]:
        return [f for f in self.findings if f.dropped]

    @property
    def kept_share(self) -> float:
        return self.kept_questions / self.form_questions if self.form_questions else 1.0
