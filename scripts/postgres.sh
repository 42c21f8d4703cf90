# A throwaway PostgreSQL 15 cluster on loopback for the tests (sourced by dev.sh), from
# Debian's postgresql-15 package, in a temp directory on its own port.
#   pg_start   initdb, start, export DENGJI_TEST_PG_URL (the superuser, no password:
#              tests make a database each) and DENGJI_TEST_PG_PASSWORD_URL (a role that
#              must give its password, for the tests of PGPASSWORD and ~/.pgpass)
#   pg_stop    stops the server and removes the directory

# Another port through DENGJI_PG_PORT, so that two checkouts can run their tests at once.
PG_PORT="${DENGJI_PG_PORT:-15432}"
PG_DIR=""
PG_BIN=/usr/lib/postgresql/15/bin

# Runs a server program as the owner of the cluster (initdb refuses root).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_start() {
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL 15 is missing (apt-get install postgresql-15)" >&2; return 1; }
  # A server left running by an interrupted run holds the port: stop it first.
  pkill -f "postgres .*-p $PG_PORT" 2>/dev/null || true
  # Clusters that killed runs left (their server gone, older than an hour) would fill /tmp.
  local d pid
  for d in $(find /tmp -maxdepth 1 -name 'dengji-pg.*' -type d -mmin +60 2>/dev/null); do
    pid="$(head -1 "$d/data/postmaster.pid" 2>/dev/null || true)"
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then rm -rf "$d"; fi
  done
  PG_DIR="$(mktemp -d /tmp/dengji-pg.XXXXXX)"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  step "start PostgreSQL 15 on 127.0.0.1:$PG_PORT"
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  # The password role first: pg_hba.conf takes the first line that matches.
  { echo "host all dengji_pw 127.0.0.1/32 scram-sha-256"; cat "$PG_DIR/data/pg_hba.conf"; } >"$PG_DIR/hba" \
    && pg_as_owner cp "$PG_DIR/hba" "$PG_DIR/data/pg_hba.conf"
  # fsync off: a throwaway cluster, and the tests' many small transactions stay fast.
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/data/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_DIR/data/server.log" >&2; return 1; }
  local pw="pw-$RANDOM$RANDOM"
  psql -q -h 127.0.0.1 -p $PG_PORT -U postgres -d postgres \
    -c "CREATE ROLE dengji_pw LOGIN CREATEDB PASSWORD '$pw'" >/dev/null
  export DENGJI_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT"
  export DENGJI_TEST_PG_PASSWORD_URL="postgresql://dengji_pw@127.0.0.1:$PG_PORT"
  export DENGJI_TEST_PG_PASSWORD="$pw"
}

pg_stop() {
  [ -n "$PG_DIR" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
