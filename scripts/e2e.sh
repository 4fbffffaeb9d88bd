#!/usr/bin/env bash
# Runs the Playwright suite against the production build (run `npm run build` first; `npm run test:e2e` does)
# inside a network namespace of its own, so nothing the suite does can reach another machine. Each run gets a
# fresh embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "e2e: Chromium not found at $chromium. Install the Debian package: apt-get install chromium" >&2
  exit 1
fi
if [ ! -f dist/server.mjs ] || [ ! -f .next/BUILD_ID ]; then
  echo "e2e: no production build; run 'npm run build' first" >&2
  exit 1
fi

data_dir=$(mktemp -d -t coterie-e2e-XXXXXX)
trap 'rm -rf "$data_dir"' EXIT
export E2E_DATA_DIR="$data_dir" CHROMIUM_PATH="$chromium" NEXT_TELEMETRY_DISABLED=1

if [ -n "${COTERIE_IN_TEST_NETNS:-}" ]; then
  # Inside the namespace every port is free; ask the kernel for them anyway rather than assume, all at once so that
  # they differ: the app, the OpenID provider, the LLM server, coturn, and the relay-only app.
  read -r E2E_PORT E2E_OIDC_PORT E2E_LLM_PORT E2E_TURN_PORT E2E_RELAY_APP_PORT < <(node -e '
    const net = require("net");
    const servers = Array.from({ length: 5 }, () => net.createServer());
    Promise.all(servers.map((server) => new Promise((listening) => server.listen(0, "127.0.0.1", listening)))).then(() => {
      console.log(servers.map((server) => server.address().port).join(" "));
      for (const server of servers) server.close();
    });')
  export E2E_PORT E2E_OIDC_PORT E2E_LLM_PORT E2E_TURN_PORT E2E_RELAY_APP_PORT
  exec npx playwright test "$@"
fi

for tool in unshare ip; do
  command -v "$tool" >/dev/null || { echo "e2e: '$tool' is missing (Debian packages util-linux, iproute2)" >&2; exit 1; }
done
# Root creates the namespace directly; anyone else maps themselves to root in a new user namespace first.
if [ "$(id -u)" = 0 ]; then isolate=(unshare --net); else isolate=(unshare --map-root-user --net); fi
export COTERIE_IN_TEST_NETNS=1
# Besides loopback, the namespace gets a stand-in network card: a veth pair whose both ends stay inside it, with
# the default route. Chromium offers WebRTC host candidates from the default-route interface (as on any machine
# on a network); with loopback alone it offers none, since Coterie's pages may not use camera or microphone,
# the one permission that would make it list every interface.
netns_up='ip link set lo up && ip link add coterie0 type veth peer name coterie1 && ip addr add 10.211.0.1/24 dev coterie0 && ip link set coterie0 up && ip link set coterie1 up && ip route add default dev coterie0'
exec "${isolate[@]}" bash -c "$netns_up"' || { echo "e2e: could not set up the test network (veth)" >&2; exit 1; }; exec bash scripts/e2e.sh "$@"' e2e "$@"
