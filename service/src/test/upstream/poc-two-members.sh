#!/usr/bin/env bash
# Proof of concept for issue 15's "Real Cilium proves it": two ClusterMesh members, each in a network
# namespace of its own, each running what Cilium's 1.18 chart runs in the clustermesh-apiserver pod
# (etcd-init, etcd, kvstoremesh) with the chart's own arguments and mount paths, meshed with each
# other; then Cilium's own kvstoremesh-dbg / clustermesh-dbg report on the mesh.
#
#   sudo service/src/test/upstream/poc-two-members.sh          (root: ip netns, mounts)
#
# Environment: CILIUM_VERSION (default 1.18.6), POC_SUBNET (default 10.250.0: members .11, .12 on a
# bridge in a third namespace), POC_TIMEOUT seconds for the whole run (default 180), POC_KEEP=1
# keeps the work directory (certificates, files, logs).
#
# How a container becomes a process: `ip netns exec NS` gives every process a mount namespace of its
# own, so each "container" sees exactly its pod's mounts: read-only overlays put the image's files
# (/usr/bin/etcd, /usr/bin/clustermesh-apiserver, /var/lib/cilium/etcd-config.yaml) and the volume
# files at the chart's paths over the host's /usr/bin, /var/lib and /run, and the emptyDir
# etcd-data-dir is bind-mounted at /var/run/etcd. Nothing is mounted or written outside this run's
# namespaces except /etc/netns/<ns>/hosts (the pod's /etc/hosts with its hostAliases), removed at exit.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $EUID -eq 0 ]] || { echo "poc-two-members.sh: run as root (network namespaces, mounts)" >&2; exit 1; }

CILIUM_VERSION="${CILIUM_VERSION:-1.18.6}"
SUBNET="${POC_SUBNET:-10.250.0}"
TIMEOUT="${POC_TIMEOUT:-180}"
deadline=$(( $(date +%s) + TIMEOUT ))
prefix="fmpoc$$"            # unique per run: namespaces fmpocPID-sw, fmpocPID-a, fmpocPID-b

# --- binaries (built by build-upstream.sh; a no-op when they exist) ---------------------------------
"$here/build-upstream.sh" "$CILIUM_VERSION" >/dev/null
repo="$(cd "$here/../../../.." && pwd)"
props="${FLEETMESH_UPSTREAM_DIR:-$repo/.upstream}/upstream.properties"
prop() { sed -n "s|^cilium\.$CILIUM_VERSION\.$1=||p" "$props"; }
CMAPI="$(prop clustermesh-apiserver)"; ETCD="$(prop etcd)"; ETCDCFG="$(prop etcd-config)"; ETCDCTL="$(prop etcdctl)"
echo "clustermesh-apiserver: $("$CMAPI" version 2>/dev/null | head -n1)"
echo "etcd:                  $("$ETCD" --version | head -n1)"

work="$(mktemp -d /tmp/fleetmesh-poc.XXXXXX)"
pids=()
namespaces=()
netns_dirs=()

cleanup() {
  local rc=$? p ns
  trap - EXIT INT TERM
  if [[ $rc -ne 0 ]]; then
    echo "--- FAILED (exit $rc); last log lines:" >&2
    for f in "$work"/*/*.log; do [[ -f "$f" ]] && { echo "== $f" >&2; tail -n 15 "$f" >&2; }; done
  fi
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  for ns in "${namespaces[@]}"; do
    # anything still running inside our own namespaces is ours
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  for d in "${netns_dirs[@]}"; do rm -rf "$d"; done
  rmdir /etc/netns 2>/dev/null || true     # only if nobody else uses it
  if [[ "${POC_KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

remaining() { echo $(( deadline - $(date +%s) )); }
check_deadline() {
  (( $(remaining) > 0 )) || { echo "poc-two-members.sh: out of time (${TIMEOUT}s)" >&2; exit 124; }
  local p
  for p in "${long_running[@]}"; do
    kill -0 "$p" 2>/dev/null || { echo "poc-two-members.sh: a container exited (pid $p), as a kubelet would see a crash" >&2; exit 1; }
  done
}
long_running=()

# --- the members -------------------------------------------------------------------------------------
names=(member-a member-b)
declare -A ip id ns
ip[member-a]="$SUBNET.11"; id[member-a]=1; ns[member-a]="$prefix-a"
ip[member-b]="$SUBNET.12"; id[member-b]=2; ns[member-b]="$prefix-b"
peer_of() { [[ "$1" == member-a ]] && echo member-b || echo member-a; }

# --- network: a bridge in its own namespace, one veth per member ---------------------------------------
sw="$prefix-sw"
ip netns add "$sw"; namespaces+=("$sw")
ip -n "$sw" link add br0 type bridge
ip -n "$sw" link set br0 up
i=0
for m in "${names[@]}"; do
  n="${ns[$m]}"
  ip netns add "$n"; namespaces+=("$n")
  ip link add "$prefix-v$i" type veth peer name "$prefix-p$i"
  ip link set "$prefix-v$i" netns "$n"
  ip link set "$prefix-p$i" netns "$sw"
  ip -n "$n" link set "$prefix-v$i" name eth0
  ip -n "$n" addr add "${ip[$m]}/24" dev eth0
  ip -n "$n" link set eth0 up
  ip -n "$n" link set lo up
  ip -n "$sw" link set "$prefix-p$i" master br0 up
  # The pod's /etc/hosts as the kubelet writes it, with the chart's hostAliases for the peer.
  mkdir -p "/etc/netns/$n"; netns_dirs+=("/etc/netns/$n")
  p="$(peer_of "$m")"
  cat >"/etc/netns/$n/hosts" <<EOF
# Kubernetes-managed hosts file.
127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
${ip[$m]}	clustermesh-apiserver-0

# Entries added by HostAliases.
${ip[$p]}	$p.mesh.cilium.io
EOF
  i=$((i + 1))
done
echo "network: ${names[0]}=${ip[${names[0]}]} (${ns[${names[0]}]}), ${names[1]}=${ip[${names[1]}]} (${ns[${names[1]}]}), bridge in $sw"

# --- certificates: one mesh CA; per member the chart's server/admin/local/remote certificates ----------
pki="$work/pki"; mkdir -p "$pki"
openssl ecparam -name prime256v1 -genkey -noout -out "$pki/ca.key" 2>/dev/null
openssl req -x509 -new -key "$pki/ca.key" -subj "/CN=Cilium CA" -days 2 -out "$pki/ca.crt" 2>/dev/null
# cert NAME CN SAN(optional)
cert() {
  local f="$pki/$1" cn="$2" san="${3:-}"
  openssl ecparam -name prime256v1 -genkey -noout -out "$f.key" 2>/dev/null
  openssl req -new -key "$f.key" -subj "/CN=$cn" -out "$f.csr" 2>/dev/null
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"     # as Helm's genSignedCert in the chart's tls-helm
    [[ -z "$san" ]] || echo "subjectAltName=$san"
  } >"$f.ext"
  openssl x509 -req -in "$f.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 1 \
    -extfile "$f.ext" -out "$f.crt" 2>/dev/null
}
for m in "${names[@]}"; do
  # server: the chart's SANs (clustermesh-apiserver.cilium.io, *.mesh.cilium.io, the Service name,
  # 127.0.0.1, ::1) plus this member's own name and address.
  cert "$m-server" clustermesh-apiserver.cilium.io \
    "DNS:clustermesh-apiserver.cilium.io,DNS:*.mesh.cilium.io,DNS:clustermesh-apiserver.kube-system.svc,DNS:$m.mesh.cilium.io,IP:127.0.0.1,IP:::1,IP:${ip[$m]}"
  cert "$m-admin" "admin-$m"     # clustermesh-apiserver-admin-cert (etcd user admin-<cluster>)
  cert "$m-local" "local-$m"     # clustermesh-apiserver-local-cert (agents; etcd user local-<cluster>)
  cert "$m-remote" remote        # clustermesh-apiserver-remote-cert (authMode legacy: etcd user "remote")
done
echo "certificates: CA + per member server/admin-<name>/local-<name>/remote, in $pki"

# --- per member, per container: the files of its volumes at the chart's paths --------------------------
# layer DIR: files placed under DIR/<absolute path>; only /usr/bin, /var/lib and /run are overlaid.
put() { install -D -m "$3" "$1" "$2"; }   # put SRC DST MODE
for m in "${names[@]}"; do
  d="$work/$m"; p="$(peer_of "$m")"
  mkdir -p "$d/etcd-data-dir"     # emptyDir etcd-data-dir, shared by etcd-init and etcd
  # image files, in every container's layer
  for c in etcd-init etcd kvstoremesh apiserver; do
    put "$CMAPI" "$d/$c/usr/bin/clustermesh-apiserver" 0755
    put "$ETCD" "$d/$c/usr/bin/etcd" 0755
    put "$ETCDCFG" "$d/$c/var/lib/cilium/etcd-config.yaml" 0644
    mkdir -p "$d/$c/run"
  done
  mkdir -p "$d/etcd-init/run/etcd" "$d/etcd/run/etcd"
  # etcd: volume etcd-server-secrets (projected clustermesh-apiserver-server-cert, 0400) at /var/lib/etcd-secrets
  put "$pki/ca.crt" "$d/etcd/var/lib/etcd-secrets/ca.crt" 0400
  put "$pki/$m-server.crt" "$d/etcd/var/lib/etcd-secrets/tls.crt" 0400
  put "$pki/$m-server.key" "$d/etcd/var/lib/etcd-secrets/tls.key" 0400
  # kvstoremesh and apiserver: volume etcd-admin-client (clustermesh-apiserver-admin-cert) at /var/lib/cilium/etcd-secrets
  for c in kvstoremesh apiserver; do
    put "$pki/ca.crt" "$d/$c/var/lib/cilium/etcd-secrets/ca.crt" 0400
    put "$pki/$m-admin.crt" "$d/$c/var/lib/cilium/etcd-secrets/tls.crt" 0400
    put "$pki/$m-admin.key" "$d/$c/var/lib/cilium/etcd-secrets/tls.key" 0400
  done
  # kvstoremesh: volume kvstoremesh-secrets at /var/lib/cilium/clustermesh = Secret cilium-kvstoremesh
  # (one etcd config per peer, as the chart's clustermesh-config template renders it) + the projected
  # clustermesh-apiserver-remote-cert as common-etcd-client{.key,.crt,-ca.crt}
  km="$d/kvstoremesh/var/lib/cilium/clustermesh"
  mkdir -p "$km"
  cat >"$km/$p" <<EOF
endpoints:
- https://$p.mesh.cilium.io:2379
trusted-ca-file: /var/lib/cilium/clustermesh/common-etcd-client-ca.crt
key-file: /var/lib/cilium/clustermesh/common-etcd-client.key
cert-file: /var/lib/cilium/clustermesh/common-etcd-client.crt
EOF
  chmod 0400 "$km/$p"
  put "$pki/$m-remote.key" "$km/common-etcd-client.key" 0400
  put "$pki/$m-remote.crt" "$km/common-etcd-client.crt" 0400
  put "$pki/ca.crt" "$km/common-etcd-client-ca.crt" 0400
done

# run_container MEMBER CONTAINER ENV... -- COMMAND ARGS...  (foreground; stdout/stderr to the caller)
run_container() {
  local m="$1" c="$2"; shift 2
  local envs=()
  while [[ "$1" != "--" ]]; do envs+=("$1"); shift; done
  shift
  local layer="$work/$m/$c"
  ip netns exec "${ns[$m]}" env -i PATH=/usr/bin:/bin HOME=/ "${envs[@]}" bash -c '
    set -e
    layer="$1"; data="$2"; shift 2
    for dir in /usr/bin /var/lib /run; do
      [[ -d "$layer$dir" ]] && mount -t overlay overlay -o "ro,lowerdir=$layer$dir:$dir" "$dir"
    done
    [[ -d /run/etcd ]] && mount --bind "$data" /run/etcd
    exec "$@"' run-container "$layer" "$work/$m/etcd-data-dir" "$@"
}
# start_container MEMBER CONTAINER ENV... -- COMMAND ARGS...  (background, log in $work/MEMBER/CONTAINER.log)
start_container() {
  local m="$1" c="$2"
  run_container "$@" >"$work/$m/$c.log" 2>&1 &
  pids+=($!); long_running+=($!)
}

# --- run the pod of each member: etcd-init, then etcd and kvstoremesh, with the chart's arguments -------
for m in "${names[@]}"; do
  token="$(cat /proc/sys/kernel/random/uuid)"     # INITIAL_CLUSTER_TOKEN = metadata.uid
  echo "$token" >"$work/$m/pod-uid"
  t0=$(date +%s.%N)
  run_container "$m" etcd-init CILIUM_CLUSTER_NAME="$m" INITIAL_CLUSTER_TOKEN="$token" -- \
    /usr/bin/clustermesh-apiserver etcdinit \
      --etcd-cluster-name=clustermesh-apiserver \
      "--etcd-initial-cluster-token=$token" \
      --etcd-data-dir=/var/run/etcd >"$work/$m/etcd-init.log" 2>&1 &
  init=$!; pids+=("$init")
  while kill -0 "$init" 2>/dev/null; do check_deadline; sleep 0.2; done
  wait "$init" || { echo "$m: etcd-init failed" >&2; exit 1; }
  echo "$m: etcd-init done in $(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}') s: $(grep -o 'Etcd init completed' "$work/$m/etcd-init.log" | head -n1)"

  # The chart's etcd arguments: 1.18 listens on 0.0.0.0 and advertises localhost; 1.17 listens on
  # 127.0.0.1 and the pod IP (HOSTNAME_IP from status.podIP) and advertises the pod IP.
  if [[ "$CILIUM_VERSION" == 1.17.* ]]; then
    listen=(--listen-client-urls="https://127.0.0.1:2379,https://[${ip[$m]}]:2379"
            --advertise-client-urls="https://[${ip[$m]}]:2379")
    metrics=(--listen-metrics-urls="http://[${ip[$m]}]:9963")
  else
    listen=(--listen-client-urls=https://0.0.0.0:2379 --advertise-client-urls=https://localhost:2379)
    metrics=(--listen-metrics-urls=http://0.0.0.0:9963)
  fi
  start_container "$m" etcd ETCDCTL_API=3 INITIAL_CLUSTER_TOKEN="$token" HOSTNAME_IP="${ip[$m]}" -- \
    /usr/bin/etcd \
      --data-dir=/var/run/etcd \
      --name=clustermesh-apiserver \
      --client-cert-auth \
      --trusted-ca-file=/var/lib/etcd-secrets/ca.crt \
      --cert-file=/var/lib/etcd-secrets/tls.crt \
      --key-file=/var/lib/etcd-secrets/tls.key \
      "${listen[@]}" \
      "--initial-cluster-token=$token" \
      --auto-compaction-retention=1 \
      "${metrics[@]}" \
      --metrics=basic
done

for m in "${names[@]}"; do
  until ip netns exec "${ns[$m]}" curl -fsS -m 2 "http://${ip[$m]}:9963/health" 2>/dev/null | grep -q '"health":"true"'; do
    check_deadline; sleep 0.3
  done
  echo "$m: etcd healthy (metrics /health on ${ip[$m]}:9963)"
done

# etcdctl MEMBER CERT-BASENAME ARGS...: etcdctl in the member's namespace against its etcd, with a
# client certificate from $pki (a test tool: not part of the pod).
etcdctl() {
  local m="$1" c="$2"; shift 2
  ip netns exec "${ns[$m]}" "$ETCDCTL" --endpoints=https://127.0.0.1:2379 --dial-timeout=3s --command-timeout=5s \
    --cacert="$pki/ca.crt" --cert="$pki/$c.crt" --key="$pki/$c.key" "$@"
}

# What the apiserver container (`clustermesh`, which needs the cluster's Kubernetes API and is not run
# here) writes into its etcd as admin-<cluster>: the cluster config, and one "synced" canary per
# exported prefix once its initial sync is done. Without them a peer connects but never turns ready
# ("Remote cluster did not connect within timeout, removing from readiness checks").
for m in "${names[@]}"; do
  etcdctl "$m" "$m-admin" put "cilium/cluster-config/$m" \
    "{\"id\":${id[$m]},\"capabilities\":{\"syncedCanaries\":true,\"maxConnectedClusters\":255}}" >/dev/null
  for prefix in cilium/state/nodes/v1 cilium/state/services/v1 cilium/state/identities/v1 cilium/state/ip/v1; do
    etcdctl "$m" "$m-admin" put "cilium/synced/$m/$prefix" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >/dev/null
  done
  # and one node, as an agent would publish it, to see it mirrored into the peer's cache
  etcdctl "$m" "$m-admin" put "cilium/state/nodes/v1/$m/node-0" \
    "{\"Name\":\"node-0\",\"Cluster\":\"$m\",\"ClusterID\":${id[$m]},\"IPAddresses\":[{\"Type\":\"InternalIP\",\"IP\":\"${ip[$m]}\"}]}" >/dev/null
  echo "$m: wrote cilium/cluster-config/$m, 4 synced canaries and one node as admin-$m"
done

heartbeat=(--enable-heartbeat=false)            # 1.18's chart; 1.17's kvstoremesh has no such flag
[[ "$CILIUM_VERSION" != 1.17.* ]] || heartbeat=()
for m in "${names[@]}"; do
  start_container "$m" kvstoremesh CLUSTER_NAME="$m" CLUSTER_ID="${id[$m]}" -- \
    /usr/bin/clustermesh-apiserver kvstoremesh \
      "--cluster-name=$m" \
      "--cluster-id=${id[$m]}" \
      --kvstore-opt=etcd.config=/var/lib/cilium/etcd-config.yaml \
      --kvstore-opt=etcd.qps=100 \
      --kvstore-opt=etcd.bootstrapQps=10000 \
      --kvstore-opt=etcd.maxInflight=10 \
      --clustermesh-config=/var/lib/cilium/clustermesh \
      --max-connected-clusters=255 \
      --health-port=9881 \
      --prometheus-serve-addr=:9964 \
      --controller-group-metrics=all \
      "${heartbeat[@]}"
done

# --- ask Cilium: every peer ready? -------------------------------------------------------------------
for m in "${names[@]}"; do
  until ip netns exec "${ns[$m]}" curl -fsS -m 2 http://127.0.0.1:9881/readyz >/dev/null 2>&1 &&
        run_container "$m" kvstoremesh -- /usr/bin/clustermesh-apiserver kvstoremesh-dbg status -o json 2>/dev/null \
          | grep -q '"ready": *true'; do
    check_deadline; sleep 0.5
  done
done
for m in "${names[@]}"; do
  echo
  echo "=== $m: clustermesh-apiserver kvstoremesh-dbg status   (kvstoremesh container)"
  run_container "$m" kvstoremesh -- /usr/bin/clustermesh-apiserver kvstoremesh-dbg status --verbose
  echo "=== $m: clustermesh-apiserver kvstoremesh-dbg troubleshoot --include-local   (kvstoremesh container)"
  run_container "$m" kvstoremesh -- /usr/bin/clustermesh-apiserver kvstoremesh-dbg troubleshoot --include-local
  echo "=== $m: clustermesh-apiserver clustermesh-dbg troubleshoot   (apiserver container's mounts)"
  run_container "$m" apiserver -- /usr/bin/clustermesh-apiserver clustermesh-dbg troubleshoot
done

# --- what etcd-init's users and the client-cert auth refuse ---------------------------------------------
echo
p=member-b; m=member-a
echo "=== $m's etcd, written with $p's remote certificate (CN=remote, read-only role): must be refused"
if out="$(etcdctl "$m" "$p-remote" put cilium/state/nodes/v1/$m/evil x 2>&1)"; then
  echo "NOT REFUSED: $out" >&2; exit 1
else echo "refused: $out"; fi
echo "=== $m's etcd, read with $p's remote certificate (allowed: role remote reads cilium/state/, its cluster-config key, its synced/ canaries)"
etcdctl "$m" "$p-remote" get "cilium/cluster-config/$m" | sed '/^$/d'
# another mesh's CA
openssl ecparam -name prime256v1 -genkey -noout -out "$pki/other-ca.key" 2>/dev/null
openssl req -x509 -new -key "$pki/other-ca.key" -subj "/CN=Other CA" -days 2 -out "$pki/other-ca.crt" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$pki/other-remote.key" 2>/dev/null
openssl req -new -key "$pki/other-remote.key" -subj "/CN=remote" -out "$pki/other-remote.csr" 2>/dev/null
openssl x509 -req -in "$pki/other-remote.csr" -CA "$pki/other-ca.crt" -CAkey "$pki/other-ca.key" -CAcreateserial -days 1 \
  -extfile "$pki/$m-remote.ext" -out "$pki/other-remote.crt" 2>/dev/null
echo "=== $m's etcd, read with a CN=remote certificate of another CA: must be refused"
if out="$(etcdctl "$m" other-remote get --prefix --keys-only cilium/ 2>&1)"; then
  echo "NOT REFUSED: $out" >&2; exit 1
else echo "refused: $(tail -n1 <<<"$out")"; fi
echo "=== $m's etcd log about it:"
grep -m1 -o '"msg":"rejected connection[^}]*' "$work/$m/etcd.log" || true
echo "=== $m's etcd: $p's node mirrored by kvstoremesh under cilium/cache/"
etcdctl "$m" "$m-admin" get --prefix --keys-only cilium/cache/ | sed '/^$/d'

echo
echo "POC OK in $(( TIMEOUT - $(remaining) )) s"
