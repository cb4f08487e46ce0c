#!/usr/bin/env bash
# Installs what the test suite needs and this machine lacks: Chromium,
# PostgreSQL and xmllint (libxml2-utils, which checks the REFI-QDA export
# against its schema) from Debian (when run as root with apt), and axe-core
# and the Nu Html Checker from npm. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "test-deps: installing ${need[*]} from Debian" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test-deps: please install ${need[*]} (Debian: sudo apt-get install ${need[*]})" >&2
  fi
fi

if [ -f package-lock.json ]; then
  if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] ||
     [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "test-deps: installing axe-core and vnu-jar from npm" >&2
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  fi
fi
