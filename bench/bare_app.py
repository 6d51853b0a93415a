"""The baseline of bench/http_bench.py: a bare Flask app served by the same gunicorn settings as ours.

    DATABASE_URL=... gunicorn bare_app:app   (from bench/)

`/groupby/<survey_id>`: the plain SQL GROUP BY over a survey's answers, as JSON.
`/write` (POST): store one row, the least a request that keeps an answer can do.
"""
from __future__ import annotations

import os

from flask import Flask, jsonify
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, text

metadata = MetaData()
bare_row = Table("bare_row", metadata, Column("id", Integer, primary_key=True), Column("value", String(40)))


def engine_for(url: str):
    return create_engine(url)


def create_table(url: str) -> None:
    engine = engine_for(url)
    metadata.create_all(engine)
    engine.dispose()


def drop_table(url: str) -> None:
    engine = engine_for(url)
    metadata.drop_all(engine)
    engine.dispose()


app = Flask(__name__)
engine = engine_for(os.environ.get("DATABASE_URL", "sqlite://"))


@app.get("/groupby/<int:survey_id>")
def groupby(survey_id: int):
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT question_id, row, option, COUNT(*) FROM answer WHERE question_id IN "
            "(SELECT id FROM question WHERE survey_id = :survey) GROUP BY question_id, row, option"), {"survey": survey_id}).all()
    return jsonify([list(r) for r in rows])


@app.post("/write")
def write():
    with engine.begin() as connection:
        connection.execute(bare_row.insert().values(value="answer"))
    return "", 204


@app.get("/")
def ready():
    return "ok"
