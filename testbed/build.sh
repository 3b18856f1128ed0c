#!/usr/bin/env bash
# Builds (or reuses) the test bed's control plane from source: etcd, kube-apiserver,
# kube-scheduler and kube-controller-manager at the versions pinned in testbed/go.mod.
#
# Prints the folder holding the four binaries on its last line of stdout (everything else goes
# to stderr). Binaries are cached by version in two places:
#   - <repo>/.cache/testbed/<key>/bin         (ignored by git)
#   - ${KUBE_HYBRID_TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-hybrid/testbed}/<key>/bin
# The second one is shared by every clone on the machine, so a fresh CI clone reuses a build.
# <key> is the Kubernetes version, the etcd version and a hash of go.mod and go.sum.
#
# --locate: only print the cached folder (exit 4 when there is none); never builds.
# Environment: GO (default: go on PATH, else /usr/local/go/bin/go), TESTBED_BUILD_JOBS (go build
# -p, default 2), TESTBED_FORCE_BUILD=1 to ignore the caches.
set -euo pipefail

# Everything runs inside main, parsed whole before it starts: editing this file during a long build
# cannot change what the running build does next.
main() {
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"

log() { printf 'testbed: %s\n' "$*" >&2; }

# The caches live under HOME (Go's too): take it from the password database if the environment has none.
if [ -z "${HOME:-}" ]; then HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"; export HOME; fi

GO="${GO:-}"
if [ -z "$GO" ]; then
  if command -v go >/dev/null 2>&1; then GO="$(command -v go)"; else GO=/usr/local/go/bin/go; fi
fi
if [ ! -x "$GO" ]; then
  log "no Go toolchain (looked for go on PATH and /usr/local/go/bin/go)"
  exit 3
fi

k8s_version="$(awk '$1=="require" && $2=="k8s.io/kubernetes" {print $3}' "$here/go.mod")"
etcd_version="$(awk '$1=="go.etcd.io/etcd/server/v3" && $2 ~ /^v/ {print $2; exit}' "$here/go.mod")"
if [ -z "$k8s_version" ] || [ -z "$etcd_version" ]; then
  log "could not read the pinned versions from $here/go.mod"
  exit 3
fi
sum="$(cat "$here/go.mod" "$here/go.sum" | sha256sum | cut -c1-12)"
key="${k8s_version}-etcd-${etcd_version}-${sum}"

machine_root="${KUBE_HYBRID_TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kube-hybrid/testbed}"
machine_dir="$machine_root/$key"
repo_dir="$repo/.cache/testbed/$key"
binaries=(etcd kube-apiserver kube-scheduler kube-controller-manager)

complete() {
  local dir="$1" b
  for b in "${binaries[@]}"; do [ -x "$dir/bin/$b" ] || return 1; done
  [ -f "$dir/bin/.complete" ]
}

# Copies a finished cache entry into the other place (hard links where the file system allows).
mirror() {
  local from="$1" to="$2" b
  mkdir -p "$to/bin.tmp"
  for b in "${binaries[@]}" .complete; do
    cp -l "$from/bin/$b" "$to/bin.tmp/$b" 2>/dev/null || cp "$from/bin/$b" "$to/bin.tmp/$b"
  done
  [ -f "$from/build-info.txt" ] && cp "$from/build-info.txt" "$to/build-info.txt"
  rm -rf "$to/bin"
  mv "$to/bin.tmp" "$to/bin"
}

locate_only=0
[ "${1:-}" = "--locate" ] && locate_only=1

if [ "${TESTBED_FORCE_BUILD:-0}" != "1" ] || [ "$locate_only" = 1 ]; then
  if complete "$repo_dir"; then
    log "reusing $repo_dir (Kubernetes $k8s_version, etcd $etcd_version)"
    echo "$repo_dir/bin"
    exit 0
  fi
  if complete "$machine_dir"; then
    log "reusing the machine cache $machine_dir (Kubernetes $k8s_version, etcd $etcd_version)"
    mirror "$machine_dir" "$repo_dir"
    echo "$repo_dir/bin"
    exit 0
  fi
fi

if [ "$locate_only" = 1 ]; then
  log "not built: Kubernetes $k8s_version, etcd $etcd_version (run bash testbed/build.sh)"
  exit 4
fi

# Only one build of a key at a time on a machine (two CI runs or a developer and CI).
mkdir -p "$machine_dir"
exec 9>"$machine_dir/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [ "${TESTBED_FORCE_BUILD:-0}" != "1" ] && complete "$machine_dir"; then
  mirror "$machine_dir" "$repo_dir"
  echo "$repo_dir/bin"
  exit 0
fi

log "building Kubernetes $k8s_version (kube-apiserver, kube-scheduler, kube-controller-manager) and etcd $etcd_version from source"
log "this takes a long time on a small machine the first time; later runs reuse $machine_dir"
out="$machine_dir/bin.tmp"
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
(
  cd "$here"
  # Static binaries like upstream's release builds; no cgo needed. No toolchain download: the
  # machine's Go builds it. The module download goes through the machine's GOPROXY.
  export CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS="-mod=readonly"
  # The version stamps upstream's release build sets, so /version and kubectl report the real one.
  minor="${k8s_version#v1.}"; minor="${minor%%.*}"
  ver_flags=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ver_flags="$ver_flags -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ver_flags="$ver_flags -X $pkg.gitTreeState=clean"
  done
  nice -n 5 "$GO" build -p "${TESTBED_BUILD_JOBS:-2}" -trimpath -ldflags="-s -w$ver_flags" -o "$out/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kube-controller-manager
  nice -n 5 "$GO" build -p "${TESTBED_BUILD_JOBS:-2}" -trimpath -ldflags='-s -w' -o "$out/etcd" \
    go.etcd.io/etcd/server/v3
)
end=$(date +%s)
{
  echo "kubernetes $k8s_version"
  echo "etcd $etcd_version"
  echo "go $("$GO" env GOVERSION)"
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) in $((end - start)) s on $(nproc) cores"
} > "$machine_dir/build-info.txt"
touch "$out/.complete"
rm -rf "$machine_dir/bin"
mv "$out" "$machine_dir/bin"
log "built in $((end - start)) s"
mirror "$machine_dir" "$repo_dir"
echo "$repo_dir/bin"
}

main "$@"
exit $?
