#!/usr/bin/env bash
# Fetches Kafka Connect (standalone) and the Debezium JDBC sink connector from Maven Central, for the
# projector's peer in npm run bench (issue #18): the same court events upserted into PostgreSQL by a
# plain sink. Nothing is compiled.
#
#   scripts/debezium-sink.sh fetch   jars into .kafka-connect/libs, the connector into .kafka-connect/plugins
#   scripts/debezium-sink.sh paths   print the classpath glob and the plugin path (after fetch)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$root/.kafka-connect"
libs="$dir/libs"
plugins="$dir/plugins"

fetch() {
  if [ -f "$libs/.complete" ] && [ -f "$plugins/.complete" ]; then return 0; fi
  echo "debezium-sink: fetching Kafka Connect and the Debezium JDBC sink with Maven (cached in ~/.m2)…" >&2
  rm -rf "$libs" "$plugins"
  mvn -B -q -f "$dir/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs" -DincludeScope=runtime >&2
  mkdir -p "$plugins"
  # The connector's plugin archive goes into Connect's plugin path (its own class loader), not the classpath.
  for archive in "$libs"/debezium-connector-jdbc-*-plugin.tar.gz; do
    tar -xzf "$archive" -C "$plugins"
    rm -f "$archive"
  done
  touch "$libs/.complete" "$plugins/.complete"
}

case "${1:-}" in
  fetch) fetch ;;
  paths) echo "$libs/*"; echo "$plugins" ;;
  *) echo "usage: $0 fetch|paths" >&2; exit 2 ;;
esac
