"""The bare Flask baseline: /api/health does what the baked one does, and nothing else.

One SQLAlchemy engine on DATABASE_URL with pool_pre_ping and pool_recycle (as the baked
project's SQLALCHEMY_ENGINE_OPTIONS), one `SELECT 1`, one JSON reply with the
same Cache-Control header.
No config classes, extensions, blueprints or error handlers.

    DATABASE_URL=sqlite:////tmp/x.sqlite3 gunicorn --chdir bench/bare flask_app:app
"""

import os

from flask import Flask, jsonify
from sqlalchemy import create_engine, text

engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True, pool_recycle=1800)
app = Flask(__name__)


@app.get("/api/health")
def health():
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return jsonify(status="ok", database="ok"), {"Cache-Control": "no-store"}
