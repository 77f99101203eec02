#!/usr/bin/env bash
# Fetches the Keycloak distribution from Maven Central (once) and runs it locally with the
# Plimsoll realm imported. Used by the demo and by the end-to-end tests.
#
#   keycloak.sh start WORKDIR PORT REALM_FILE   start in the background, wait until ready
#   keycloak.sh stop WORKDIR                    stop it (the Java process, not only the shell)
set -euo pipefail

KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.5.6}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

start() {
  local work="$1" port="$2" realm="$3"
  mkdir -p "$work"
  local home="$work/keycloak-$KEYCLOAK_VERSION"
  if [ ! -x "$home/bin/kc.sh" ]; then
    echo "Fetching Keycloak $KEYCLOAK_VERSION from Maven Central (about 180 MB, once)..."
    "$root/mvnw" -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      -DoutputDirectory="$work" -Dmdep.overWriteReleases=false
    (cd "$work" && unzip -q -o "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip")
    rm -f "$work/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  fi
  if curl -fsS "http://localhost:$port/realms/plimsoll" >/dev/null 2>&1; then
    echo "Keycloak already answers on port $port."
    return 0
  fi
  mkdir -p "$home/data/import"
  cp "$realm" "$home/data/import/plimsoll-realm.json"
  # A realm that exists already is not imported again: start from an empty dev database so the
  # realm file in the repository is what runs.
  rm -rf "$home/data/h2"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    nohup "$home/bin/kc.sh" start-dev --http-port="$port" --http-management-port="$((port + 1000))" --import-realm \
      --hostname-strict=false --health-enabled=true >"$work/keycloak.log" 2>&1 &
  echo $! >"$work/keycloak.pid"
  echo "Starting Keycloak on port $port (first start takes about a minute)..."
  for _ in $(seq 1 240); do
    if curl -fsS "http://localhost:$port/realms/plimsoll/.well-known/openid-configuration" >/dev/null 2>&1; then
      echo "Keycloak is ready."
      return 0
    fi
    if ! kill -0 "$(cat "$work/keycloak.pid")" 2>/dev/null; then
      echo "Keycloak stopped while starting; see $work/keycloak.log" >&2
      tail -n 20 "$work/keycloak.log" >&2
      return 1
    fi
    sleep 1
  done
  echo "Keycloak did not become ready in 4 minutes; see $work/keycloak.log" >&2
  return 1
}

stop() {
  local work="$1"
  [ -f "$work/keycloak.pid" ] || return 0
  local pid
  pid="$(cat "$work/keycloak.pid")"
  # kc.sh starts a Java child: stop the whole group of processes it started.
  pkill -TERM -P "$pid" 2>/dev/null || true
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  pkill -KILL -P "$pid" 2>/dev/null || true
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$work/keycloak.pid"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start WORKDIR PORT REALM_FILE | stop WORKDIR" >&2; exit 2 ;;
esac
