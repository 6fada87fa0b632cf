#!/usr/bin/env bash
# Prepares a fresh machine for building, testing and running fleetmesh: installs the Debian packages the build and
# the tests need, and gives PostgreSQL the one setup the tests and the local run expect (a cluster listening on
# loopback only, trust authentication for loopback connections and nothing wider), then starts it and waits for it.
# Idempotent: on a prepared machine it installs nothing and only makes sure PostgreSQL is up.
# Needs root (apt-get, the PostgreSQL cluster's files). Downloads nothing but Debian's packages.
set -euo pipefail

# Besides PostgreSQL (installed below, by name): iproute2 for network namespaces and veth pairs, one address per
# simulated cluster; curl and python3 for the Quickstart; jq and openssl for the real-Cilium test's build script and
# its certificate of a foreign mesh CA; iptables for the real-Cilium test's rule that blocks port 2379 between two
# members (inside their network namespaces only; Debian's default nft backend works there).
DEBIAN_PACKAGES=(iproute2 curl python3 jq openssl iptables)
PG_PORT=5432

if [ "$(id -u)" -ne 0 ]; then
  echo "prepare-machine: run as root (it installs Debian packages and configures PostgreSQL)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
lists_updated=false
installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}
update_lists_once() {
  if [ "$lists_updated" = false ]; then
    apt-get update -q
    lists_updated=true
  fi
}

# PostgreSQL: the database of the service and of its tests (the restart test drives it with pg_ctlcluster).
if ! installed postgresql || ! installed postgresql-contrib; then
  echo "prepare-machine: installing PostgreSQL"
  update_lists_once
  apt-get install -y -q --no-install-recommends postgresql postgresql-contrib
fi
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  installed "$package" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "prepare-machine: installing ${missing[*]}"
  update_lists_once
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The newest installed major version; Debian creates its "main" cluster on install, a trimmed image may not have.
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if [ ! -d "/etc/postgresql/$pg_version/main" ]; then
  echo "prepare-machine: creating the PostgreSQL $pg_version cluster 'main'"
  pg_createcluster --port "$PG_PORT" "$pg_version" main
fi
cluster_conf="/etc/postgresql/$pg_version/main"

# Loopback only, on the port the service's default URL names; enough connections for the test suite, whose Spring
# contexts each keep a pool open while the process-level tests start workers of their own.
settings="$cluster_conf/conf.d/fleetmesh.conf"
desired_settings="# Written by fleetmesh's scripts/prepare-machine.sh
listen_addresses = 'localhost'
port = $PG_PORT
max_connections = 300"
hba="$cluster_conf/pg_hba.conf"
desired_hba="# Written by fleetmesh's scripts/prepare-machine.sh: local sockets by peer as Debian sets them, and
# connections from this machine's loopback addresses trusted without a password (the tests and the local run
# connect as postgres over 127.0.0.1). Nothing from any other address is admitted.
local   all             postgres                                peer
local   all             all                                     peer
host    all             all             127.0.0.1/32            trust
host    all             all             ::1/128                 trust
local   replication     all                                     peer
host    replication     all             127.0.0.1/32            trust
host    replication     all             ::1/128                 trust"

changed=false
if [ "$(cat "$settings" 2>/dev/null)" != "$desired_settings" ]; then
  printf '%s\n' "$desired_settings" > "$settings"
  changed=true
fi
if [ "$(cat "$hba" 2>/dev/null)" != "$desired_hba" ]; then
  printf '%s\n' "$desired_hba" > "$hba"
  changed=true
fi

cluster_running() {
  pg_lsclusters --no-header "$pg_version" main 2>/dev/null | awk '{print $4}' | grep -q '^online'
}
if cluster_running && [ "$changed" = true ]; then
  echo "prepare-machine: restarting PostgreSQL $pg_version with the new settings"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" main restart
elif ! cluster_running; then
  echo "prepare-machine: starting PostgreSQL $pg_version"
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" main start
fi

for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$PG_PORT"
# Proves the trust rule: the service's default user connects over TCP without a password.
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -w -Atc 'select version()'
