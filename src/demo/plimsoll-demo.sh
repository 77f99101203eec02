#!/usr/bin/env bash
# Runs Plimsoll at http://localhost:8080 with demo data and demo users.
#
# Database: the PostgreSQL named by QUARKUS_DATASOURCE_JDBC_URL (with _USERNAME/_PASSWORD) when
# set; otherwise an embedded PostgreSQL, or failing that the local one at 127.0.0.1:5432.
# Sign-in: the Keycloak named by QUARKUS_OIDC_AUTH_SERVER_URL when set; otherwise a Keycloak
# fetched from Maven Central and started here with the demo realm.
set -euo pipefail

cd "$(dirname "$0")/../.."
root="$(pwd)"
work="$root/.demo"
mkdir -p "$work"
keycloak_port="${PLIMSOLL_DEMO_KEYCLOAK_PORT:-8180}"
pids=()
own_keycloak=""

cleanup() {
  trap - EXIT INT TERM
  echo
  echo "Stopping Plimsoll demo..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  if [ -n "$own_keycloak" ]; then bash src/demo/keycloak.sh stop "$work"; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

command -v java >/dev/null || { echo "Java 17 or newer is needed (java not found)." >&2; exit 1; }
if (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
  echo "Port 8080 is in use: stop what listens there (an earlier demo?) and run this again." >&2
  exit 1
fi

# 1. Sign-in server, in the background while the application builds.
if [ -z "${QUARKUS_OIDC_AUTH_SERVER_URL:-}" ]; then
  bash src/demo/keycloak.sh start "$work" "$keycloak_port" src/demo/keycloak/plimsoll-realm.json &
  keycloak_job=$!
  own_keycloak=1
  export QUARKUS_OIDC_AUTH_SERVER_URL="http://localhost:$keycloak_port/realms/plimsoll"
fi

# 2. The application (and the demo database helper, which lives with the test code).
echo "Building Plimsoll..."
./mvnw -q -B -DskipTests -Dspotless.check.skip=true package
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"

# 3. Database.
if [ -z "${QUARKUS_DATASOURCE_JDBC_URL:-}" ]; then
  rm -f "$work/db.env"
  java -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" dev.plimsoll.testing.DemoDatabase "$work/db.env" \
    >"$work/database.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    [ -f "$work/db.env" ] && break
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then cat "$work/database.log" >&2; exit 1; fi
    sleep 0.5
  done
  [ -f "$work/db.env" ] || { echo "The demo database did not start; see $work/database.log" >&2; exit 1; }
  set -a; . "$work/db.env"; set +a
fi

if [ -n "${keycloak_job:-}" ]; then
  wait "$keycloak_job" || { echo "Keycloak did not start; see $work/keycloak.log" >&2; exit 1; }
fi

# 4. Plimsoll with the demo profile (seeds the demo tenants on first start).
QUARKUS_PROFILE=demo java -jar target/quarkus-app/quarkus-run.jar >"$work/plimsoll.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  if curl -fsS http://localhost:8080/q/health/ready >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then tail -n 30 "$work/plimsoll.log" >&2; exit 1; fi
  sleep 1
done

cat <<MSG

  Plimsoll is running: http://localhost:8080  (logs in .demo/)

  Sign in with any of these (password: plimsoll):
    admin@acme.test      org admin of Acme Payments
    manager@acme.test    security manager of Acme Payments
    auditor@acme.test    auditor of Acme Payments and Globex Logistics (tenant switcher)
    dev@acme.test        team member of Acme's payments team
    admin@globex.test    org admin of Globex Logistics
    operator@plimsoll.test  platform operator (creates tenants; sees no tenant data)

  Press Ctrl-C to stop.
MSG
wait "${pids[-1]}"
