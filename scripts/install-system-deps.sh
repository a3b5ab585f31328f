#!/bin/sh
# Install the Debian packages CivilDesk needs, if any is missing.
#   runtime: gettext (compiled translations), Tesseract with Vietnamese and
#            Bengali data (OCR), Liberation fonts (documents), poppler-utils
#   tests:   chromium (browser tests; Playwright drives Debian's build) and a Bengali font for its pages,
#            softhsm2 + opensc (a software PKCS#11 token for the signing tests),
#            and the cluster group
#   cluster: HAProxy, redis-server, curl and the PostgreSQL client tools
#            (scripts/cluster.sh: several app nodes and RQ workers; `pytest -m cluster`)
# Usage: scripts/install-system-deps.sh [runtime|test|cluster]
set -eu
what=${1:-runtime}
pkgs="gettext tesseract-ocr tesseract-ocr-vie tesseract-ocr-ben fonts-liberation fonts-liberation2 fonts-dejavu-core poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
cluster="haproxy redis-server curl postgresql-client"
if [ "$what" = "test" ]; then
  pkgs="$pkgs chromium fonts-beng-extra softhsm2 opensc $cluster"
elif [ "$what" = "cluster" ]; then
  pkgs="$pkgs $cluster"
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing Debian packages:$missing"
if [ "$(id -u)" = "0" ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Missing Debian packages:$missing" >&2
  echo "Run as root: apt-get install -y$missing" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends $missing
