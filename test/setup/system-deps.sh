#!/usr/bin/env bash
# Installs the Debian packages the tests start for real: PostgreSQL (the engine's Postgres
# storage), NATS (the engine's multi-node pubsub) and Chromium (browser tests, driven by
# playwright-core). Runs before `npm test`;
# does nothing when they are already there.
set -euo pipefail

needed=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || needed+=(postgresql)
[ -x /usr/bin/chromium ] || needed+=(chromium)
command -v nats-server >/dev/null || needed+=(nats-server)

[ ${#needed[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "system-deps: missing ${needed[*]} and cannot apt-get install here; the tests that need them will say so" >&2
  exit 0
fi
echo "system-deps: apt-get install ${needed[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
