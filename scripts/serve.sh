#!/usr/bin/env bash
# Serve the demo on the embedded SQLite database: install, migrate, load the demo, print logins, run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
export SECRET_KEY="${SECRET_KEY:-$(python -c 'import secrets; print(secrets.token_hex(32))')}"
echo "==> migrating the database"
flask --app wsgi db upgrade
echo "==> loading the demo"
flask --app wsgi seed-demo
echo
echo "Safer Neighbourhoods is running at http://$HOST:$PORT/  (Ctrl+C to stop)"
echo
exec gunicorn --bind "$HOST:$PORT" --workers "${WORKERS:-2}" --access-logfile - wsgi:app
