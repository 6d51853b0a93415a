"""Entry point for gunicorn and `flask --app wsgi`."""
from partnership import create_app

app = create_app()
