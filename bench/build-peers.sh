#!/usr/bin/env bash
# build-peers.sh builds the peer systems bench/compare.sh measures
# NovaGraph against into $PEERS/bin (docs/benchmarks.md, "Reproduce"):
#
#   bench/build-peers.sh              # dgraph and cayley
#   bench/build-peers.sh cayley       # one of them
#
# A binary already in $PEERS/bin is reused (REBUILD=1 forces a build).
# Each is built from a scratch module that requires the released version,
# because `go install pkg@version` fails here (the module proxy refuses
# the @v/list lookup the version query needs), at low priority (the
# machine is shared). Nothing is written into the repository.
set -euo pipefail

PEERS=${PEERS:-/tmp/bench-peers}
NICE=${NICE:-15}
DGRAPH_VERSION=${DGRAPH_VERSION:-v24.0.5}
CAYLEY_VERSION=${CAYLEY_VERSION:-v0.7.7}

# build NAME MODULE VERSION PACKAGE: $PEERS/bin/NAME from PACKAGE of
# MODULE@VERSION.
build() {
	local name=$1 module=$2 version=$3 pkg=$4
	local out=$PEERS/bin/$name src=$PEERS/$name-src
	if [[ -x $out && -z ${REBUILD:-} ]]; then
		echo "$name: reusing $out ($("$out" version 2>/dev/null | grep -im1 -E 'version|v[0-9]' || true))"
		return
	fi
	mkdir -p "$src" "$PEERS/bin"
	printf 'module peerbuild\n\ngo 1.22\n\nrequire %s %s\n' "$module" "$version" >"$src/go.mod"
	printf '//go:build tools\n\npackage peerbuild\n\nimport _ "%s"\n' "$pkg" >"$src/tools.go"
	local t0=$SECONDS
	(cd "$src" && GOFLAGS=-mod=mod nice -n "$NICE" go mod tidy &&
		GOFLAGS=-mod=mod nice -n "$NICE" go build -o "$out" "$pkg")
	echo "$name: built $out from $module@$version in $((SECONDS - t0)) s"
}

peers=("$@")
[[ ${#peers[@]} -gt 0 ]] || peers=(dgraph cayley)
for p in "${peers[@]}"; do
	case $p in
	dgraph) build dgraph github.com/dgraph-io/dgraph/v24 "$DGRAPH_VERSION" github.com/dgraph-io/dgraph/v24/dgraph ;;
	cayley) build cayley github.com/cayleygraph/cayley "$CAYLEY_VERSION" github.com/cayleygraph/cayley/cmd/cayley ;;
	*)
		echo "unknown peer $p (dgraph, cayley)" >&2
		exit 2
		;;
	esac
done
