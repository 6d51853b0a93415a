# Sourced by serve.sh and test.sh: a virtualenv with the pinned requirements, compiled translations.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PYTHON_BIN="${PYTHON_BIN:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating virtualenv in $VENV"
  "$PYTHON_BIN" -m venv "$VENV"
fi
# Reinstall only when the requirement files change.
stamp="$VENV/.requirements.sha256"
want="$(cat "$ROOT"/requirements*.txt | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> installing pinned requirements"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements-dev.txt"
  echo "$want" > "$stamp"
fi
"$VENV/bin/python" "$ROOT/scripts/i18n.py" compile > /dev/null
export PATH="$VENV/bin:$PATH"
