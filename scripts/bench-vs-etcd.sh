#!/usr/bin/env bash
# The same key-value load against etcd and against Coterie, one after the other, on this machine.
#
#   scripts/bench-vs-etcd.sh            # 500 clients, 20,000 writes of 1 KiB each
#   CLIENTS=100 OPS=5000 MODE=read scripts/bench-vs-etcd.sh
#
# etcd: three members of Debian's etcd-server (3.4) on loopback, data under var/bench/etcd,
# driven through its JSON gateway. Coterie: the three consensus peers of a running `./coterie dev`,
# driven directly (like etcd's members, without the gateway in between), once through the HTTP
# API and once through the store's own Raft client protocol (how Coterie's services reach it).
# All loads come from the same client, `coterie bench kv`, with the same shape. Installing etcd
# needs root (apt-get).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
clients=${CLIENTS:-500}
ops=${OPS:-20000}
size=${VALUE_SIZE:-1024}
mode=${MODE:-write}
coterie_peers=${COTERIE_PEERS:-http://127.0.0.1:7101,http://127.0.0.1:7102,http://127.0.0.1:7103}

if ! command -v etcd >/dev/null; then
  echo "installing etcd-server from Debian's packages..." >&2
  apt-get install -y -q etcd-server >/dev/null
fi
etcd_bin=$(command -v etcd)

data="$root/var/bench/etcd"
rm -rf "$data"
mkdir -p "$data"
cluster="m1=http://127.0.0.1:23801,m2=http://127.0.0.1:23802,m3=http://127.0.0.1:23803"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
for i in 1 2 3; do
  "$etcd_bin" --name "m$i" --data-dir "$data/m$i" \
    --listen-client-urls "http://127.0.0.1:2379$i" --advertise-client-urls "http://127.0.0.1:2379$i" \
    --listen-peer-urls "http://127.0.0.1:2380$i" --initial-advertise-peer-urls "http://127.0.0.1:2380$i" \
    --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token coterie-bench \
    > "$data/m$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 1 60); do
  if curl -fs -X POST http://127.0.0.1:23791/v3/kv/range -d '{"key":"AA=="}' >/dev/null 2>&1; then break; fi
  sleep 1
done

echo "== etcd $("$etcd_bin" --version | head -1 | awk '{print $3}'), 3 members on loopback ==" >&2
./coterie bench kv --target etcd --address http://127.0.0.1:23791,http://127.0.0.1:23792,http://127.0.0.1:23793 \
  --clients "$clients" --ops "$ops" --value-size "$size" --mode "$mode" -o json | tee "$root/var/bench/etcd.json"
cleanup
pids=()

echo "== coterie, 3 consensus peers (./coterie dev), HTTP API ==" >&2
./coterie bench kv --address "$coterie_peers" \
  --clients "$clients" --ops "$ops" --value-size "$size" --mode "$mode" -o json | tee "$root/var/bench/coterie.json"

echo "== coterie, the same peers, the store's own Raft client protocol ==" >&2
./coterie bench kv --via raft \
  --clients "$clients" --ops "$ops" --value-size "$size" --mode "$mode" -o json | tee "$root/var/bench/coterie-raft.json"
