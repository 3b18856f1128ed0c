#!/usr/bin/env bash
# Everything the tests need on a fresh Debian machine: Debian's docker-registry (the real registry
# the image tests push to and read from), Debian's chromium (the report's browser tests), xmllint and
# fish (the JUnit and fish-completion tests), then the npm packages from the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v docker-registry >/dev/null 2>&1 || [ -x /usr/bin/docker-registry ] || need_apt+=(docker-registry)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
# xmllint validates `check -o junit` against the JUnit XSD (src/format/ci.test.ts).
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)
# fish runs `kube-hybrid completion fish` in src/cli/completion.test.ts (PowerShell is not in Debian).
command -v fish >/dev/null 2>&1 || need_apt+=(fish)
# Debian's chromium: the browser the report tests drive (playwright-core never downloads one).
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# The README's first command has usually just run `npm ci`: install again only when the lock file
# is newer than the installed tree (a fresh clone, or a pull that changed the dependencies).
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "setup: node_modules is up to date with package-lock.json (npm ci skipped)"
else
  npm ci --no-audit --no-fund
fi
