#!/usr/bin/env bash
# Starts a PostgreSQL server for the history store's tests and prints the URL to export as
# GONGKAI_TEST_POSTGRES. Installs PostgreSQL from Debian's packages when it is missing; uses
# the packaged cluster when there is one, else a fresh one in a temporary folder. Runs as root.
set -euo pipefail

ROLE=gongkai_test
PASS=gongkai_test_pw
PORT=${GONGKAI_TEST_PG_PORT:-5432}

log() { echo "postgres.sh: $*" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  echo "$dir"
}

if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/postgres" ]; then
  log "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN=$(pg_bin)

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }

as_postgres() { runuser -u postgres -- "$@"; }

if ! ready; then
  started=no
  if command -v pg_lsclusters >/dev/null 2>&1; then
    # The packaged cluster on our port, if there is one.
    read -r ver name < <(pg_lsclusters -h 2>/dev/null | awk -v p="$PORT" '$3 == p {print $1, $2; exit}') || true
    if [ -n "${ver:-}" ]; then
      log "starting cluster $ver/$name"
      pg_ctlcluster "$ver" "$name" start >&2 && started=yes || log "could not start $ver/$name"
    fi
  fi
  if [ "$started" = no ]; then
    DATA=$(mktemp -d /tmp/gongkai-pg.XXXXXX)
    chown postgres "$DATA"
    log "initialising a fresh cluster in $DATA"
    as_postgres "$BIN/initdb" -D "$DATA" -A trust -U postgres >&2
    as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/log" -w \
      -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" start >&2
  fi
  for _ in $(seq 1 60); do ready && break; sleep 0.5; done
  ready || { log "PostgreSQL did not come up on port $PORT"; exit 1; }
fi

# A password role that may create the tests' databases (idempotent), made over the local
# socket (peer authentication for the postgres user).
SQL="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASS';
  ELSE
    ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASS';
  END IF;
END \$\$;"
made=no
for socket in /var/run/postgresql /tmp 127.0.0.1; do
  if as_postgres psql -q -h "$socket" -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -c "$SQL" >&2 2>/dev/null; then
    made=yes
    break
  fi
done
[ "$made" = yes ] || { log "could not create role $ROLE"; exit 1; }
echo "postgres://$ROLE:$PASS@127.0.0.1:$PORT/postgres"
