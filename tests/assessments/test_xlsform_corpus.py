"""95 real XLSForms written by others (pyxform, KoboToolbox and HOT fixtures and examples), imported and exported.

The corpus lives outside the project (`../shared/data/xlsform-corpus/`, see its
SOURCES.txt); the test is skipped where it is absent. pyxform 4.0.0 is the judge of
what a valid form is, exactly as the import uses it.
"""
from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from sqlalchemy import func, select

from assessments import xlsform
from assessments.models import Survey
from assessments.question_types import get_type

REPO_ROOT = Path(__file__).resolve().parents[2]
# Beside the repository (`../shared`); a git worktree one level deeper looks one folder further up.
CORPUS = next((base / "shared" / "data" / "xlsform-corpus" for base in (REPO_ROOT.parent, REPO_ROOT.parent.parent)
               if (base / "shared" / "data" / "xlsform-corpus").is_dir()), REPO_ROOT.parent / "shared" / "data" / "xlsform-corpus")
MIN_MEDIAN_KEPT = 0.9


def _verdicts() -> dict[str, bool]:
    """SOURCES.txt: file -> whether pyxform 4.0.0 accepts it."""
    verdicts = {}
    for line in (CORPUS / "SOURCES.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 5 and not line.startswith(("#", " ")):
            verdicts[parts[0]] = parts[4].startswith("pyxform-valid")
    return verdicts


def _readable(message: str) -> bool:
    return bool(message) and message[0].isupper() and not any(
        token in message for token in ("Traceback", "dict_keys", "('", "PyXFormError", "Must be one of"))


def _shape(survey: Survey) -> dict:
    """What a round trip must keep: questions, options, languages, skip logic and constraints."""
    questions = []
    for q in survey.questions:
        qtype = get_type(q.type)
        config = q.config or {}
        questions.append((q.code, q.type, tuple(sorted(q.label.items())), tuple(qtype.option_values(q)),
                          tuple(tuple(sorted((o.get("label") or {}).items())) for o in qtype.options(q)),
                          tuple(r["value"] for r in config.get("rows") or []),
                          q.show_if_code, tuple(q.show_if_values or ()), config.get("min"), config.get("max"),
                          bool(q.required)))
    return {"languages": list(survey.languages), "questions": questions}


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the XLSForm corpus is not at {CORPUS} (it lives outside the project)")
def test_real_world_xlsforms_import_export_and_round_trip(app, db, group):
    verdicts = _verdicts()
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in {".xls", ".xlsx"})
    assert len(files) == len(verdicts) >= 90
    shares, refused, failures = {}, {}, []
    round_trips = 0
    for path in files:
        data = path.read_bytes()
        before = db.session.scalar(select(func.count()).select_from(Survey))
        try:
            report = xlsform.import_xlsform(data, group, filename=path.name)
        except xlsform.XLSFormError as error:
            db.session.rollback()
            refused[path.name] = str(error)
            if verdicts[path.name]:
                failures.append(f"{path.name}: valid for pyxform but refused: {error}")
            elif not _readable(str(error)):
                failures.append(f"{path.name}: unreadable refusal: {error}")
            if db.session.scalar(select(func.count()).select_from(Survey)) != before:
                failures.append(f"{path.name}: refused, yet a survey was created")
            continue
        if not verdicts[path.name]:
            failures.append(f"{path.name}: pyxform refuses it, yet it was imported")
            continue
        shares[path.name] = report.kept_share
        failures += [f"{path.name}: dropped without a row: {f}" for f in report.dropped if not f.row]
        survey = report.survey
        try:
            exported = xlsform.export_xlsform(survey)
        except xlsform.XLSFormError as error:
            failures.append(f"{path.name}: the export failed: {error}")
            continue
        again = xlsform.import_xlsform(exported, group).survey
        round_trips += 1
        if _shape(again) != _shape(survey):
            first, second = _shape(survey), _shape(again)
            diff = [(a, b) for a, b in zip(first["questions"], second["questions"]) if a != b][:2]
            failures.append(f"{path.name}: the round trip changed the survey: {first['languages']} {second['languages']} {diff}")
    kept = sorted(shares.values())
    median = statistics.median(kept)
    print(f"\nXLSForm corpus: {len(shares)} imported, {len(refused)} refused; kept share median "
          f"{median:.0%}, min {kept[0]:.0%}; {sum(1 for s in kept if s == 1)} forms kept whole")
    for name, share in sorted(shares.items(), key=lambda item: item[1])[:8]:
        print(f"  lowest: {name} {share:.0%}")
    print(f"  round trips checked: {round_trips}")
    for name, reason in refused.items():
        print(f"  refused: {name}: {reason}")
    assert not failures, "\n".join(failures)
    assert len(shares) == sum(verdicts.values())
    assert median >= MIN_MEDIAN_KEPT
