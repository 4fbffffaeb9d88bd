#!/usr/bin/env bash
# Installs the Debian packages Coterie's tests need on a fresh machine of this kind:
# Chromium for Playwright, coturn for the relay-only share story, and pgvector built for the PostgreSQL major
# version that is running.
# Idempotent: each step checks first, so a warm machine pays nothing.
set -euo pipefail

log() { printf '[ci] %s\n' "$*"; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    log "apt-get update"
    apt-get update -qq
    apt_updated=1
  fi
}

pg_major() {
  ls /usr/lib/postgresql | sort -n | tail -n 1
}

install_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return; fi
  apt_update_once
  log "installing chromium"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
}

install_coturn() {
  # The e2e suite starts its own turnserver on loopback (playwright.config.ts); only the binary is needed.
  if [ -x /usr/bin/turnserver ]; then return; fi
  apt_update_once
  log "installing coturn"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq coturn >/dev/null
  # Where systemd runs, the package starts coturn.service with Debian's sample configuration, which relays for
  # anyone: this machine only needs the binary, so that service is stopped and kept off.
  if [ -d /run/systemd/system ]; then systemctl disable --now coturn.service >/dev/null 2>&1 || true; fi
}

install_netns_tools() {
  # `unshare` (util-linux) and `ip` (iproute2) keep the e2e suite on loopback.
  command -v unshare >/dev/null && command -v ip >/dev/null && return
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq util-linux iproute2 >/dev/null
}

install_pgvector() {
  local major; major=$(pg_major)
  local sharedir=/usr/share/postgresql/$major/extension
  if [ -f "$sharedir/vector.control" ]; then return; fi
  # Bookworm ships no binary pgvector; trixie's source package builds cleanly against bookworm's server headers.
  # Only the *source* list of trixie is added, so no trixie binary can ever be installed by accident.
  local list=/etc/apt/sources.list.d/coterie-trixie-src.sources
  if [ ! -f "$list" ]; then
    cat >"$list" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt_updated=0
  fi
  apt_update_once
  log "building pgvector for PostgreSQL $major"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-$major" dpkg-dev make gcc >/dev/null
  local build; build=$(mktemp -d)
  (cd "$build" && apt-get source -qq pgvector >/dev/null 2>&1)
  local src; src=$(find "$build" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
  local pg_config=/usr/lib/postgresql/$major/bin/pg_config
  make -s -C "$src" PG_CONFIG="$pg_config" OPTFLAGS="" >/dev/null
  make -s -C "$src" PG_CONFIG="$pg_config" install >/dev/null
  rm -rf "$build"
}

install_chromium
install_coturn
install_netns_tools
install_pgvector
log "system dependencies ready"
