#!/usr/bin/env bash
# Debian's Redis and PostgreSQL servers, for the queue-mode end-to-end test (n8n's queue mode
# needs Redis, and PostgreSQL rather than SQLite). Installs only what is missing, so a second run
# does nothing. The test starts its own throwaway servers on free ports (harness/src/services.ts):
# the system services these packages come with are never needed, so none is left running.
set -euo pipefail

have_redis() { command -v redis-server >/dev/null 2>&1; }
# Debian keeps PostgreSQL's server programs out of PATH, in a folder per major version.
have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1; }

missing=()
have_redis || missing+=(redis-server)
have_postgres || missing+=(postgresql)
if [ "${#missing[@]}" -eq 0 ]; then
  echo "redis-server and postgresql are installed."
  exit 0
fi

# Root installs directly (CI here); elsewhere sudo, if it needs no password (hosted CI runners).
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

# The packages' maintainer scripts start Redis on 6379 and a PostgreSQL cluster on 5432 through
# invoke-rc.d, which asks policy-rc.d first: exit code 101 means "do not start anything". An
# existing policy is someone else's and stays as it is.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# Temporary: no service starts while scripts/install-services.sh installs packages.\nexit 101\n' |
    "${as_root[@]}" tee "$policy" >/dev/null
  "${as_root[@]}" chmod 755 "$policy"
  trap '"${as_root[@]}" rm -f "$policy"' EXIT
fi

echo "Installing ${missing[*]} from Debian's packages..."
started=$SECONDS
apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
# Another apt run on the machine (CI beside a developer) holds dpkg's lock: the timeout waits for it.
"${apt[@]}" update -qq
"${apt[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed ${missing[*]} in $((SECONDS - started)) s."

# Whatever still got started by this install (an existing policy that allows it, or systemd
# enabling the units) is stopped and disabled: nothing of these packages ran before, since their
# programs were missing, so everything of theirs that runs now was started by this script.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  for package in "${missing[@]}"; do
    "${as_root[@]}" systemctl disable --now "$package" >/dev/null 2>&1 || true
  done
fi
if [[ " ${missing[*]} " == *" redis-server "* ]] && [ -x /etc/init.d/redis-server ]; then
  if "${as_root[@]}" /etc/init.d/redis-server status >/dev/null 2>&1; then "${as_root[@]}" /etc/init.d/redis-server stop >/dev/null || true; fi
fi
if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_lsclusters >/dev/null 2>&1; then
  # Columns: version, cluster, port, status, ...
  pg_lsclusters --no-header | while read -r version cluster _port status _rest; do
    if [ "$status" = online ]; then "${as_root[@]}" pg_ctlcluster "$version" "$cluster" stop || true; fi
  done
fi

have_redis || { echo "redis-server is still missing after the install." >&2; exit 1; }
have_postgres || { echo "PostgreSQL's initdb is still missing after the install." >&2; exit 1; }
