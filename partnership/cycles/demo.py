"""Demo data for evaluation cycles: Marvila gets one closed cycle with a follow-up round and one open cycle.

Runs after the Step 2 demo (the baseline survey with its answers) and after Steps 3 and 4 when they are
installed (their team training plans then show in the training phase). Idempotent: a group that already
has a cycle is left alone.
"""
from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

from sqlalchemy import select

from partnership.cycles.models import Cycle
from partnership.extensions import db

CONFIDENCE = ["strongly_agree", "agree", "neither", "disagree", "strongly_disagree"]
OFTEN = ["very_often", "often", "not_often", "never"]
PROBLEM = ["very_big", "fairly_big", "not_very_big", "not_a_problem"]


def _months_ago(months: int) -> date:
    today = date.today()
    month = today.month - 1 - months
    year, month = today.year + month // 12, month % 12 + 1
    return date(year, month, min(today.day, 28))


def _follow_up_answers(survey, neighbourhoods: dict[str, int], rng: random.Random) -> None:
    """About 300 answers to the follow-up round: more confidence, lighting much better, dealing a little."""
    from assessments.answering import store_response

    codes = {q.code for q in survey.questions}
    for index in range(300):
        answers = {}
        if "police_confidence" in codes:
            answers["police_confidence"] = rng.choices(CONFIDENCE, [22, 38, 18, 14, 8])[0]
        if "police_respect" in codes:
            answers["police_respect"] = rng.choices(OFTEN, [30, 40, 20, 10])[0]
        if "police_fair" in codes:
            answers["police_fair"] = rng.choices(OFTEN, [22, 40, 26, 12])[0]
        if "problems" in codes:
            answers["problems"] = {
                "lighting": rng.choices(PROBLEM, [6, 12, 42, 40])[0],
                "drug_dealing": rng.choices(PROBLEM, [34, 22, 26, 18])[0],
                "groups": rng.choices(PROBLEM, [15, 25, 35, 25])[0],
                "litter": rng.choice(PROBLEM),
            }
        neighbourhood = neighbourhoods.get("110607") if index < 4 else neighbourhoods.get("110621")
        store_response(survey, answers, submission_key=secrets.token_urlsafe(24), neighbourhood_id=neighbourhood,
                       language=rng.choice(["pt", "pt", "pt", "en", "es"]))


def _past_meeting(group):
    from partnership.groups.meetings import upcoming_and_past

    _upcoming, past = upcoming_and_past(group)
    return past[0] if past else None


def seed(context) -> None:
    """Marvila: cycle 1 (six months, closed, with a follow-up round) and cycle 2 (open)."""
    from assessments.models import SurveyStatus
    from partnership.cycles import comparison, engagement, lifecycle, problem_solving, self_assessment, signals

    group = context.groups.get("marvila")
    if group is None or db.session.scalar(select(Cycle.id).where(Cycle.group_id == group.id).limit(1)):
        return
    planner = context.users["planner"]
    from assessments.demo import ensure_adopted_needs

    if ensure_adopted_needs(group, planner) is None:
        return
    meeting = _past_meeting(group)
    if meeting is None:
        return
    rng = random.Random(2027)
    marvila = {n.code: n.id for n in group.neighbourhoods}
    start = _months_ago(7)
    first = lifecycle.open_cycle(group, starts_on=start, months=6, user=planner)

    # Training: Step 4's plans (when installed), two completed, plus one course added for the cycle.
    for item in [i for i in lifecycle.training_items(first) if i.source == "plan" and not i.completed_on][:2]:
        lifecycle.complete_training(first, source="plan", item_id=item.id, completed_on=start + timedelta(days=30))
    course = lifecycle.add_training(first, title="Policiamento comunitário e prevenção da radicalização (3 dias)",
                                    who="Equipa de proximidade e parceiros", days=3, mode="blended")
    course.completed_on = start + timedelta(days=45)
    lifecycle.add_training(first, title="Linguagem de rua online e segurança do perfil", who="Agentes digitais",
                           days=1, mode="online")

    # Community integration, on the street and online.
    plan = [("patrol", "", "110621", "Bairro do Condado", 35, ""), ("school_visit", "", "110621",
            "Escola Básica de Marvila", 120, "Agrupamento de Escolas de Marvila"),
            ("meeting", "", "110607", "Junta de Freguesia do Beato", 25, "Associação de Moradores"),
            ("event", "", "110621", "Parque da Bela Vista", 200, "CML — Departamento de Segurança"),
            ("office_hours", "instagram", None, "", 14, ""), ("live_chat", "facebook", "110621",
            "Grupo de moradores de Marvila", 40, "Associação de Moradores"),
            ("gaming", "minecraft", None, "Servidor da escola", 18, "Agrupamento de Escolas de Marvila"),
            ("post", "instagram", None, "", 900, "")]
    for month in range(6):
        for kind, platform, code, place, contacts, partners in plan[month % 4: month % 4 + 4]:
            engagement.log_activity(first, kind=kind, happened_on=start + timedelta(days=30 * month + rng.randint(1, 25)),
                                    platform=platform, neighbourhood_id=marvila.get(code) if code else None,
                                    place=place, contacts=contacts, partners=partners)
        received = start + timedelta(days=30 * month + 3)
        engagement.log_messages(first, platform="instagram", received_on=received, count=rng.randint(20, 40),
                                answered_on=received + timedelta(days=2))
        engagement.log_messages(first, platform="facebook", received_on=received, count=rng.randint(1, 3),
                                answered_on=received + timedelta(days=9))
    signals.record_signal(first, observed_on=start + timedelta(days=50), platform="facebook", theme="hostility",
                          description="Aumento de publicações hostis contra famílias recém-chegadas num grupo local "
                                      "de moradores.", neighbourhood_id=marvila.get("110621"),
                          referred_to="referral_unit", referred_detail="Unidade de sinalização de conteúdos",
                          outcome="Conteúdos denunciados; a associação de moradores organizou um encontro.")
    signals.record_signal(first, observed_on=start + timedelta(days=110), platform="tiktok", theme="fights",
                          description="Vídeos a combinar lutas entre grupos de jovens à saída da escola.",
                          neighbourhood_id=marvila.get("110621"), referred_to="youth",
                          referred_detail="Serviços de juventude da Junta", outcome="Sessões na escola com mediadores.")

    # Addressing needs: lighting worked; dealing was not fully carried out and goes on.
    needs_keys = [n["key"] for n in first.needs]
    lighting = problem_solving.add_priority(first, need_key="lighting" if "lighting" in needs_keys else needs_keys[0],
                                            user=planner)
    lighting.scanning = "Moradores apontaram ruas escuras no Vale Fundão e na Rua Direita (inquérito e reunião)."
    lighting.analysis = "Candeeiros avariados há meses; as ruas escuras são evitadas à noite, sobretudo por mulheres."
    lighting.displacement = "diffusion"
    lighting.displacement_notes = "As ruas vizinhas também foram sentidas como mais seguras."
    for text, owner in (("Levantamento dos pontos sem iluminação", "Junta de Freguesia de Marvila"),
                        ("Reparação de 14 candeeiros", "CML — Iluminação pública"),
                        ("Patrulha apeada ao fim da tarde nas ruas reparadas", "PSP — 32.ª Esquadra")):
        action = problem_solving.add_action(lighting, description=text, owner=owner,
                                            deadline=start + timedelta(days=90))
        problem_solving.set_action_status(action, "done")
    others = [k for k in ("drug_dealing", "groups") if k in needs_keys and k != lighting.need_key]
    dealing = problem_solving.add_priority(first, need_key=others[0] if others else needs_keys[-1], user=planner)
    dealing.scanning = "Referido por muitos moradores, sobretudo junto à estação de Chelas."
    done = problem_solving.add_action(dealing, description="Presença policial diária nas escadas da estação",
                                      owner="PSP — 32.ª Esquadra", deadline=start + timedelta(days=60))
    problem_solving.set_action_status(done, "done")
    problem_solving.add_action(dealing, description="Reabilitar o espaço junto às escadas", owner="CML",
                               deadline=start + timedelta(days=150))
    db.session.commit()

    # Indicators and the follow-up round.
    for key, row in (("confidence", None), ("fairness_respect", None)):
        comparison.add_standard(first, key, row, "pt")
    if first.baseline_survey and any(q.code == "problems" for q in first.baseline_survey.questions):
        comparison.add_standard(first, "disorder", lighting.need_key, "pt", priority_id=lighting.id)
        comparison.add_standard(first, "disorder", dealing.need_key, "pt", priority_id=dealing.id)
    comparison.add_count_indicator(first, title="Candeeiros avariados sinalizados", baseline=31, target=5,
                                   higher_is_better=False, priority_id=lighting.id)
    first.indicators[-1].follow_up_value = 4
    follow = comparison.start_follow_up(first, planner)
    follow.title = {lang: f"{text} (seguimento)" if lang == "pt" else f"{text} (follow-up)"
                    for lang, text in (follow.title or {}).items()}
    follow.status = SurveyStatus.OPEN
    db.session.commit()
    # Left open, as rounds often are for a while: a closed survey's public link answers 410 Gone.
    _follow_up_answers(follow, marvila, rng)

    # The partnership's self-assessment (one officer only: the officers' mean stays hidden).
    for user, score in ((planner, 4), (context.users.get("partner"), 3), (context.users.get("partner_school"), 3),
                        (context.users.get("partner_municipality"), 4)):
        if user is not None:
            self_assessment.submit(first, user, {code: max(1, min(5, score + rng.choice([-1, 0, 0, 1])))
                                                 for _a, code, _t in self_assessment.STATEMENTS})

    compared = comparison.compare(first, "pt", by_area=False)
    problem_solving.close_priority(lighting, meeting_id=meeting.id, method="consensus", user=planner,
                                   comparison=compared)
    lifecycle.close_cycle(first, meeting_id=meeting.id, method="consensus", user=planner,
                          lessons="A iluminação resultou e deve ser mantida. O tráfico exige a reabilitação do espaço, "
                                  "que ficou por fazer: passa para o ciclo seguinte. O canal online cumpriu o prazo "
                                  "na maior parte das mensagens; o Facebook precisa de mais atenção.")

    # Cycle 2, open: carries the dealing priority over and has started logging.
    second = lifecycle.open_cycle(group, starts_on=first.ends_on, months=12, user=planner)
    day = min(date.today(), second.starts_on + timedelta(days=5))
    engagement.log_activity(second, kind="patrol", happened_on=day, neighbourhood_id=marvila.get("110621"),
                            place="Estação de Chelas", contacts=22, partners="")
    engagement.log_activity(second, kind="office_hours", happened_on=day, platform="instagram", contacts=11)
    engagement.log_messages(second, platform="instagram", received_on=day, count=12, answered_on=day)
