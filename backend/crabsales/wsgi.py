"""WSGI entry point for gunicorn: `gunicorn crabsales.wsgi:app`."""

from . import create_app

app = create_app()
