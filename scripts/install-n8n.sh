#!/usr/bin/env bash
# Installs the pinned n8n of harness/n8n (its own package.json and lockfile, never the published
# node package) with Node 24, which n8n 2.36+ requires. Prints the path of n8n's entry script.
# A second run with an unchanged lockfile does nothing.
#
# Why two steps: some of n8n's optional dependencies download binaries from the internet in
# their install scripts, so scripts are skipped and only the native modules n8n needs to run
# (SQLite, the expression isolate, msgpack) are rebuilt, against Node 24's own headers (the
# machine's npm config points node-gyp at the system Node's headers).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/harness/n8n"
node24="$("$root/scripts/node-bin.sh" 24)"
node_home="$(dirname "$(dirname "$node24")")"
entry="$dir/node_modules/n8n/bin/n8n"
stamp="$dir/node_modules/.popup-leads-installed"
want() { echo "$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1) $("$node24" --version)"; }

if [ -f "$entry" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(want)" ]; then
  echo "$entry"
  exit 0
fi

export PATH="$(dirname "$node24"):$PATH"
export npm_config_nodedir="$node_home"
export npm_config_yes=true NO_UPDATE_NOTIFIER=1
# Native builds on both cores: SQLite and isolated-vm are most of the install time.
export JOBS=max
echo "Installing n8n into harness/n8n (a few minutes, once)..." >&2
rm -f "$stamp"
# `npm install`, not `npm ci`: the registry lacks some of msgpackr-extract's optional platform
# packages, which `npm ci` counts as a lockfile out of sync. The lockfile still pins every version.
(cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
(cd "$dir" && npm rebuild sqlite3 isolated-vm msgpackr-extract --loglevel=error >&2)
# After the install: npm may rewrite the lockfile's form, and the stamp must match what is on disk.
want > "$stamp"
echo "$entry"
