#!/usr/bin/env bash
# run-local.sh starts a local NovaGraph cluster as separate processes on
# loopback: REPLICAS metad, REPLICAS storaged and REPLICAS graphd (default 1
# each), waits until it answers, registers the storage hosts with metad, and
# stops everything on Ctrl-C. Data lives under $DATA (default ./data) and
# survives a restart; logs go to $LOGS (default ./logs).
#
#   make run                 # 1 metad, 1 storaged, 1 graphd
#   make run REPLICAS=3      # three of each
set -euo pipefail

REPLICAS=${REPLICAS:-1}
BIN=${BIN:-bin}
DATA=${DATA:-data}
LOGS=${LOGS:-logs}
HOST=127.0.0.1

mkdir -p "$DATA" "$LOGS"
pids=()
stop() {
	trap - INT TERM EXIT
	echo
	echo "stopping the cluster..."
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	echo "stopped."
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

# Ports follow NebulaGraph's defaults; replica i adds 2*i (metad and
# storaged use port+1 for raft) or i.
meta_addrs=""
for ((i = 0; i < REPLICAS; i++)); do
	meta_addrs+="${meta_addrs:+,}$HOST:$((9559 + 2 * i))"
done

for ((i = 0; i < REPLICAS; i++)); do
	"$BIN/metad" --local_ip=$HOST --port=$((9559 + 2 * i)) --ws_http_port=$((19559 + i)) \
		--meta_server_addrs="$meta_addrs" --data_path="$DATA/meta$i" >"$LOGS/metad$i.log" 2>&1 &
	pids+=($!)
done
storage_hosts=""
for ((i = 0; i < REPLICAS; i++)); do
	"$BIN/storaged" --local_ip=$HOST --port=$((9779 + 2 * i)) --ws_http_port=$((19779 + i)) \
		--meta_server_addrs="$meta_addrs" --data_path="$DATA/storage$i" \
		--heartbeat_interval_secs=2 >"$LOGS/storaged$i.log" 2>&1 &
	pids+=($!)
	storage_hosts+="${storage_hosts:+, }\"$HOST\":$((9779 + 2 * i))"
done
for ((i = 0; i < REPLICAS; i++)); do
	"$BIN/graphd" --local_ip=$HOST --port=$((9669 + i)) --ws_http_port=$((19669 + i)) \
		--meta_server_addrs="$meta_addrs" >"$LOGS/graphd$i.log" 2>&1 &
	pids+=($!)
done

console() { "$BIN/console" -addr $HOST -port 9669 -u root -p nebula "$@"; }

echo "waiting for the cluster to answer..."
for ((t = 0; ; t++)); do
	if console -e 'YIELD 1' >/dev/null 2>&1; then break; fi
	for pid in "${pids[@]}"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "a daemon exited; see $LOGS/" >&2
			exit 1
		fi
	done
	if ((t >= 120)); then
		echo "the cluster did not answer within 60 s; see $LOGS/" >&2
		exit 1
	fi
	sleep 0.5
done

# Storage hosts must be registered before metad gives them parts (NebulaGraph
# 3.x); on a restart they already are.
out=$(console -e "ADD HOSTS $storage_hosts" 2>&1 || true)
if grep -q '\[ERROR' <<<"$out" && ! grep -q 'Existed' <<<"$out"; then
	echo "warning: could not register the storage hosts:" >&2
	grep '\[ERROR' <<<"$out" >&2
fi
echo "waiting for the storage hosts to come online..."
for ((t = 0; ; t++)); do
	online=$(console -e 'SHOW HOSTS STORAGE' 2>/dev/null | grep -c '"ONLINE"' || true)
	if ((online >= REPLICAS)); then break; fi
	if ((t >= 120)); then
		echo "warning: only $online of $REPLICAS storage hosts are online; see $LOGS/" >&2
		break
	fi
	sleep 0.5
done

cat <<MSG

NovaGraph is running: $REPLICAS metad, $REPLICAS storaged, $REPLICAS graphd (logs in $LOGS/, data in $DATA/).
Connect with:  $BIN/console -addr $HOST -port 9669 -u root -p nebula
         or any NebulaGraph client at $HOST:9669 (user root, password nebula).
Ctrl-C stops the cluster.
MSG
wait -n "${pids[@]}" || true
echo "a daemon exited; see $LOGS/" >&2
