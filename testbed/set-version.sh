#!/usr/bin/env bash
# Pins the test bed to another Kubernetes version: bash testbed/set-version.sh 1.33.13
# Rewrites go.mod (the k8s.io/kubernetes requirement, a replace for each k8s.io/* staging module at
# the matching v0.<minor>.<patch>, etcd at the version that Kubernetes release requires) and go.sum,
# through the Go module proxy. The next testbed/build.sh builds the new version (new cache key).
set -euo pipefail

main() {
  local here version minor_patch gomod etcd go
  here="$(cd "$(dirname "$0")" && pwd)"
  version="${1:?usage: set-version.sh 1.MINOR.PATCH}"
  version="${version#v}"
  minor_patch="${version#1.}"
  go="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
  export GOTOOLCHAIN=local GOFLAGS=-mod=mod
  gomod="$("$go" mod download -json "k8s.io/kubernetes@v$version" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')"
  [ -f "$gomod" ] || { echo "set-version: could not fetch k8s.io/kubernetes@v$version" >&2; exit 1; }
  etcd="$(awk '$1=="go.etcd.io/etcd/server/v3" {print $2; exit}' "$gomod")"
  {
    echo "// The test bed's own Go module: builds a real Kubernetes control plane from source."
    echo "// The pinned Kubernetes version is the k8s.io/kubernetes requirement below; change it with"
    echo "// testbed/set-version.sh, which rewrites this file and go.sum."
    echo "module kube-hybrid.local/testbed"
    echo
    echo "go 1.24.0"
    echo
    echo "godebug default=go1.24"
    echo
    echo "require k8s.io/kubernetes v$version"
    echo
    echo "replace ("
    sed -n '/^replace (/,/^)/p' "$gomod" | awk -v v="v0.$minor_patch" '$2=="=>" {print "\t"$1" => "$1" "v}'
    echo ")"
  } > "$here/go.mod"
  rm -f "$here/go.sum"
  cd "$here"
  "$go" get -tool "k8s.io/kubernetes/cmd/kube-apiserver@v$version" "k8s.io/kubernetes/cmd/kube-scheduler@v$version" \
    "k8s.io/kubernetes/cmd/kube-controller-manager@v$version" "go.etcd.io/etcd/server/v3@$etcd"
  echo "set-version: pinned Kubernetes v$version, etcd $etcd" >&2
}

main "$@"
