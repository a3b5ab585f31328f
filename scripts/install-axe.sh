#!/bin/sh
# axe-core (MPL-2.0), the accessibility engine the browser tests inject into
# pages, from the npm registry into var/npm/ (test-only; never served).
# Usage: scripts/install-axe.sh   (run by `make test`)
set -eu
cd "$(dirname "$0")/.."
version=4.14.1
target=var/npm/node_modules/axe-core
if [ -f "$target/axe.min.js" ] && grep -q "\"version\": \"$version\"" "$target/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  # A fresh machine without Node.js: Debian's npm (brings nodejs).
  if [ "$(id -u)" = "0" ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "npm is needed for the accessibility tests: run as root, or apt-get install npm" >&2
    exit 1
  fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends npm
fi
npm install --no-save --no-audit --no-fund --loglevel=error --prefix var/npm "axe-core@$version"
