"""The question bank's content: items written for this service after standard instruments.

Texts are our own wording (national questionnaires are often copyrighted); each
item cites the instrument whose idea it follows. Labels are {en, pt, es}.
"""
from __future__ import annotations


def T(en: str, pt: str, es: str) -> dict:
    return {"en": en, "pt": pt, "es": es}


def opts(*items) -> list[dict]:
    """Options from (value, T(...), score) tuples; a score of None leaves it out of means."""
    return [{"value": v, "label": label, **({"score": s} if s is not None else {})} for v, label, s in items]


DONT_KNOW = ("dont_know", T("Don't know", "Não sei", "No sé"), None)
PREFER_NOT = ("prefer_not", T("Prefer not to say", "Prefiro não dizer", "Prefiero no decirlo"), None)

SAFETY = opts(
    ("very_safe", T("Very safe", "Muito seguro/a", "Muy seguro/a"), 4),
    ("fairly_safe", T("Fairly safe", "Razoavelmente seguro/a", "Bastante seguro/a"), 3),
    ("a_bit_unsafe", T("A bit unsafe", "Um pouco inseguro/a", "Algo inseguro/a"), 2),
    ("very_unsafe", T("Very unsafe", "Muito inseguro/a", "Muy inseguro/a"), 1),
    DONT_KNOW,
)
PROBLEM = opts(
    ("very_big", T("A very big problem", "Um problema muito grande", "Un problema muy grande"), 3),
    ("fairly_big", T("A fairly big problem", "Um problema bastante grande", "Un problema bastante grande"), 2),
    ("not_very_big", T("Not a very big problem", "Um problema pouco grande", "Un problema no muy grande"), 1),
    ("not_a_problem", T("Not a problem at all", "Não é problema nenhum", "No es ningún problema"), 0),
    DONT_KNOW,
)
AGREE = opts(
    ("strongly_agree", T("Strongly agree", "Concordo totalmente", "Muy de acuerdo"), 5),
    ("agree", T("Agree", "Concordo", "De acuerdo"), 4),
    ("neither", T("Neither agree nor disagree", "Nem concordo nem discordo", "Ni de acuerdo ni en desacuerdo"), 3),
    ("disagree", T("Disagree", "Discordo", "En desacuerdo"), 2),
    ("strongly_disagree", T("Strongly disagree", "Discordo totalmente", "Muy en desacuerdo"), 1),
)
LIKELY = opts(
    ("very_likely", T("Very likely", "Muito provável", "Muy probable"), 5),
    ("likely", T("Likely", "Provável", "Probable"), 4),
    ("neither", T("Neither likely nor unlikely", "Nem provável nem improvável", "Ni probable ni improbable"), 3),
    ("unlikely", T("Unlikely", "Improvável", "Improbable"), 2),
    ("very_unlikely", T("Very unlikely", "Muito improvável", "Muy improbable"), 1),
)
OFTEN = opts(
    ("very_often", T("Very often", "Muito frequentemente", "Muy a menudo"), 4),
    ("often", T("Quite often", "Bastante frequentemente", "Bastante a menudo"), 3),
    ("not_often", T("Not very often", "Pouco frequentemente", "No muy a menudo"), 2),
    ("never", T("Not at all often", "Nada frequentemente", "Nada a menudo"), 1),
    DONT_KNOW,
)
RATING = opts(
    *[(f"r{i}", T(str(i), str(i), str(i)), i) for i in range(11)],
    DONT_KNOW,
)
RATING_ENDS = T(
    "0 means extremely badly and 10 extremely well.",
    "0 significa extremamente mal e 10 extremamente bem.",
    "0 significa extremadamente mal y 10 extremadamente bien.",
)

# What each need is called on a needs list; keys link bank items, priorities and needs.
NEEDS: dict[str, dict] = {
    "litter": T("Litter and dumped rubbish", "Lixo e entulho abandonado", "Basura y residuos abandonados"),
    "vandalism": T("Vandalism and graffiti", "Vandalismo e grafítis", "Vandalismo y pintadas"),
    "drug_dealing": T("Drug dealing", "Tráfico de droga", "Venta de drogas"),
    "drug_use": T("Drug use in public", "Consumo de droga na rua", "Consumo de drogas en la calle"),
    "groups": T("Groups hanging around and intimidating", "Grupos que intimidam na rua", "Grupos que intimidan en la calle"),
    "drunkenness": T("Drunk or rowdy behaviour", "Pessoas embriagadas ou desordeiras", "Personas ebrias o alborotadoras"),
    "noise": T("Noisy neighbours and late-night noise", "Vizinhos barulhentos e ruído noturno", "Vecinos ruidosos y ruido nocturno"),
    "vehicles": T("Abandoned or burnt-out vehicles", "Veículos abandonados ou queimados", "Vehículos abandonados o quemados"),
    "traffic": T("Speeding and dangerous driving", "Excesso de velocidade e condução perigosa", "Exceso de velocidad y conducción peligrosa"),
    "lighting": T("Poor street lighting", "Má iluminação pública", "Mala iluminación de las calles"),
    "theft": T("Theft and pickpocketing", "Furtos e carteiristas", "Hurtos y carteristas"),
    "burglary": T("Burglary", "Assaltos a residências", "Robos en viviendas"),
    "violence": T("Violence and threats", "Violência e ameaças", "Violencia y amenazas"),
    "harassment": T("Harassment in public spaces", "Assédio no espaço público", "Acoso en el espacio público"),
    "hate": T("Hate incidents", "Incidentes de ódio", "Incidentes de odio"),
    "online_hate": T("Online hate speech", "Discurso de ódio online", "Discurso de odio en línea"),
    "online_extremism": T("Extremist content online", "Conteúdos extremistas online", "Contenidos extremistas en línea"),
    "online_scams": T("Online scams and fraud", "Burlas e fraudes online", "Estafas y fraudes en línea"),
    "online_bullying": T("Cyberbullying", "Ciberbullying", "Ciberacoso"),
    "online_grooming": T("Grooming of children online", "Aliciamento de crianças online", "Captación de menores en línea (grooming)"),
}

ESS_SAFETY = "After the European Social Survey core item on feeling safe walking alone after dark (ESS, all rounds); own wording."
CSEW_ASB = "After the antisocial-behaviour items of the Crime Survey for England and Wales (seven-strand perceived disorder); own wording."
ICVS = "After the screener questions of the International Crime Victims Survey (last 12 months, reporting and reasons for not reporting); own wording."
SAMPSON = "After the collective-efficacy scale of Sampson, Raudenbush & Earls (1997, Science 277:918), cohesion and informal social control; own wording."
ESS_TRUST = "After the European Social Survey round 5 trust-in-justice module (effectiveness, procedural fairness, cooperation); own wording."
VISIBILITY = "After police visibility and contact items used in local crime and policing surveys; own wording."
ONLINE = "Written for this service from the digital community-policing practice of the Netherlands, Norway and Estonia (see DOMAIN notes); own wording."
PRIORITIES = "Written for this service after the problem-ranking step of the Lisbon community police model; own wording."
ABOUT = "Coarse respondent bands after the 'about you' section of local security diagnosis questionnaires; own wording."

MODULES: list[dict] = [
    {
        "key": "safety",
        "title": T("Perceived safety", "Sentimento de segurança", "Percepción de seguridad"),
        "items": [
            {"code": "safety_dark", "type": "likert", "source": ESS_SAFETY,
             "label": T("How safe do you feel walking alone in this area after dark?",
                        "Quão seguro/a se sente a andar sozinho/a nesta zona depois de anoitecer?",
                        "¿Qué tan seguro/a se siente caminando solo/a por esta zona cuando ya es de noche?"),
             "config": {"options": SAFETY}},
            {"code": "safety_day", "type": "likert", "source": ESS_SAFETY,
             "label": T("And walking alone in this area during the day?",
                        "E a andar sozinho/a nesta zona durante o dia?",
                        "¿Y caminando solo/a por esta zona durante el día?"),
             "config": {"options": SAFETY}},
            {"code": "safety_home", "type": "likert", "source": ESS_SAFETY,
             "label": T("How safe do you feel alone at home at night?",
                        "Quão seguro/a se sente sozinho/a em casa à noite?",
                        "¿Qué tan seguro/a se siente solo/a en casa por la noche?"),
             "config": {"options": SAFETY}},
            {"code": "unsafe_place", "type": "map", "source": ESS_SAFETY,
             "label": T("Where in the neighbourhood do you feel least safe?",
                        "Em que sítio do bairro se sente menos seguro/a?",
                        "¿En qué lugar del barrio se siente menos seguro/a?"),
             "hint": T("Mark a point on the map, or choose a street or place from the list.",
                       "Marque um ponto no mapa ou escolha uma rua ou local da lista.",
                       "Marque un punto en el mapa o elija una calle o lugar de la lista."),
             "config": {"places": []}},
            {"code": "unsafe_time", "type": "multiple", "source": ESS_SAFETY,
             "label": T("At what times do you feel least safe there?",
                        "A que horas se sente menos seguro/a nesse sítio?",
                        "¿A qué horas se siente menos seguro/a allí?"),
             "config": {"options": opts(
                 ("morning", T("Morning", "Manhã", "Mañana"), None),
                 ("afternoon", T("Afternoon", "Tarde", "Tarde"), None),
                 ("evening", T("Evening", "Início da noite", "Al anochecer"), None),
                 ("late_night", T("Late at night", "Madrugada", "De madrugada"), None),
                 ("weekends", T("Weekends", "Fins de semana", "Fines de semana"), None),
             )}},
        ],
    },
    {
        "key": "problems",
        "title": T("Problems in the area", "Problemas na zona", "Problemas en la zona"),
        "items": [
            {"code": "problems", "type": "likert_grid", "source": CSEW_ASB,
             "label": T("How much of a problem is each of these in your area?",
                        "Até que ponto cada uma destas situações é um problema na sua zona?",
                        "¿Hasta qué punto es un problema cada una de estas situaciones en su zona?"),
             "config": {"options": PROBLEM, "positive": ["very_big", "fairly_big"], "rows": [
                 {"value": "litter", "need": "litter", "label": T("Litter or rubbish lying around", "Lixo espalhado pela rua", "Basura tirada en la calle")},
                 {"value": "vandalism", "need": "vandalism", "label": T("Vandalism, graffiti or damage to property", "Vandalismo, grafítis ou danos em propriedade", "Vandalismo, pintadas o daños a la propiedad")},
                 {"value": "drug_dealing", "need": "drug_dealing", "label": T("People dealing drugs", "Pessoas a vender droga", "Personas vendiendo drogas")},
                 {"value": "drug_use", "need": "drug_use", "label": T("People using drugs in public", "Pessoas a consumir droga na rua", "Personas consumiendo drogas en la calle")},
                 {"value": "groups", "need": "groups", "label": T("Groups hanging around and intimidating people", "Grupos parados na rua a intimidar as pessoas", "Grupos en la calle que intimidan a la gente")},
                 {"value": "drunkenness", "need": "drunkenness", "label": T("People being drunk or rowdy in public", "Pessoas embriagadas ou desordeiras na rua", "Personas ebrias o alborotadoras en la calle")},
                 {"value": "noise", "need": "noise", "label": T("Noisy neighbours or loud parties", "Vizinhos barulhentos ou festas ruidosas", "Vecinos ruidosos o fiestas con mucho ruido")},
                 {"value": "vehicles", "need": "vehicles", "label": T("Abandoned or burnt-out cars", "Carros abandonados ou queimados", "Coches abandonados o quemados")},
                 {"value": "traffic", "need": "traffic", "label": T("Speeding or dangerous driving", "Excesso de velocidade ou condução perigosa", "Exceso de velocidad o conducción peligrosa")},
                 {"value": "lighting", "need": "lighting", "label": T("Dark streets with poor lighting", "Ruas escuras com má iluminação", "Calles oscuras con mala iluminación")},
             ]}},
        ],
    },
    {
        "key": "victimisation",
        "title": T("Victimisation in the last 12 months", "Vitimação nos últimos 12 meses", "Victimización en los últimos 12 meses"),
        "items": [
            {"code": "vict_theft", "type": "yes_no", "source": ICVS, "config": {"need": "theft"},
             "label": T("In the last 12 months, has anything been stolen from you in this area (a bag, phone, bicycle, or something from your car)?",
                        "Nos últimos 12 meses, foi-lhe furtado algo nesta zona (mala, telemóvel, bicicleta ou algo do seu carro)?",
                        "En los últimos 12 meses, ¿le han robado algo en esta zona (bolso, móvil, bicicleta o algo de su coche)?")},
            {"code": "vict_burglary", "type": "yes_no", "source": ICVS, "config": {"need": "burglary"},
             "label": T("In the last 12 months, has anyone got into your home without permission to steal or try to steal?",
                        "Nos últimos 12 meses, alguém entrou em sua casa sem autorização para roubar ou tentar roubar?",
                        "En los últimos 12 meses, ¿alguien entró en su casa sin permiso para robar o intentar robar?")},
            {"code": "vict_violence", "type": "yes_no", "source": ICVS, "config": {"need": "violence"},
             "label": T("In the last 12 months, has anyone attacked you or threatened you with violence in this area?",
                        "Nos últimos 12 meses, alguém o/a agrediu ou ameaçou com violência nesta zona?",
                        "En los últimos 12 meses, ¿alguien le agredió o amenazó con violencia en esta zona?")},
            {"code": "vict_harassment", "type": "yes_no", "source": ICVS, "config": {"need": "harassment"},
             "label": T("In the last 12 months, has anyone followed, harassed or intimidated you in a public place here?",
                        "Nos últimos 12 meses, alguém o/a seguiu, assediou ou intimidou num espaço público desta zona?",
                        "En los últimos 12 meses, ¿alguien le siguió, acosó o intimidó en un espacio público de esta zona?")},
            {"code": "vict_hate", "type": "yes_no", "source": ICVS, "config": {"need": "hate"},
             "label": T("In the last 12 months, has anyone targeted you because of who you are (origin, skin colour, religion, sexuality, gender or disability)?",
                        "Nos últimos 12 meses, alguém o/a visou por causa de quem é (origem, cor da pele, religião, orientação sexual, género ou deficiência)?",
                        "En los últimos 12 meses, ¿alguien le atacó por ser quien es (origen, color de piel, religión, orientación sexual, género o discapacidad)?")},
            {"code": "vict_reported", "type": "single", "source": ICVS,
             "label": T("If any of these happened to you, did you or someone else tell the police?",
                        "Se alguma destas situações lhe aconteceu, a polícia foi informada por si ou por outra pessoa?",
                        "Si le ocurrió alguna de estas situaciones, ¿usted u otra persona lo comunicó a la policía?"),
             "config": {"options": opts(
                 ("all", T("Yes, every time", "Sim, sempre", "Sí, siempre"), None),
                 ("some", T("Yes, some of the times", "Sim, algumas vezes", "Sí, algunas veces"), None),
                 ("none", T("No", "Não", "No"), None),
                 ("not_applicable", T("Nothing like this happened to me", "Nada disto me aconteceu", "No me ha ocurrido nada de esto"), None),
             )}},
            {"code": "vict_why_not", "type": "multiple", "source": ICVS,
             "show_if": ["vict_reported", ["some", "none"]],
             "label": T("Why was it not reported?", "Porque é que não foi comunicado?", "¿Por qué no se comunicó?"),
             "config": {"options": opts(
                 ("not_serious", T("It was not serious enough", "Não foi suficientemente grave", "No fue lo bastante grave"), None),
                 ("police_cannot", T("The police could not have done anything", "A polícia não poderia ter feito nada", "La policía no habría podido hacer nada"), None),
                 ("police_would_not", T("The police would not have done anything", "A polícia não teria feito nada", "La policía no habría hecho nada"), None),
                 ("fear", T("Fear of reprisals", "Medo de represálias", "Miedo a represalias"), None),
                 ("self", T("I dealt with it myself or with family", "Resolvi sozinho/a ou com a família", "Lo resolví yo o con mi familia"), None),
                 ("how", T("I did not know how or where", "Não sabia como nem onde", "No sabía cómo ni dónde"), None),
                 ("language", T("Language difficulties", "Dificuldades de língua", "Dificultades de idioma"), None),
                 ("distrust", T("I do not trust the police", "Não confio na polícia", "No confío en la policía"), None),
             )}},
        ],
    },
    {
        "key": "efficacy",
        "title": T("Collective efficacy", "Eficácia coletiva", "Eficacia colectiva"),
        "items": [
            {"code": "cohesion", "type": "likert_grid", "source": SAMPSON,
             "label": T("How much do you agree with each statement about the people around here?",
                        "Até que ponto concorda com cada afirmação sobre as pessoas daqui?",
                        "¿Hasta qué punto está de acuerdo con cada afirmación sobre la gente de aquí?"),
             "config": {"options": AGREE, "rows": [
                 {"value": "help", "label": T("People around here are willing to help their neighbours", "As pessoas daqui estão dispostas a ajudar os vizinhos", "La gente de aquí está dispuesta a ayudar a sus vecinos")},
                 {"value": "close_knit", "label": T("This is a close-knit neighbourhood", "Este é um bairro muito unido", "Este es un barrio muy unido")},
                 {"value": "trusted", "label": T("People in this neighbourhood can be trusted", "Pode-se confiar nas pessoas deste bairro", "Se puede confiar en la gente de este barrio")},
                 {"value": "not_get_along", "reverse": True, "label": T("People in this neighbourhood generally don't get along", "Em geral, as pessoas deste bairro não se dão bem", "En general, la gente de este barrio no se lleva bien")},
                 {"value": "not_share_values", "reverse": True, "label": T("People in this neighbourhood do not share the same values", "As pessoas deste bairro não partilham os mesmos valores", "La gente de este barrio no comparte los mismos valores")},
             ]}},
            {"code": "social_control", "type": "likert_grid", "source": SAMPSON,
             "label": T("How likely is it that your neighbours would do something if…",
                        "Qual a probabilidade de os seus vizinhos fazerem alguma coisa se…",
                        "¿Qué probabilidad hay de que sus vecinos hicieran algo si…"),
             "config": {"options": LIKELY, "rows": [
                 {"value": "truancy", "label": T("children were skipping school and hanging around", "crianças faltassem às aulas e andassem pela rua", "unos niños faltaran a clase y anduvieran por la calle")},
                 {"value": "graffiti", "label": T("children were spraying graffiti on a building", "crianças estivessem a fazer grafítis num prédio", "unos niños hicieran pintadas en un edificio")},
                 {"value": "disrespect", "label": T("a child was being rude to an adult", "uma criança estivesse a faltar ao respeito a um adulto", "un niño le faltara el respeto a un adulto")},
                 {"value": "fight", "label": T("a fight broke out in front of their house", "houvesse uma luta à porta de casa", "hubiera una pelea delante de su casa")},
                 {"value": "closing", "label": T("a local service (school, health centre) was about to close", "um serviço local (escola, centro de saúde) estivesse para fechar", "un servicio local (escuela, centro de salud) fuera a cerrar")},
             ]}},
        ],
    },
    {
        "key": "police",
        "title": T("Trust in police and contact", "Confiança na polícia e contacto", "Confianza en la policía y contacto"),
        "items": [
            {"code": "police_effective", "type": "likert", "source": ESS_TRUST, "hint": RATING_ENDS,
             "label": T("How well do the police do at preventing crime in this area?",
                        "Até que ponto a polícia consegue prevenir o crime nesta zona?",
                        "¿Qué tan bien previene la policía la delincuencia en esta zona?"),
             "config": {"options": RATING}},
            {"code": "police_respect", "type": "likert", "source": ESS_TRUST,
             "label": T("How often do the police here treat people with respect?",
                        "Com que frequência a polícia daqui trata as pessoas com respeito?",
                        "¿Con qué frecuencia la policía de aquí trata a la gente con respeto?"),
             "config": {"options": OFTEN}},
            {"code": "police_fair", "type": "likert", "source": ESS_TRUST,
             "label": T("How often do they make fair, impartial decisions?",
                        "Com que frequência toma decisões justas e imparciais?",
                        "¿Con qué frecuencia toma decisiones justas e imparciales?"),
             "config": {"options": OFTEN}},
            {"code": "police_explain", "type": "likert", "source": ESS_TRUST,
             "label": T("How often do they explain their decisions when asked?",
                        "Com que frequência explica as suas decisões quando lhe perguntam?",
                        "¿Con qué frecuencia explica sus decisiones cuando se le pregunta?"),
             "config": {"options": OFTEN}},
            {"code": "police_call", "type": "likert", "source": ESS_TRUST,
             "label": T("If you saw someone breaking into a car here, how likely is it that you would call the police?",
                        "Se visse alguém a arrombar um carro aqui, qual a probabilidade de chamar a polícia?",
                        "Si viera a alguien forzando un coche aquí, ¿qué probabilidad hay de que llamara a la policía?"),
             "config": {"options": LIKELY}},
            {"code": "police_visible", "type": "single", "source": VISIBILITY,
             "label": T("How often do you see police officers on foot in your area?",
                        "Com que frequência vê polícias a pé na sua zona?",
                        "¿Con qué frecuencia ve policías a pie en su zona?"),
             "config": {"options": opts(
                 ("daily", T("Every day or almost", "Todos os dias ou quase", "Todos o casi todos los días"), None),
                 ("weekly", T("About once a week", "Cerca de uma vez por semana", "Más o menos una vez por semana"), None),
                 ("monthly", T("About once a month", "Cerca de uma vez por mês", "Más o menos una vez al mes"), None),
                 ("rarely", T("Less often", "Menos vezes", "Con menos frecuencia"), None),
                 ("never", T("Never", "Nunca", "Nunca"), None),
             )}},
            {"code": "police_contact", "type": "yes_no", "source": VISIBILITY,
             "label": T("Have you had any contact with the local police in the last 12 months?",
                        "Teve algum contacto com a polícia local nos últimos 12 meses?",
                        "¿Ha tenido algún contacto con la policía local en los últimos 12 meses?")},
            {"code": "police_contact_ok", "type": "likert", "source": VISIBILITY,
             "show_if": ["police_contact", ["yes"]],
             "label": T("How satisfied were you with how the police dealt with you?",
                        "Quão satisfeito/a ficou com a forma como a polícia o/a tratou?",
                        "¿Qué tan satisfecho/a quedó con el trato de la policía?"),
             "config": {"options": opts(
                 ("very_satisfied", T("Very satisfied", "Muito satisfeito/a", "Muy satisfecho/a"), 4),
                 ("satisfied", T("Fairly satisfied", "Razoavelmente satisfeito/a", "Bastante satisfecho/a"), 3),
                 ("dissatisfied", T("Fairly dissatisfied", "Pouco satisfeito/a", "Poco satisfecho/a"), 2),
                 ("very_dissatisfied", T("Very dissatisfied", "Nada satisfeito/a", "Nada satisfecho/a"), 1),
             )}},
            {"code": "police_confidence", "type": "likert", "source": ESS_TRUST,
             "label": T("Taking everything into account, I have confidence in the police in this area.",
                        "Tudo considerado, tenho confiança na polícia desta zona.",
                        "En general, confío en la policía de esta zona."),
             "config": {"options": AGREE}},
        ],
    },
    {
        "key": "online",
        "title": T("Online life", "Vida online", "Vida en línea"),
        "items": [
            {"code": "online_platforms", "type": "multiple", "source": ONLINE,
             "label": T("Which of these do you use at least once a week?",
                        "Quais destas plataformas usa pelo menos uma vez por semana?",
                        "¿Cuáles de estas plataformas usa al menos una vez por semana?"),
             "config": {"options": opts(
                 ("messaging", T("Messaging apps (WhatsApp, Telegram, Signal)", "Aplicações de mensagens (WhatsApp, Telegram, Signal)", "Aplicaciones de mensajería (WhatsApp, Telegram, Signal)"), None),
                 ("facebook", T("Facebook", "Facebook", "Facebook"), None),
                 ("instagram", T("Instagram", "Instagram", "Instagram"), None),
                 ("tiktok", T("TikTok", "TikTok", "TikTok"), None),
                 ("x", T("X (Twitter)", "X (Twitter)", "X (Twitter)"), None),
                 ("youtube", T("YouTube", "YouTube", "YouTube"), None),
                 ("discord", T("Discord", "Discord", "Discord"), None),
                 ("games", T("Online games (Minecraft, Roblox, Fortnite…)", "Jogos online (Minecraft, Roblox, Fortnite…)", "Juegos en línea (Minecraft, Roblox, Fortnite…)"), None),
                 ("local_groups", T("Local neighbourhood groups or forums", "Grupos ou fóruns do bairro", "Grupos o foros del barrio"), None),
                 ("none", T("None of these", "Nenhuma destas", "Ninguna de estas"), None),
             )}},
            {"code": "online_languages", "type": "multiple", "source": ONLINE,
             "label": T("In which languages do you write or talk online?",
                        "Em que línguas escreve ou fala online?",
                        "¿En qué idiomas escribe o habla en línea?"),
             "config": {"options": opts(
                 ("pt", T("Portuguese", "Português", "Portugués"), None),
                 ("kea", T("Cape Verdean Creole", "Crioulo cabo-verdiano", "Criollo caboverdiano"), None),
                 ("en", T("English", "Inglês", "Inglés"), None),
                 ("es", T("Spanish", "Espanhol", "Español"), None),
                 ("fr", T("French", "Francês", "Francés"), None),
                 ("ar", T("Arabic", "Árabe", "Árabe"), None),
                 ("hi_ne_bn", T("Hindi, Nepali or Bengali", "Hindi, nepalês ou bengali", "Hindi, nepalí o bengalí"), None),
                 ("zh", T("Chinese", "Chinês", "Chino"), None),
                 ("uk_ru", T("Ukrainian or Russian", "Ucraniano ou russo", "Ucraniano o ruso"), None),
                 ("other", T("Another language", "Outra língua", "Otro idioma"), None),
             )}},
            {"code": "online_slang", "type": "text", "source": ONLINE,
             "label": T("Are there words or slang used online here that a community officer should understand?",
                        "Há palavras ou calão usados online aqui que um polícia de proximidade deva entender?",
                        "¿Hay palabras o jerga que se usan en línea aquí y que un policía de proximidad debería entender?")},
            {"code": "online_harms_seen", "type": "multiple", "source": ONLINE,
             "config": {"needs": {"hate": "online_hate", "extremism": "online_extremism", "scams": "online_scams",
                                  "bullying": "online_bullying", "grooming": "online_grooming"}, "options": None},
             "label": T("In the last 12 months, which of these have you seen online, involving people from this area?",
                        "Nos últimos 12 meses, qual destas situações viu online, envolvendo pessoas desta zona?",
                        "En los últimos 12 meses, ¿cuáles de estas situaciones ha visto en línea, con personas de esta zona?")},
            {"code": "online_harms_suffered", "type": "multiple", "source": ONLINE,
             "config": {"needs": {"hate": "online_hate", "extremism": "online_extremism", "scams": "online_scams",
                                  "bullying": "online_bullying", "grooming": "online_grooming"}, "options": None},
             "label": T("And which of these happened to you or your children?",
                        "E qual destas situações lhe aconteceu a si ou aos seus filhos?",
                        "¿Y cuáles de estas situaciones le ocurrieron a usted o a sus hijos?")},
            {"code": "online_meet", "type": "multiple", "source": ONLINE,
             "label": T("Where would you like to be able to reach a community officer online?",
                        "Onde gostaria de poder contactar um polícia de proximidade online?",
                        "¿Dónde le gustaría poder contactar en línea con un policía de proximidad?"),
             "config": {"options": opts(
                 ("messaging", T("A messaging app", "Uma aplicação de mensagens", "Una aplicación de mensajería"), None),
                 ("instagram", T("Instagram", "Instagram", "Instagram"), None),
                 ("facebook", T("Facebook", "Facebook", "Facebook"), None),
                 ("tiktok", T("TikTok", "TikTok", "TikTok"), None),
                 ("discord", T("Discord or game platforms", "Discord ou plataformas de jogos", "Discord o plataformas de juegos"), None),
                 ("web", T("A website or app of the partnership", "Um site ou aplicação da parceria", "Un sitio web o aplicación de la asociación"), None),
                 ("none", T("I would not contact an officer online", "Não contactaria um polícia online", "No contactaría a un policía en línea"), None),
             )}},
            {"code": "online_profile", "type": "single", "source": ONLINE,
             "label": T("Who would you rather write to online?",
                        "A quem preferiria escrever online?",
                        "¿A quién preferiría escribir en línea?"),
             "config": {"options": opts(
                 ("named", T("A named officer with a photo", "Um/a agente identificado/a, com nome e foto", "Un/a agente con nombre y foto"), None),
                 ("institutional", T("The police's institutional profile", "O perfil institucional da polícia", "El perfil institucional de la policía"), None),
                 ("either", T("Either would be fine", "Qualquer um", "Cualquiera de los dos"), None),
                 ("neither", T("Neither", "Nenhum", "Ninguno"), None),
             )}},
        ],
    },
    {
        "key": "priorities",
        "title": T("Priorities", "Prioridades", "Prioridades"),
        "items": [
            {"code": "priorities", "type": "ranking", "source": PRIORITIES,
             "label": T("Which problems should the security group tackle first? Number up to three, 1 being the most urgent.",
                        "Que problemas deve o grupo de segurança resolver primeiro? Numere até três, sendo 1 o mais urgente.",
                        "¿Qué problemas debería abordar primero el grupo de seguridad? Numere hasta tres, siendo 1 el más urgente."),
             "config": {"max_ranked": 3, "options": None, "option_needs": [
                 "drug_dealing", "burglary", "theft", "violence", "harassment", "vandalism", "litter",
                 "traffic", "groups", "lighting", "online_scams", "online_hate", "online_grooming"]}},
            {"code": "anything_else", "type": "long_text", "source": PRIORITIES,
             "label": T("Is there anything else the security group should know?",
                        "Há mais alguma coisa que o grupo de segurança deva saber?",
                        "¿Hay algo más que el grupo de seguridad debería saber?"),
             "hint": T("Please do not write names of people.", "Por favor, não escreva nomes de pessoas.",
                       "Por favor, no escriba nombres de personas.")},
        ],
    },
    {
        "key": "about",
        "title": T("About you (optional)", "Sobre si (opcional)", "Sobre usted (opcional)"),
        "items": [
            {"code": "age_band", "type": "single", "source": ABOUT, "band": True,
             "label": T("How old are you?", "Que idade tem?", "¿Qué edad tiene?"),
             "config": {"options": opts(
                 ("a16_24", T("16 to 24", "16 a 24", "16 a 24"), None),
                 ("a25_44", T("25 to 44", "25 a 44", "25 a 44"), None),
                 ("a45_64", T("45 to 64", "45 a 64", "45 a 64"), None),
                 ("a65_plus", T("65 or older", "65 ou mais", "65 o más"), None),
                 PREFER_NOT,
             )}},
            {"code": "gender", "type": "single", "source": ABOUT, "band": True,
             "label": T("What is your gender?", "Qual é o seu género?", "¿Cuál es su género?"),
             "config": {"options": opts(
                 ("woman", T("Woman", "Mulher", "Mujer"), None),
                 ("man", T("Man", "Homem", "Hombre"), None),
                 ("other", T("In another way", "De outra forma", "De otra forma"), None),
                 PREFER_NOT,
             )}},
            {"code": "years_in_area", "type": "single", "source": ABOUT, "band": True,
             "label": T("How long have you lived or worked in this area?",
                        "Há quanto tempo vive ou trabalha nesta zona?",
                        "¿Cuánto tiempo lleva viviendo o trabajando en esta zona?"),
             "config": {"options": opts(
                 ("lt1", T("Less than a year", "Menos de um ano", "Menos de un año"), None),
                 ("y1_5", T("1 to 5 years", "1 a 5 anos", "De 1 a 5 años"), None),
                 ("y6_15", T("6 to 15 years", "6 a 15 anos", "De 6 a 15 años"), None),
                 ("gt15", T("More than 15 years", "Mais de 15 anos", "Más de 15 años"), None),
                 PREFER_NOT,
             )}},
            {"code": "home_language", "type": "single", "source": ABOUT, "band": True,
             "label": T("Which language do you mostly speak at home?",
                        "Que língua fala mais em casa?",
                        "¿Qué idioma habla sobre todo en casa?"),
             "config": {"options": opts(
                 ("pt", T("Portuguese", "Português", "Portugués"), None),
                 ("kea", T("Cape Verdean Creole", "Crioulo cabo-verdiano", "Criollo caboverdiano"), None),
                 ("es", T("Spanish", "Espanhol", "Español"), None),
                 ("en", T("English", "Inglês", "Inglés"), None),
                 ("other", T("Another language", "Outra língua", "Otro idioma"), None),
                 PREFER_NOT,
             )}},
        ],
    },
]

HARMS = opts(
    ("hate", T("Hate speech against a group", "Discurso de ódio contra um grupo", "Discurso de odio contra un grupo"), None),
    ("extremism", T("Extremist or violent propaganda", "Propaganda extremista ou violenta", "Propaganda extremista o violenta"), None),
    ("scams", T("Scams or fraud attempts", "Burlas ou tentativas de fraude", "Estafas o intentos de fraude"), None),
    ("bullying", T("Bullying or humiliation", "Bullying ou humilhação", "Acoso o humillación"), None),
    ("grooming", T("Adults approaching children with bad intent", "Adultos a abordar crianças com más intenções", "Adultos que contactan a menores con malas intenciones"), None),
    ("none", T("None of these", "Nenhuma destas", "Ninguna de estas"), None),
)
HARMS[-1]["exclusive"] = True


def _finish() -> None:
    """Fill the options that are derived from other tables (harms, priorities)."""
    for module in MODULES:
        for item in module["items"]:
            config = item.setdefault("config", {})
            if item["code"].startswith("online_harms"):
                config["options"] = [dict(o) for o in HARMS]
            if "option_needs" in config:
                config["options"] = [{"value": key, "label": NEEDS[key], "need": key} for key in config.pop("option_needs")]
            if item["code"] in {"online_platforms"}:
                config["options"][-1]["exclusive"] = True


_finish()
