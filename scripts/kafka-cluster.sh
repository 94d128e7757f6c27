#!/usr/bin/env bash
# Runs a real three-node Apache Kafka cluster (KRaft; each node broker+controller) from the same Maven
# Central jars as scripts/kafka-local.sh, for the fault tests: replication factor 3, min.insync.replicas
# 2, so one node may die (kill -9) with nothing acknowledged lost.
#
#   scripts/kafka-cluster.sh start          format fresh storage for the nodes, start them, wait for all
#   scripts/kafka-cluster.sh stop           stop every node and delete the storage
#   scripts/kafka-cluster.sh kill-node N    kill -9 node N (1-3), keeping its storage
#   scripts/kafka-cluster.sh start-node N   start node N again on its storage
#   scripts/kafka-cluster.sh brokers        print the bootstrap list
#
# Environment: KAFKA_CLUSTER_PORT (default 19192: node N listens on PORT+2(N-1), its controller on the
# next port), KAFKA_CLUSTER_HEAP (default 384m per node), KAFKA_LOCAL_JVM_OPTS (extra JVM flags).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kafka_dir="$root/.kafka"
libs="$kafka_dir/libs"
base="${KAFKA_CLUSTER_PORT:-19192}"
heap="${KAFKA_CLUSTER_HEAP:-384m}"
state_dir="${TMPDIR:-/tmp}/shieldline-kafka-cluster-$base"
nodes=(1 2 3)

port_of() { echo $((base + 2 * ($1 - 1))); }
controller_of() { echo $((base + 2 * ($1 - 1) + 1)); }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

voters() {
  local list=""
  for n in "${nodes[@]}"; do list="$list${list:+,}$n@127.0.0.1:$(controller_of "$n")"; done
  echo "$list"
}

brokers() {
  local list=""
  for n in "${nodes[@]}"; do list="$list${list:+,}127.0.0.1:$(port_of "$n")"; done
  echo "$list"
}

write_properties() {
  local n=$1 dir="$state_dir/node$1"
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(voters)
listeners=PLAINTEXT://127.0.0.1:$(port_of "$n"),CONTROLLER://127.0.0.1:$(controller_of "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(port_of "$n")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
unclean.leader.election.enable=false
auto.create.topics.enable=false
offsets.topic.replication.factor=3
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
log.cleaner.dedupe.buffer.size=1048577
PROPS
}

start_node() {
  local n=$1 dir="$state_dir/node$1"
  # Small heaps and serial GC: three nodes, a hub and PostgreSQL share two cores in CI.
  # shellcheck disable=SC2086 # KAFKA_LOCAL_JVM_OPTS is a list of flags
  nohup java "-Xms192m" "-Xmx$heap" -XX:+UseSerialGC ${KAFKA_LOCAL_JVM_OPTS:-} -XX:MaxDirectMemorySize=128m \
    -Djava.awt.headless=true -Dlog4j.configuration="file:$kafka_dir/log4j.properties" \
    -cp "$libs/*" kafka.Kafka "$dir/server.properties" >"$dir/broker.log" 2>&1 &
  echo $! >"$dir/broker.pid"
}

wait_for() {
  local started=$SECONDS
  for n in "$@"; do
    until port_open "$(port_of "$n")"; do
      if ! kill -0 "$(cat "$state_dir/node$n/broker.pid")" 2>/dev/null; then
        echo "kafka-cluster: node $n exited during start-up; log follows" >&2
        tail -n 40 "$state_dir/node$n/broker.log" >&2
        exit 1
      fi
      if (( SECONDS - started > 120 )); then
        echo "kafka-cluster: node $n did not open its port within 120 s" >&2
        tail -n 40 "$state_dir/node$n/broker.log" >&2
        exit 1
      fi
      sleep 0.2
    done
  done
}

start() {
  for n in "${nodes[@]}"; do
    if port_open "$(port_of "$n")" || port_open "$(controller_of "$n")"; then
      echo "kafka-cluster: a port of node $n is taken; refusing to start" >&2
      exit 1
    fi
  done
  bash "$root/scripts/kafka-local.sh" fetch
  rm -rf "$state_dir"
  local cluster_id
  cluster_id=$(java -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
  for n in "${nodes[@]}"; do
    write_properties "$n"
    java -cp "$libs/*" -Dlog4j.configuration="file:$kafka_dir/log4j.properties" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$state_dir/node$n/server.properties" --ignore-formatted \
      >"$state_dir/node$n/format.log" 2>&1
  done
  local started=$SECONDS
  for n in "${nodes[@]}"; do start_node "$n"; done
  wait_for "${nodes[@]}"
  echo "kafka-cluster: three nodes up on $(brokers) in $((SECONDS - started)) s" >&2
}

kill_node() {
  local pid_file="$state_dir/node$1/broker.pid"
  [ -f "$pid_file" ] && kill -9 "$(cat "$pid_file")" 2>/dev/null || true
}

stop() {
  for n in "${nodes[@]}"; do
    local pid_file="$state_dir/node$n/broker.pid"
    if [ -f "$pid_file" ]; then
      local pid
      pid=$(cat "$pid_file")
      kill "$pid" 2>/dev/null || true
    fi
  done
  for n in "${nodes[@]}"; do
    local pid_file="$state_dir/node$n/broker.pid"
    if [ -f "$pid_file" ]; then
      local pid
      pid=$(cat "$pid_file")
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$state_dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  kill-node) kill_node "${2:?node number}" ;;
  start-node) start_node "${2:?node number}"; wait_for "$2" ;;
  brokers) brokers ;;
  *) echo "usage: $0 start|stop|kill-node N|start-node N|brokers" >&2; exit 2 ;;
esac
