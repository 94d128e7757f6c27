#!/usr/bin/env bash
# Runs a real single-node Apache Kafka broker (KRaft, broker+controller in one JVM) from Maven Central
# jars, for tests and benchmarks on machines without Docker. The README's "Testing" section says how
# the suite uses it.
#
#   scripts/kafka-local.sh fetch    download the broker classpath into .kafka/libs (cached in ~/.m2)
#   scripts/kafka-local.sh start    fetch if needed, format fresh storage, start, wait until the port answers
#   scripts/kafka-local.sh stop     stop the broker started by this script and delete its storage
#   scripts/kafka-local.sh status   exit 0 when the broker's port answers
#
# Environment: KAFKA_LOCAL_PORT (default 19092; controller uses port+1), KAFKA_LOCAL_HEAP (default 512m).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kafka_dir="$root/.kafka"
libs="$kafka_dir/libs"
port="${KAFKA_LOCAL_PORT:-19092}"
controller_port=$((port + 1))
heap="${KAFKA_LOCAL_HEAP:-512m}"
state_dir="${TMPDIR:-/tmp}/shieldline-kafka-$port"
pid_file="$state_dir/broker.pid"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

fetch() {
  if [ -f "$libs/.complete" ]; then return 0; fi
  echo "kafka-local: fetching broker jars with Maven (cached in ~/.m2 afterwards)…" >&2
  rm -rf "$libs"
  mvn -B -q -f "$kafka_dir/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs" -DincludeScope=runtime >&2
  touch "$libs/.complete"
}

start() {
  if port_open "$port"; then
    echo "kafka-local: something already listens on 127.0.0.1:$port; refusing to start a second broker" >&2
    exit 1
  fi
  fetch
  rm -rf "$state_dir"
  mkdir -p "$state_dir/data"
  sed -e "s#@PORT@#$port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" -e "s#@DATA_DIR@#$state_dir/data#g" \
    "$kafka_dir/server.properties.template" > "$state_dir/server.properties"
  local cp="$libs/*"
  local cluster_id
  cluster_id=$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
  java -cp "$cp" -Dlog4j.configuration="file:$kafka_dir/log4j.properties" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$state_dir/server.properties" --ignore-formatted >"$state_dir/format.log" 2>&1
  # Small heap and serial GC keep the broker near 400 MB on a 2-core machine.
  # shellcheck disable=SC2086 # KAFKA_LOCAL_JVM_OPTS is a list of flags
  nohup java "-Xms256m" "-Xmx$heap" -XX:+UseSerialGC ${KAFKA_LOCAL_JVM_OPTS:-} -XX:MaxDirectMemorySize=128m -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$kafka_dir/log4j.properties" \
    -cp "$cp" kafka.Kafka "$state_dir/server.properties" >"$state_dir/broker.log" 2>&1 &
  echo $! >"$pid_file"
  local started=$SECONDS
  until port_open "$port"; do
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      echo "kafka-local: broker exited during start-up; log follows" >&2
      tail -n 40 "$state_dir/broker.log" >&2
      exit 1
    fi
    if (( SECONDS - started > 60 )); then
      echo "kafka-local: broker did not open 127.0.0.1:$port within 60 s" >&2
      tail -n 40 "$state_dir/broker.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "kafka-local: broker up on 127.0.0.1:$port in $((SECONDS - started)) s (pid $(cat "$pid_file"))" >&2
}

stop() {
  if [ -f "$pid_file" ]; then
    local pid
    pid=$(cat "$pid_file")
    if kill "$pid" 2>/dev/null; then
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$state_dir"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) port_open "$port" ;;
  *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
