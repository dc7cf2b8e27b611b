#!/usr/bin/env bash
# compare.sh measures NovaGraph next to the machine's floors and its peers
# on one generated graph, side by side in one run, and prints one table of
# QPS and p99 with the ratios to NovaGraph (docs/benchmarks.md).
#
#   bench/compare.sh                 # or: make bench-compare
#   VERTICES=20000 DURATION=3s bench/compare.sh
#
# Steps: build the tools; generate the graph (cmd/gen, R-MAT, seeded) in
# every format; measure the floors (bench floor); then, one system at a
# time so each has the machine to itself: start it on loopback, load the
# graph, run the scenarios at each client count (bench run), stop it.
# Systems: NovaGraph (metad + 3 storaged + graphd processes, replica 3),
# PostgreSQL 15 (Debian's postgresql-15, a scratch cluster under $WORK run
# by pg_ctl as user postgres, trust auth), Dgraph and Cayley (binaries
# built from github.com/dgraph-io/dgraph/v24@v24.0.5 and
# github.com/cayleygraph/cayley@v0.7.7 into $PEERS/bin by
# bench/build-peers.sh, never into the repository; a binary already there
# is reused) — each skipped with a note when it is not available.
#
# Durability is the same for every graph system by default: each
# acknowledges a write once it survives a crash of the process, not a power
# cut — NovaGraph with storaged --wal_sync=false (NebulaGraph's default),
# Dgraph with its default --survive=process. WAL_SYNC=true and
# DGRAPH_SURVIVE=filesystem compare both with an fsync before every
# acknowledgement (NovaGraph's own default). PostgreSQL keeps its default
# (fsync, synchronous_commit on) either way.
#
# NovaGraph's three storaged share the machine's cores, so each runs with
# GOMAXPROCS=STORAGED_PROCS (default: a third of the cores, at least 1),
# as an operator co-locating them would set it: three Go schedulers each
# sized for the whole machine spin and preempt against one another (on 2
# cores, GOMAXPROCS=1 took a GO 1 STEP from about 850 to 690 µs of server
# CPU, docs/benchmarks.md). graphd and the peers keep their defaults.
#
# NovaGraph's bulk load is the sstable path (importer --sst: DOWNLOAD and
# INGEST jobs) unless IMPORT=statements asks for multi-row INSERTs.
#
# Every measurement ends with its window: a query still running then is
# cancelled and reported as unfinished (bench run), so a slow 3-hop at 32
# clients cannot hold the run up.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/novagraph-bench}
PEERS=${PEERS:-/tmp/bench-peers}
VERTICES=${VERTICES:-100000}
DEGREE=${DEGREE:-10}
SEED=${SEED:-1}
CLIENTS=${CLIENTS:-1,8,32}
# go3 runs last: its cut-off queries are the ones a server may go on
# running after the window (Cayley does), and bench run's settle wait is
# bounded; the table orders scenarios itself.
SCENARIOS=${SCENARIOS:-go1,go2,insert,go3}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-1s}
SYSTEMS=${SYSTEMS:-novagraph postgres dgraph cayley}
PORT_BASE=${PORT_BASE:-21000}
WAL_SYNC=${WAL_SYNC:-false}
DGRAPH_SURVIVE=${DGRAPH_SURVIVE:-process}
STORAGED_PROCS=${STORAGED_PROCS:-$(($(nproc) / 3 > 1 ? $(nproc) / 3 : 1))}

BIN=$WORK/bin
GRAPH=$WORK/graph
RES=$WORK/results
LOGS=$WORK/logs
rm -rf "$WORK/nova" "$WORK/pg" "$WORK/dgraph" "$WORK/cayley" "$RES" "$LOGS"
mkdir -p "$BIN" "$GRAPH" "$RES" "$LOGS"
chmod 755 "$WORK"

log() { printf '\n== %s\n' "$*" >&2; }
notes=()
note() { notes+=("$*"); echo "note: $*" >&2; }

# pids are the servers started in the background. A server that forks
# (Dgraph re-executes itself under a crash-reporting parent) is started
# as the leader of its own process group (setsid), so the signal reaches
# the whole group: signalling only the parent would leave its child
# serving — and holding the ports the next run needs.
pids=()
alive() { kill -0 -- "-$1" 2>/dev/null || kill -0 "$1" 2>/dev/null; }
signal() { kill "-$1" -- "-$2" 2>/dev/null || kill "-$1" "$2" 2>/dev/null || true; }
stop_all() {
	for pid in "${pids[@]}"; do signal TERM "$pid"; done
	for pid in "${pids[@]}"; do
		# A graceful shutdown gets 30 s, then the group is killed.
		for ((t = 0; t < 60; t++)); do alive "$pid" || break; sleep 0.5; done
		alive "$pid" && signal KILL "$pid"
		wait "$pid" 2>/dev/null || true
	done
	pids=()
}
# port_busy PORT...: is something already listening on one of them?
port_busy() {
	local p
	for p in "$@"; do
		if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then return 0; fi
	done
	return 1
}
cleanup() {
	stop_all
	if [[ -f $WORK/pg/data/postmaster.pid ]]; then
		runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

wait_for() { # wait_for SECONDS COMMAND...: retry COMMAND every 0.5 s
	local limit=$1
	shift
	for ((t = 0; t < limit * 2; t++)); do
		if "$@" >/dev/null 2>&1; then return 0; fi
		sleep 0.5
	done
	return 1
}

bench_run() { # bench_run SYSTEM EXTRA-FLAGS...
	local sys=$1
	shift
	"$BIN/bench" run --system "$sys" --scenarios "$SCENARIOS" --clients "$CLIENTS" \
		--duration "$DURATION" --warmup "$WARMUP" --starts "$GRAPH/starts.txt" \
		--vertices "$VERTICES" --json "$RES/$sys.json" "$@" 2>"$LOGS/bench-$sys.log"
}

# Build from the committed tree (HEAD, or $REV), so a run measures a
# commit, never half-edited files.
REV=${REV:-HEAD}
log "build $(git -C "$ROOT" rev-parse --short "$REV")"
rm -rf "$WORK/src" && mkdir -p "$WORK/src"
git -C "$ROOT" archive "$REV" | tar -x -C "$WORK/src"
(cd "$WORK/src" && go build -o "$BIN/" ./cmd/metad ./cmd/storaged ./cmd/graphd ./cmd/console ./cmd/gen ./cmd/importer ./cmd/bench)
git -C "$ROOT" rev-parse "$REV" >"$RES/commit.txt"

log "generate $VERTICES persons, mean degree $DEGREE, seed $SEED"
formats=csv
[[ " $SYSTEMS " == *" postgres "* ]] && formats+=,pg
[[ " $SYSTEMS " == *" dgraph "* ]] && formats+=,dgraph
[[ " $SYSTEMS " == *" cayley "* ]] && formats+=,cayley
"$BIN/gen" -n "$VERTICES" -d "$DEGREE" --seed "$SEED" -o "$GRAPH" --formats "$formats" \
	--replicas 3 --partitions 15 | tee "$RES/graph.txt"

log "floors"
"$BIN/bench" floor --n 100000 --json "$RES/floors.json" | tee "$RES/floors.txt"

# ---------------------------------------------------------------- NovaGraph
run_novagraph() {
	log "NovaGraph: 1 metad, 3 storaged (--wal_sync=$WAL_SYNC, GOMAXPROCS=$STORAGED_PROCS), 1 graphd, replica 3"
	local H=127.0.0.1
	local meta=$H:$PORT_BASE graph=$((PORT_BASE + 100)) hosts="" d=$WORK/nova
	mkdir -p "$d"
	"$BIN/metad" --local_ip=$H --port=$PORT_BASE --ws_http_port=$((PORT_BASE + 2)) \
		--meta_server_addrs=$meta --data_path="$d/meta" >"$LOGS/metad.log" 2>&1 &
	pids+=($!)
	local server_pids=$!
	for i in 0 1 2; do
		local p=$((PORT_BASE + 10 + 3 * i))
		GOMAXPROCS=$STORAGED_PROCS "$BIN/storaged" --local_ip=$H --port=$p --ws_http_port=$((p + 2)) --meta_server_addrs=$meta \
			--data_path="$d/storage$i" --heartbeat_interval_secs=1 --wal_sync="$WAL_SYNC" >"$LOGS/storaged$i.log" 2>&1 &
		pids+=($!)
		server_pids+=,$!
		hosts+="${hosts:+, }\"$H\":$p"
	done
	"$BIN/graphd" --local_ip=$H --port=$graph --ws_http_port=$((graph + 1)) --meta_server_addrs=$meta \
		--heartbeat_interval_secs=1 >"$LOGS/graphd.log" 2>&1 &
	pids+=($!)
	server_pids+=,$!
	local console=("$BIN/console" -addr $H -port $graph -u root -p nebula)
	wait_for 60 "${console[@]}" -e 'YIELD 1' || { note "NovaGraph did not start; see $LOGS"; stop_all; return; }
	"${console[@]}" -e "ADD HOSTS $hosts" >/dev/null 2>&1 || true
	local t0=$SECONDS
	# IMPORT=sst (default) builds sstables that every replica downloads and
	# ingests; IMPORT=statements loads through multi-row INSERTs.
	local mode=()
	[[ ${IMPORT:-sst} == sst ]] && mode=(--sst --meta "$meta" --sst-dir "$WORK/sst")
	"$BIN/importer" -c "$GRAPH/config.yaml" -a $H:$graph --bad-rows "$RES/novagraph-bad-rows.csv" \
		--settle 2m "${mode[@]}" 2>"$LOGS/importer.log" | tee "$RES/novagraph-import.txt"
	echo "import wall time: $((SECONDS - t0)) s" | tee -a "$RES/novagraph-import.txt"
	# A full compaction after a bulk load, as NebulaGraph's manual advises
	# (SUBMIT JOB COMPACT), so the measurements neither run beside the
	# ingest's background compactions nor read through its extra levels.
	t0=$SECONDS
	compact_done() {
		local out
		out=$("${console[@]}" -e 'USE snb; SHOW JOBS' 2>/dev/null) && grep -q '"COMPACT"' <<<"$out" &&
			! grep -Eq '"COMPACT" +\| "(QUEUE|RUNNING)"' <<<"$out"
	}
	"${console[@]}" -e "USE snb; SUBMIT JOB COMPACT" >/dev/null 2>&1 || note "NovaGraph: SUBMIT JOB COMPACT failed"
	wait_for 600 compact_done || note "NovaGraph: the compaction did not finish in 10 minutes"
	echo "compaction wall time: $((SECONDS - t0)) s" | tee -a "$RES/novagraph-import.txt"
	# CPU profiles of graphd and one storaged while the second measurement
	# (the first scenario at the second client count) runs.
	local secs=${DURATION%s} warm=${WARMUP%s}
	(
		sleep "$(awk "BEGIN{print 2*$warm + $secs + 1}")"
		curl -sf -o "$RES/graphd.cpu.pprof" "http://$H:$((graph + 1))/debug/pprof/profile?seconds=$((${secs%.*} > 1 ? ${secs%.*} - 1 : 1))" &
		curl -sf -o "$RES/storaged0.cpu.pprof" "http://$H:$((PORT_BASE + 12))/debug/pprof/profile?seconds=$((${secs%.*} > 1 ? ${secs%.*} - 1 : 1))" &
		wait
	) &
	local prof=$!
	bench_run novagraph --address $H:$graph --space snb --server-pids "$server_pids"
	wait $prof || true
	stop_all
}

# --------------------------------------------------------------- PostgreSQL
run_postgres() {
	local pgbin=/usr/lib/postgresql/15/bin
	if [[ ! -x $pgbin/pg_ctl ]] || ! id postgres >/dev/null 2>&1; then
		note "PostgreSQL 15 skipped: install Debian's postgresql-15 (apt-get install postgresql-15)"
		return
	fi
	log "PostgreSQL 15: scratch cluster in $WORK/pg"
	local port=$((PORT_BASE + 200)) d=$WORK/pg
	mkdir -p "$d" && chown postgres "$d"
	runuser -u postgres -- "$pgbin/initdb" -D "$d/data" -A trust -U postgres >"$LOGS/initdb.log" 2>&1
	runuser -u postgres -- "$pgbin/pg_ctl" -D "$d/data" -l "$d/postgres.log" -w \
		-o "-p $port -k $d -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_connections=100" start >/dev/null
	local t0=$SECONDS
	runuser -u postgres -- psql -q -h 127.0.0.1 -p $port -v ON_ERROR_STOP=1 -f "$GRAPH/pg_load.sql" >"$LOGS/pg-load.log" 2>&1
	echo "load wall time (COPY + primary key + index + ANALYZE): $((SECONDS - t0)) s" | tee "$RES/postgres-import.txt"
	local postmaster
	postmaster=$(head -1 "$d/data/postmaster.pid")
	bench_run postgres --address 127.0.0.1:$port --user postgres --database postgres --server-pids "$postmaster"
	runuser -u postgres -- "$pgbin/pg_ctl" -D "$d/data" -m fast stop >/dev/null
}

# ------------------------------------------------------------------- Dgraph
run_dgraph() {
	local dg=$PEERS/bin/dgraph
	if [[ ! -x $dg ]]; then
		note "Dgraph skipped: no $dg (build it with: PEERS=$PEERS bench/build-peers.sh dgraph)"
		return
	fi
	log "Dgraph: 1 zero, 1 alpha (--survive=$DGRAPH_SURVIVE)"
	local d=$WORK/dgraph off=$((PORT_BASE - 5000 + 300)) # zero 5080+off, alpha 7080/8080/9080+off
	if port_busy $((5080 + off)) $((6080 + off)) $((7080 + off)) $((8080 + off)) $((9080 + off)); then
		note "Dgraph skipped: its ports ($((5080 + off)), $((6080 + off)), $((7080 + off))-$((9080 + off))) are taken (a Dgraph left over from an earlier run?)"
		return
	fi
	mkdir -p "$d"
	(cd "$d" && exec setsid "$dg" zero --my=127.0.0.1:$((5080 + off)) -o $off --wal "$d/zw" --survive="$DGRAPH_SURVIVE" >"$LOGS/dgraph-zero.log" 2>&1) &
	pids+=($!)
	local zpid=$!
	sleep 2
	(cd "$d" && exec setsid "$dg" alpha --my=127.0.0.1:$((7080 + off)) --zero=127.0.0.1:$((5080 + off)) -o $off \
		-p "$d/p" -w "$d/w" --security "whitelist=0.0.0.0/0" --survive="$DGRAPH_SURVIVE" >"$LOGS/dgraph-alpha.log" 2>&1) &
	pids+=($!)
	local apid=$!
	local http=http://127.0.0.1:$((8080 + off))
	wait_for 120 curl -sf "$http/health" || { note "Dgraph did not start; see $LOGS"; stop_all; return; }
	local t0=$SECONDS
	if ! (cd "$d" && "$dg" live -f "$GRAPH/dgraph.rdf" -s "$GRAPH/dgraph.schema" \
		--alpha 127.0.0.1:$((9080 + off)) --zero 127.0.0.1:$((5080 + off)) >"$LOGS/dgraph-live.log" 2>&1); then
		note "Dgraph live load failed; see $LOGS/dgraph-live.log"
		stop_all
		return
	fi
	echo "load wall time (dgraph live): $((SECONDS - t0)) s" | tee "$RES/dgraph-import.txt"
	bench_run dgraph --address "$http" --server-pids "$zpid,$apid"
	stop_all
}

# ------------------------------------------------------------------- Cayley
# Loaded offline with its own bulk loader into LevelDB (of the embedded
# backends a plain build has, the fastest to load: 5,000 persons' 242k
# quads took 11 s into leveldb against 39 s and 1 GB of memory into
# bolt), then served by `cayley http` over the same database.
run_cayley() {
	local cy=$PEERS/bin/cayley
	if [[ ! -x $cy ]]; then
		note "Cayley skipped: no $cy (build it with: PEERS=$PEERS bench/build-peers.sh cayley)"
		return
	fi
	log "Cayley: leveldb backend, cayley load + cayley http"
	local d=$WORK/cayley port=$((PORT_BASE + 400))
	if port_busy $port; then
		note "Cayley skipped: port $port is taken (a Cayley left over from an earlier run?)"
		return
	fi
	mkdir -p "$d"
	local t0=$SECONDS
	if ! "$cy" load --init -d leveldb -a "$d/db" -i "$GRAPH/cayley.nq" >"$LOGS/cayley-load.log" 2>&1; then
		note "Cayley load failed; see $LOGS/cayley-load.log"
		return
	fi
	echo "load wall time (cayley load, leveldb, $(wc -l <"$GRAPH/cayley.nq") quads): $((SECONDS - t0)) s" | tee "$RES/cayley-import.txt"
	"$cy" http -d leveldb -a "$d/db" --host 127.0.0.1:$port --timeout 60s >"$LOGS/cayley-http.log" 2>&1 &
	pids+=($!)
	local cpid=$!
	local http=http://127.0.0.1:$port
	# It opens the database before it listens: about 20 s for 20,000 persons.
	wait_for 600 curl -sf "$http/api/v2/formats" || { note "Cayley did not start; see $LOGS"; stop_all; return; }
	bench_run cayley --address "$http" --server-pids "$cpid"
	stop_all
}

for s in $SYSTEMS; do
	case $s in
	novagraph) run_novagraph ;;
	postgres) run_postgres ;;
	dgraph) run_dgraph ;;
	cayley) run_cayley ;;
	*) note "unknown system $s" ;;
	esac
done

log "results ($RES)"
cat "$RES/floors.txt"
echo
for f in "$RES"/*-import.txt; do echo "$(basename "$f" -import.txt): $(tr '\n' ' ' <"$f")"; done
echo
shopt -s nullglob
jsons=()
for s in $SYSTEMS; do [[ -f $RES/$s.json ]] && jsons+=("$RES/$s.json"); done
"$BIN/bench" table "${jsons[@]}" | tee "$RES/table.md"
for n in "${notes[@]}"; do echo "note: $n"; done
