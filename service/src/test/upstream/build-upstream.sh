#!/usr/bin/env bash
# Builds Cilium's own clustermesh-apiserver and the etcd server its image ships, from the released
# Go modules, through the Go module proxy only. The real-component test runs these binaries.
#
#   service/src/test/upstream/build-upstream.sh [CILIUM_VERSION...]     (default: 1.18.6)
#
# Output (survives `mvn clean`, git-ignored):
#   <repo>/.upstream/bin/clustermesh-apiserver-<cilium version>
#   <repo>/.upstream/bin/etcd-<etcd version>
#   <repo>/.upstream/bin/etcdctl-<etcd version>                  (test tool; not in Cilium's image)
#   <repo>/.upstream/cilium-<cilium version>/etcd-config.yaml   (the file the image bakes into /var/lib/cilium/)
#   <repo>/.upstream/upstream.properties                        (cilium.<v>.clustermesh-apiserver / .etcd / .etcdctl / .etcd-version / .etcd-config / .dropped-replaces)
# FLEETMESH_UPSTREAM_DIR overrides <repo>/.upstream.
#
# Why a wrapper module: github.com/cilium/cilium's go.mod has replace directives (controller-tools,
# gobgp, apimachinery forks) and etcd's server/v3 go.mod replaces its sibling modules by relative
# paths, so `go install pkg@version` refuses both. Each binary is built from a one-line wrapper
# module (in <upstream>/build/) that requires the released module and copies its non-local replace
# and exclude directives; Cilium's own go.sum is seeded so the build list and hashes are the ones
# Cilium checked in (the checksum database, reached through the proxy, verifies the rest).
#
# The etcd version is the one the clustermesh-apiserver image of that Cilium release copies in
# (ARG ETCD_SERVER_IMAGE in images/clustermesh-apiserver/Dockerfile of the module), not a guess.
#
# Idempotent: a binary whose stamp (module@version + build flags) matches is not rebuilt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
upstream="${FLEETMESH_UPSTREAM_DIR:-$repo/.upstream}"
versions=("$@")
[[ ${#versions[@]} -gt 0 ]] || versions=(1.18.6)

command -v go >/dev/null || { echo "build-upstream.sh: go not found on PATH" >&2; exit 1; }
command -v jq >/dev/null || { echo "build-upstream.sh: jq not found on PATH" >&2; exit 1; }

# Module proxy only (no direct VCS fallback), no toolchain download, default module and build caches.
export GOPROXY="${UPSTREAM_GOPROXY:-https://proxy.golang.org}"
export GOTOOLCHAIN=local
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0
export GOOS="$(go env GOHOSTOS)" GOARCH="$(go env GOHOSTARCH)"

mkdir -p "$upstream/bin" "$upstream/build"
# One build at a time (parallel Maven forks would otherwise race on the same outputs).
exec 9>"$upstream/.lock"
flock 9

t_all=$(date +%s.%N)
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}'; }

# module info (Version, Dir, GoMod, Origin) of a released module, downloaded through the proxy.
# (go exits non-zero on failure; the JSON's Error says why, which the callers print.)
download() { go mod download -json "$1" || true; }

# Writes a wrapper module in $1 requiring $2@$3 with the replace directives of the module's go.mod
# ($4) that name a released module (not a local directory) and its exclude directives, seeding
# go.sum from $5 (may be empty).
write_wrapper() {
  local dir="$1" mod="$2" ver="$3" gomod="$4" gosum="$5" gover
  rm -rf "$dir" && mkdir -p "$dir"
  gover="$(go mod edit -json "$gomod" | jq -r '.Go')"
  printf 'module fleetmesh.invalid/upstream/wrapper\n\ngo %s\n\nrequire %s %s\n' "$gover" "$mod" "$ver" >"$dir/go.mod"
  go mod edit -json "$gomod" | jq -r '
      (.Replace // [])[] | select(.New.Version != null)
        | "-replace=\(.Old.Path)\(if .Old.Version then "@"+.Old.Version else "" end)=\(.New.Path)@\(.New.Version)"' \
    | while read -r r; do (cd "$dir" && go mod edit "$r"); done
  go mod edit -json "$gomod" | jq -r '(.Exclude // [])[] | "-exclude=\(.Path)@\(.Version)"' \
    | while read -r x; do (cd "$dir" && go mod edit "$x"); done
  if [[ -n "$gosum" && -f "$gosum" ]]; then cp "$gosum" "$dir/go.sum"; chmod u+w "$dir/go.sum"; fi
}

# Downloads the target of every replace directive of wrapper $1 (verified against the seeded go.sum).
# A target the proxy refuses is dropped: the build then uses the original module at the version the
# release's go.mod requires. Prints one "OLD=NEW@VERSION (reason)" per dropped replace: a deviation
# from the release, which the stamp and upstream.properties record and UPSTREAM_STRICT=1 refuses.
drop_unavailable_replaces() {
  local dir="$1" old new err
  while read -r old new; do
    err="$(cd "$dir" && go mod download -json "${old%@*}" 2>/dev/null | jq -r '.Error // empty' | head -n1 || true)"
    if [[ -n "$err" ]]; then
      (cd "$dir" && go mod edit "-dropreplace=$old")
      echo "$old=$new (${err##*: })"
    fi
  done < <(cd "$dir" && go mod edit -json | jq -r '(.Replace // [])[] | select(.New.Version != null)
      | "\(.Old.Path)\(if .Old.Version then "@"+.Old.Version else "" end) \(.New.Path)@\(.New.Version)"')
}

# Prints the modules linked into binary $1 whose version differs from what go.mod $2 requires
# (after the kept replaces): empty when the binary's build list is the release's own.
buildlist_diff() {
  local want
  want="$(go mod edit -json "$2" | jq -r '(.Require // [])[] | "\(.Path) \(.Version)"')"
  go version -m "$1" | awk -v want="$want" '
    BEGIN { n = split(want, l, "\n"); for (i = 1; i <= n; i++) { split(l[i], f, " "); v[f[1]] = f[2] } }
    $1 == "dep" { path = $2; ver = $3 }
    $1 == "=>"  { printf "%s %s => %s %s\n", path, ver, $2, $3; path = ""; next }
    $1 == "dep" && (path in v) && v[path] != ver { printf "%s %s (go.mod requires %s)\n", path, ver, v[path] }'
}

# build OUT STAMP WRAPPER_DIR PKG LDFLAGS TAGS
build() {
  local out="$1" stamp="$2" dir="$3" pkg="$4" ldflags="$5" tags="$6" t
  t=$(date +%s.%N)
  echo "building $pkg -> $out"
  (cd "$dir" && go build -trimpath ${tags:+-tags "$tags"} -ldflags "$ldflags" -o "$out.tmp" "$pkg")
  mv -f "$out.tmp" "$out"
  printf '%s' "$stamp" >"$out.stamp"
  echo "built $out in $(elapsed "$t") s ($(du -h "$out" | cut -f1))"
}

props="$upstream/upstream.properties"
: >"$props.tmp"
for v in "${versions[@]}"; do
  v="${v#v}"
  cver="v$v"
  t=$(date +%s.%N)
  info="$(download "github.com/cilium/cilium@$cver")"
  if [[ "$(jq -r '.Error // empty' <<<"$info")" != "" ]]; then
    echo "build-upstream.sh: github.com/cilium/cilium@$cver: $(jq -r '.Error' <<<"$info")" >&2
    exit 1
  fi
  cdir="$(jq -r '.Dir' <<<"$info")"
  chash="$(jq -r '.Origin.Hash // empty' <<<"$info")"
  ctime="$(go list -m -json "github.com/cilium/cilium@$cver" | jq -r '.Time // empty')"
  echo "github.com/cilium/cilium@$cver: $cdir (downloaded/verified in $(elapsed "$t") s)"

  # The etcd the clustermesh-apiserver image of this release ships.
  dockerfile="$cdir/images/clustermesh-apiserver/Dockerfile"
  ever="$(sed -nE 's/^ARG ETCD_SERVER_IMAGE=[^:]*:(v[0-9][^@ ]*).*/\1/p' "$dockerfile" | head -n1)"
  [[ -n "$ever" ]] || { echo "build-upstream.sh: no ETCD_SERVER_IMAGE in $dockerfile" >&2; exit 1; }

  # clustermesh-apiserver, built as Cilium's Makefile does (osusergo tag, version stamped, stripped).
  cbin="$upstream/bin/clustermesh-apiserver-$v"
  cldflags="-s -w -X 'github.com/cilium/cilium/pkg/version.ciliumVersion=$v ${chash:0:10} $ctime'"
  cwrap="$upstream/build/cilium-$cver"
  write_wrapper "$cwrap" github.com/cilium/cilium "$cver" "$cdir/go.mod" "$cdir/go.sum"
  cdropped="$(drop_unavailable_replaces "$cwrap" | paste -sd';' -)"
  if [[ -n "$cdropped" ]]; then
    echo "WARNING: the module proxy does not serve the target of these replace directives of github.com/cilium/cilium@$cver;" >&2
    echo "WARNING: building against the original module at the version go.mod requires instead: $cdropped" >&2
    [[ "${UPSTREAM_STRICT:-0}" != 1 ]] || { echo "build-upstream.sh: UPSTREAM_STRICT=1: refusing to deviate from the release" >&2; exit 1; }
  fi
  cstamp="github.com/cilium/cilium@$cver tags=osusergo ldflags=$cldflags dropped-replaces=$cdropped"
  if [[ ! -x "$cbin" || "$(cat "$cbin.stamp" 2>/dev/null)" != "$cstamp" ]]; then
    build "$cbin" "$cstamp" "$cwrap" github.com/cilium/cilium/clustermesh-apiserver "$cldflags" osusergo
    diff="$(buildlist_diff "$cbin" "$cdir/go.mod")"
    echo "build list vs github.com/cilium/cilium@$cver go.mod: ${diff:-identical (every linked module at the version go.mod requires; kept replaces applied)}"
  else
    echo "up to date: $cbin  ($cstamp)"
  fi
  mkdir -p "$upstream/cilium-$v"
  install -m 0644 "$cdir/clustermesh-apiserver/etcd-config.yaml" "$upstream/cilium-$v/etcd-config.yaml"

  # etcd: the main package of v3.6.x is go.etcd.io/etcd/server/v3 (server/main.go; the root module
  # go.etcd.io/etcd/v3 holds only etcdctl/etcdutl tooling and a dummy.go).
  ebin="$upstream/bin/etcd-${ever#v}"
  emod=go.etcd.io/etcd/server/v3
  t=$(date +%s.%N)
  einfo="$(download "$emod@$ever")"
  [[ -z "$(jq -r '.Error // empty' <<<"$einfo")" ]] || { echo "build-upstream.sh: $(jq -r '.Error' <<<"$einfo")" >&2; exit 1; }
  edir="$(jq -r '.Dir' <<<"$einfo")"
  ehash="$(jq -r '.Origin.Hash // empty' <<<"$einfo")"
  echo "$emod@$ever: $edir (downloaded/verified in $(elapsed "$t") s)"
  eldflags="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=${ehash:0:7}"
  estamp="$emod@$ever ldflags=$eldflags"
  if [[ ! -x "$ebin" || "$(cat "$ebin.stamp" 2>/dev/null)" != "$estamp" ]]; then
    # etcd's own replaces point at sibling directories (../api, ...): the released siblings at the
    # same version, which its go.mod requires, are what the release was built from.
    write_wrapper "$upstream/build/etcd-$ever" "$emod" "$ever" "$edir/go.mod" "$edir/go.sum"
    build "$ebin" "$estamp" "$upstream/build/etcd-$ever" "$emod" "$eldflags" ""
    diff="$(buildlist_diff "$ebin" "$edir/go.mod")"
    echo "build list vs $emod@$ever go.mod: ${diff:-identical}"
  else
    echo "up to date: $ebin  ($estamp)"
  fi

  # etcdctl of the same etcd release: not in Cilium's image; the test uses it to write what the
  # apiserver container (which needs a Kubernetes API) would write, and to try writes with the wrong
  # certificates. Module go.etcd.io/etcd/etcdctl/v3, main package at its root.
  tbin="$upstream/bin/etcdctl-${ever#v}"
  tmod=go.etcd.io/etcd/etcdctl/v3
  tinfo="$(download "$tmod@$ever")"
  [[ -z "$(jq -r '.Error // empty' <<<"$tinfo")" ]] || { echo "build-upstream.sh: $(jq -r '.Error' <<<"$tinfo")" >&2; exit 1; }
  tdir="$(jq -r '.Dir' <<<"$tinfo")"
  tldflags="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=${ehash:0:7}"
  tstamp="$tmod@$ever ldflags=$tldflags"
  if [[ ! -x "$tbin" || "$(cat "$tbin.stamp" 2>/dev/null)" != "$tstamp" ]]; then
    write_wrapper "$upstream/build/etcdctl-$ever" "$tmod" "$ever" "$tdir/go.mod" "$tdir/go.sum"
    build "$tbin" "$tstamp" "$upstream/build/etcdctl-$ever" "$tmod" "$tldflags" ""
    diff="$(buildlist_diff "$tbin" "$tdir/go.mod")"
    echo "build list vs $tmod@$ever go.mod: ${diff:-identical}"
  else
    echo "up to date: $tbin  ($tstamp)"
  fi

  {
    echo "cilium.$v.etcdctl=$tbin"
    echo "cilium.$v.clustermesh-apiserver=$cbin"
    echo "cilium.$v.etcd=$ebin"
    echo "cilium.$v.etcd-version=${ever#v}"
    echo "cilium.$v.etcd-config=$upstream/cilium-$v/etcd-config.yaml"
    echo "cilium.$v.dropped-replaces=$cdropped"
  } >>"$props.tmp"
done
# Keep entries of versions built earlier but not named this time.
if [[ -f "$props" ]]; then
  grep -v -F -f <(cut -d= -f1 "$props.tmp") "$props" >>"$props.tmp" || true
fi
sort -o "$props" "$props.tmp" && rm -f "$props.tmp"

echo "upstream binaries (in $(elapsed "$t_all") s):"
sed 's/^/  /' "$props"
