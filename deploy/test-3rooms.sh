#!/usr/bin/env bash
# test-3rooms.sh: NovaGraph survives the loss of a machine room.
#
# It brings up deploy/docker-compose.3rooms.yml (one metad, storaged and
# graphd in each of three rooms; storage hosts in zones room1..room3),
# creates a space with replica_factor=3 (one replica per room), loads a
# graph through the console, then:
#
#   1. stops every container of room $LOST (default: the room whose
#      storaged leads the most parts, so that most leaders are lost),
#   2. reads and writes through the other rooms' graphds,
#   3. starts room $LOST again and waits until its storaged has applied as
#      much of the raft log as the replicas that stayed up,
#   4. stops another room and reads everything through the recovered
#      room's graphd: every part now needs the recovered replica for its
#      quorum,
#
# and tears everything down. It exits non-zero on the first failure, after
# printing the daemons' last log lines.
#
#   make test-3rooms                  # builds the image, then runs this
#   IMAGE=novagraph:latest deploy/test-3rooms.sh
#
# Needs Docker and docker-compose (v1 or the v2 plugin); pulls no image.
set -euo pipefail

cd "$(dirname "$0")"
IMAGE=${IMAGE:-novagraph:latest}
LOST=${LOST:-auto}
PROJECT=${PROJECT:-ng3rooms$$}
export IMAGE

if docker compose version >/dev/null 2>&1; then
	compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
	compose=(docker-compose)
else
	echo "test-3rooms: needs docker compose or docker-compose" >&2
	exit 2
fi
dc() { "${compose[@]}" -p "$PROJECT" -f docker-compose.3rooms.yml "$@"; }

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
	echo "test-3rooms: no image $IMAGE; run 'make image' first" >&2
	exit 2
fi

step() { printf '\n=== %s\n' "$*"; }
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

cleanup() {
	local rc=$?
	if ((rc != 0)); then
		echo "--- last log lines of every daemon ---" >&2
		dc logs --no-color --tail=25 >&2 2>/dev/null || true
	fi
	step "tearing down"
	dc down -v --remove-orphans >/dev/null 2>&1 || true
	if ((rc == 0)); then echo "PASS: three rooms, one lost and recovered"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

other() { # other ROOM N: the Nth room (1 or 2) that is not ROOM
	local r n=0
	for r in 1 2 3; do
		if ((r != $1)); then
			n=$((n + 1))
			if ((n == $2)); then echo "$r"; fi
		fi
	done
}

# console ROOM ARGS...: the console in room ROOM's client network, talking
# to that room's graphd; stdin is passed through.
console() {
	local room=$1
	shift
	docker run --rm -i --network "${PROJECT}_room${room}" "$IMAGE" /usr/local/bin/console \
		-addr "graphd${room}" -port 9669 -u root -p nebula -t 10000 "$@"
}

# ngql ROOM STATEMENTS: run statements (one request per line) through room
# ROOM's graphd; fails on the first error.
ngql() {
	local out
	if ! out=$(console "$1" --fail-fast -e "$2" 2>&1); then
		echo "$out" >&2
		return 1
	fi
}

# scalar ROOM QUERY: the single value the query returns.
scalar() {
	local out
	out=$(console "$1" --fail-fast --format csv -e "$2" 2>&1) || {
		echo "$out" >&2
		return 1
	}
	printf '%s\n' "$out" | tail -n 1 | tr -d '"\r'
}

# retry SECONDS WHAT CMD...: run CMD until it succeeds or SECONDS pass.
retry() {
	local secs=$1 what=$2
	shift 2
	local deadline=$((SECONDS + secs))
	until "$@" >/dev/null 2>&1; do
		if ((SECONDS >= deadline)); then
			echo "last attempt at $what:" >&2
			"$@" >&2 || true
			fail "$what: not within ${secs}s"
		fi
		sleep 1
	done
}

# count_of ROOM TAG|EDGE: how many items or links LOOKUP finds through
# room ROOM's graphd.
count_of() {
	local kind=vertex
	if [[ $2 == link ]]; then kind=edge; fi
	scalar "$1" "USE rooms; LOOKUP ON $2 YIELD id($kind) AS x | YIELD count(*) AS c"
}
counts_are() { # counts_are ROOM VERTICES EDGES
	local v e
	v=$(count_of "$1" item) && e=$(count_of "$1" link) && [[ $v == "$2" && $e == "$3" ]]
}
expect_counts() { # expect_counts ROOM VERTICES EDGES WITHIN_SECONDS
	retry "$4" "room $1 reads $2 items and $3 links" counts_are "$1" "$2" "$3"
	echo "room $1 (graphd$1): $2 items, $3 links"
}

# applied ROOM: room ROOM's storaged's applied raft index, summed over the
# space's parts (storaged_raft_applied_index on its /metrics).
applied() {
	local port
	port=$(dc port "storaged$1" 19779 | sed 's/.*://')
	curl -fsS "http://127.0.0.1:${port}/metrics" |
		awk '/^storaged_raft_applied_index\{/ { s += $2 } END { if (NR == 0) exit 1; printf "%d\n", s }'
}

# insert_range ROOM FROM TO: items FROM..TO and links i->i+1 among them.
insert_range() {
	local vs es
	vs=$(seq "$2" "$3" | awk '{printf "%s%d:(%d)", (NR > 1 ? ", " : ""), $1, $1}')
	es=$(seq "$2" "$(($3 - 1))" | awk '{printf "%s%d->%d:(%d)", (NR > 1 ? ", " : ""), $1, $1 + 1, $1}')
	ngql "$1" "USE rooms; INSERT VERTEX item(n) VALUES $vs; INSERT EDGE link(w) VALUES $es"
}

rooms_online() { [[ $(console 1 -e 'SHOW HOSTS STORAGE' 2>/dev/null | grep -c '"ONLINE"') == 3 ]]; }

# ---------------------------------------------------------------------------
step "starting three rooms (project $PROJECT, image $IMAGE)"
dc up -d
graphds_answer() { ngql 1 'YIELD 1' && ngql 2 'YIELD 1' && ngql 3 'YIELD 1'; }
retry 120 "every graphd answers" graphds_answer
retry 120 "the three storage hosts are registered and online" rooms_online
console 1 -e 'SHOW ZONES' | grep '|' || true

step "creating a space with one replica per room"
ngql 1 'CREATE SPACE IF NOT EXISTS rooms(partition_num=6, replica_factor=3, vid_type=INT64)'
# graphd learns new schema with its next heartbeat: retry until usable.
retry 60 "the space reaches graphd1" ngql 1 'USE rooms'
ngql 1 'USE rooms; CREATE TAG IF NOT EXISTS item(n int); CREATE EDGE IF NOT EXISTS link(w int)'
retry 60 "the schema reaches graphd1" ngql 1 'USE rooms; CREATE TAG INDEX IF NOT EXISTS item_all ON item(); CREATE EDGE INDEX IF NOT EXISTS link_all ON link()'
parts=$(console 1 -e 'USE rooms; SHOW PARTS' | grep '|')
echo "$parts"
if [[ $LOST == auto ]]; then
	# The room of the storaged leading the most parts.
	LOST=$(awk -F'|' '$3 ~ /storaged[0-9]/ { match($3, /storaged[0-9]/); n[substr($3, RSTART + 8, 1)]++ }
		END { best = 1; for (r in n) if (n[r] > n[best]) best = r; print best }' <<<"$parts")
fi
[[ $LOST == [123] ]] || fail "LOST must be 1, 2, 3 or auto, not $LOST"

step "loading 100 items and 99 links through room 1"
retry 60 "the first load" insert_range 1 1 100
for r in 1 2 3; do expect_counts "$r" 100 99 60; done

# ---------------------------------------------------------------------------
step "losing room $LOST (metad$LOST, storaged$LOST, graphd$LOST)"
before=$(applied "$LOST")
dc stop "metad$LOST" "storaged$LOST" "graphd$LOST"
a=$(other "$LOST" 1)
b=$(other "$LOST" 2)
expect_counts "$a" 100 99 60
expect_counts "$b" 100 99 60

step "writing 50 items and 50 links through room $a while room $LOST is down"
retry 60 "a write with room $LOST down" insert_range "$a" 100 150
expect_counts "$b" 150 149 30
[[ $(scalar "$b" 'USE rooms; FETCH PROP ON item 150 YIELD item.n AS n') == 150 ]] || fail "item 150 not read back in room $b"
console "$a" -e 'SHOW HOSTS STORAGE' | grep '|' || true

# ---------------------------------------------------------------------------
step "bringing room $LOST back"
dc start "metad$LOST" "storaged$LOST" "graphd$LOST"
retry 120 "graphd$LOST answers again" ngql "$LOST" 'YIELD 1'
caught_up() {
	local mine x y
	mine=$(applied "$LOST") && x=$(applied "$a") && y=$(applied "$b") || return 1
	echo "applied raft index: room $LOST $mine, room $a $x, room $b $y"
	((mine > before && mine >= x && mine >= y))
}
retry 120 "storaged$LOST catches up with the rooms that stayed up" caught_up
caught_up
expect_counts "$LOST" 150 149 60

step "losing room $a: reads now need the recovered room's replicas"
dc stop "metad$a" "storaged$a" "graphd$a"
expect_counts "$LOST" 150 149 60
[[ $(scalar "$LOST" 'USE rooms; GO 3 STEPS FROM 120 OVER link YIELD dst(edge) AS d') == 123 ]] ||
	fail "GO 3 STEPS from 120 did not reach 123 through room $LOST"
echo "GO 3 STEPS FROM 120 reaches 123 through room $LOST"
retry 60 "a write with room $a down" ngql "$LOST" 'USE rooms; INSERT VERTEX item(n) VALUES 151:(151)'
expect_counts "$b" 151 149 30
