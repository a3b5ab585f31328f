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
  echo "npm is needed for the accessibility tests (apt-get install npm)" >&2
  exit 1
fi
npm install --no-save --no-audit --no-fund --loglevel=error --prefix var/npm "axe-core@$version"
