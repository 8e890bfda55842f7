# Shared by bin/demo and bin/test: find Python 3.12+, make the virtual environment.
# shellcheck shell=bash
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${IRS_VENV:-$ROOT/.venv}"
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

find_python() {
  local candidate
  for candidate in "${IRS_PYTHON:-}" python3.14 python3.13 python3.12 \
      /root/.pyenv/versions/3.1[2-9]*/bin/python "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python \
      /usr/local/bin/python3 /usr/bin/python3 python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || [ -x "$candidate" ] || continue
    if "$candidate" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}

apt_install() {
  # Installs Debian packages that are missing; needs root (CI and these machines run as root).
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_python() {
  if ! find_python >/dev/null; then
    say "No Python 3.12+ found; trying Debian's python3 packages"
    apt_install python3 python3-venv
  fi
  local python
  python="$(find_python)" || { echo "IRS needs Python 3.12 or newer; set IRS_PYTHON to one." >&2; exit 1; }
  echo "$python"
}

ensure_venv() {
  # $1: pip extras, e.g. "test"
  local extras="${1:-}"
  local stamp="$VENV/.irs-installed-$extras"
  if [ ! -x "$VENV/bin/python" ]; then
    local python
    python="$(ensure_python)"
    say "Creating the virtual environment with $python"
    "$python" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    say "Installing Python dependencies${extras:+ ($extras)}"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    local spec="."
    [ -n "$extras" ] && spec=".[$extras]"
    "$VENV/bin/python" -m pip install -q "$spec"
    touch "$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
}

ensure_vnu() {
  # The Nu HTML checker that the browser tests run on every page they visit
  # (testing/html_check.py): the npm package vnu-jar at the version pinned in
  # testing/vnu/package.json, installed into testing/vnu/node_modules, run on Java.
  command -v java >/dev/null 2>&1 || apt_install default-jre-headless
  command -v npm >/dev/null 2>&1 || apt_install npm
  local dir="$ROOT/testing/vnu" want have
  want="$(node -p "require('$dir/package.json').dependencies['vnu-jar']")"
  have="$(node -p "require('$dir/node_modules/vnu-jar/package.json').version" 2>/dev/null || true)"
  if [ "$want" != "$have" ] || [ ! -f "$dir/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    say "Installing the Nu HTML checker (vnu-jar $want)"
    # No lock file and no install script (its script would fetch a Java: the machine has one).
    npm install --prefix "$dir" --no-package-lock --no-audit --no-fund --ignore-scripts \
      --loglevel=error >/dev/null
  fi
}
