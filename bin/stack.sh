#!/usr/bin/env bash
# ./argus stack up|down|status|env: a real Kafka broker (KRaft, from Maven Central jars) and a real
# PostgreSQL server, as local processes on 127.0.0.1, each with its own port and data directory.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage() {
  cat <<USAGE
usage: ./argus stack up|down|status|env|kafka-stop|kafka-start|pg-stop|pg-start [--name NAME] [--fresh]
                                                                 [--plain | --require-timescaledb]

  up       start Kafka and PostgreSQL (installs PostgreSQL with apt-get and fetches the Kafka
           jars with Maven when missing), create the topics, the database and its roles
  down     stop exactly the processes 'up' started (by PID)
  status   say what runs, where, and where the logs are
  env      print the endpoints as shell variables (what tests and scripts read)
  kafka-stop|kafka-start|pg-stop|pg-start
           stop or start one service of the stack, keeping its data (failure tests use these)

Options:
  --name NAME   stack name (default: dev; the tests use 'test', the demo 'dev'); each stack has its
                own ports and data under .argus/stack-NAME
  --fresh       with 'up': delete that stack's data first
  --plain       with 'up': plain PostgreSQL even where TimescaleDB is installed (tests of that path)
  --require-timescaledb
                with 'up': fail unless the server runs TimescaleDB (./argus test uses it when the
                TimescaleDB package is beside the checkout)

Ports default to a block chosen from this checkout's path, so two checkouts do not collide
(this one: PostgreSQL $(port_of dev pg), Kafka $(port_of dev kafka)). Override with ARGUS_PG_PORT,
ARGUS_KAFKA_PORT, ARGUS_KAFKA_CONTROLLER_PORT.

The database is TimescaleDB where it can be: the extension already installed for the server (as
TimescaleDB's own packages install it), else installed from a TimescaleDB package for PostgreSQL 15:
ARGUS_TIMESCALEDB_PACKAGE, or ../shared/timescaledb/timescaledb-*-pg15-amd64.tar.xz beside the
checkout (installing needs root). Otherwise plain PostgreSQL, said in one line.
USAGE
}

# port_of STACK SERVICE: default ports, a block of 10 per stack inside this checkout's block of 40,
# all below Linux's ephemeral range (32768+) so an outgoing connection never holds one.
port_of() {
  local base=$((20000 + $(checkout_slot) * 40)) off=0
  case "$1" in dev) off=0;; test) off=10;; *) off=$(( 20 + $(printf '%s' "$1" | cksum | awk '{print $1 % 2}') * 10 ));; esac
  case "$2" in pg) echo $((base + off + 1));; kafka) echo $((base + off + 2));; controller) echo $((base + off + 3));; sasl) echo $((base + off + 4));; esac
}

CMD=${1:-}; shift || true
NAME=${ARGUS_STACK:-dev}; FRESH=0; BACKEND=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --name) NAME=${2:?--name needs a value}; shift 2;;
    --fresh) FRESH=1; shift;;
    --plain) BACKEND=postgresql; shift;;
    --require-timescaledb) BACKEND=timescaledb; shift;;
    -h|--help) usage; exit 0;;
    *) die "unknown option '$1' (see ./argus stack --help)";;
  esac
done
case "$NAME" in *[!a-zA-Z0-9_-]*|"") die "--name: use letters, digits, '-' and '_' only";; esac

DIR="$ARGUS_STATE/stack-$NAME"
PG_PORT=${ARGUS_PG_PORT:-$(port_of "$NAME" pg)}
KAFKA_PORT=${ARGUS_KAFKA_PORT:-$(port_of "$NAME" kafka)}
CTRL_PORT=${ARGUS_KAFKA_CONTROLLER_PORT:-$(port_of "$NAME" controller)}
SASL_PORT=${ARGUS_KAFKA_SASL_PORT:-$(port_of "$NAME" sasl)}
KAFKA_LIBS="$ARGUS_STATE/lib/kafka"
ENV_FILE="$DIR/stack.env"

# PostgreSQL refuses to run as root: then the server runs as the 'postgres' user, whose data
# directory must be reachable through every parent folder. A checkout under a private folder
# (mktemp -d, as CI uses) is not, so its data then lives under /var/tmp, keyed by checkout.
pg_dir() {
  if is_root; then
    local d="$DIR/pg"
    mkdir -p "$DIR"
    if id postgres >/dev/null 2>&1 && runuser -u postgres -- test -x "$DIR"; then echo "$d"
    else echo "/var/tmp/argus-$(printf '%s' "$ARGUS_ROOT" | cksum | cut -d' ' -f1)/stack-$NAME/pg"; fi
  else echo "$DIR/pg"; fi
}
as_pg() { if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

pg_bin() {
  local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    # Debian would create and start its own cluster on 5432; we only want the binaries.
    if is_root && [ ! -f /etc/postgresql-common/createcluster.conf ]; then
      mkdir -p /etc/postgresql-common && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf
    fi
    apt_install postgresql-15 >&2
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  echo "$d"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
wait_port() { # host port seconds what
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

kafka_libs() {
  if [ ! -f "$KAFKA_LIBS/.complete" ]; then
    need_maven
    say "fetching the Kafka broker jars from Maven (once)"
    rm -rf "$KAFKA_LIBS"; mkdir -p "$KAFKA_LIBS"
    (cd "$ARGUS_ROOT" && MVN -f bin/kafka/pom.xml dependency:copy-dependencies -DoutputDirectory="$KAFKA_LIBS") \
      || die "could not fetch the Kafka jars (mvn -f bin/kafka/pom.xml dependency:copy-dependencies)"
    touch "$KAFKA_LIBS/.complete"
  fi
}
kafka_java() { java -Xmx512m -Xms256m -Dlog4j2.configurationFile="$ARGUS_ROOT/bin/kafka/log4j2.properties" -Dargus.kafka.log="$DIR/logs/kafka.log" -cp "$KAFKA_LIBS/*" "$@"; }

kafka_up() {
  local kdir="$DIR/kafka" pid="$DIR/kafka.pid"
  if alive "$pid"; then ok "Kafka already running (pid $(cat "$pid"), 127.0.0.1:$KAFKA_PORT)"; return; fi
  port_busy "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process; set ARGUS_KAFKA_PORT"
  port_busy "$CTRL_PORT" && die "port $CTRL_PORT is taken by another process; set ARGUS_KAFKA_CONTROLLER_PORT"
  port_busy "$SASL_PORT" && die "port $SASL_PORT is taken by another process; set ARGUS_KAFKA_SASL_PORT"
  kafka_libs
  mkdir -p "$kdir" "$DIR/logs"
  cat > "$DIR/kafka.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CTRL_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CTRL_PORT,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,SASL_PLAINTEXT://127.0.0.1:$SASL_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
# A SCRAM listener beside the plain one: clients that authenticate (--kafka-properties) are tested on it.
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
inter.broker.listener.name=PLAINTEXT
log.dirs=$kdir/data
num.partitions=4
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
message.max.bytes=10485760
log.retention.hours=168
PROPS
  if [ ! -f "$kdir/data/meta.properties" ]; then
    local id; id=$(kafka_java kafka.tools.StorageTool random-uuid)
    kafka_java kafka.tools.StorageTool format -t "$id" -c "$DIR/kafka.properties" \
      --add-scram "SCRAM-SHA-512=[name=argus,password=argus-scram]" >/dev/null \
      || die "formatting Kafka storage failed (see $DIR/logs/kafka.log)"
  fi
  say "starting Kafka (KRaft) on 127.0.0.1:$KAFKA_PORT"
  setsid nohup java -Xmx512m -Xms256m -Dlog4j2.configurationFile="$ARGUS_ROOT/bin/kafka/log4j2.properties" \
    -Dargus.kafka.log="$DIR/logs/kafka.log" -cp "$KAFKA_LIBS/*" kafka.Kafka "$DIR/kafka.properties" \
    > "$DIR/logs/kafka.out" 2>&1 < /dev/null &
  echo $! > "$pid"
  wait_port 127.0.0.1 "$KAFKA_PORT" 60 || { tail -20 "$DIR/logs/kafka.out" >&2; die "Kafka did not start (logs: $DIR/logs)"; }
  local t
  # Record timestamps are capture times: replayed footage can be older than any time-based retention,
  # which would delete it before the job reads it. Retain by size instead (2 GB per partition).
  # argus.control: model commands, one partition (their order is their meaning), every one kept (a job
  # without state replays them all).
  for t in "argus.frames:4" "argus.frames.dlq:1" "argus.events:4" "argus.control:1"; do
    kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --create --if-not-exists \
      --topic "${t%%:*}" --partitions "${t##*:}" --replication-factor 1 --config max.message.bytes=10485760 \
      --config retention.ms=-1 --config retention.bytes=2147483648 >/dev/null \
      || die "could not create topic ${t%%:*}"
  done
  ok "Kafka up (pid $(cat "$pid")); topics argus.frames, argus.frames.dlq, argus.events, argus.control"
}

# Makes TimescaleDB's libraries available to the server when a package is at hand; 0 when they are.
ensure_timescaledb() {
  local bin=$1 libdir; libdir=$("$bin/pg_config" --pkglibdir)
  [ -f "$libdir/timescaledb.so" ] && return 0
  local pkg; pkg=$(timescaledb_package)
  [ -n "$pkg" ] || return 1
  local SUDO=; is_root || SUDO=sudo
  if ! is_root && ! command -v sudo >/dev/null; then
    warn "TimescaleDB package $pkg found, but installing it needs root"; return 1
  fi
  local tmp; tmp=$(mktemp -d)
  say "installing TimescaleDB from $pkg"
  tar -xJf "$pkg" -C "$tmp" && $SUDO "$tmp"/*/install.sh "$bin/pg_config" >/dev/null \
    || { rm -rf "$tmp"; warn "installing TimescaleDB from $pkg failed"; return 1; }
  rm -rf "$tmp"
  [ -f "$libdir/timescaledb.so" ]
}

pg_up() {
  local data; data=$(pg_dir); local pid="$DIR/pg.pid" bin sock="$(dirname "$data")/sock"
  bin=$(pg_bin)
  if [ -f "$data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    ok "PostgreSQL already running (127.0.0.1:$PG_PORT)"; return
  fi
  port_busy "$PG_PORT" && die "port $PG_PORT is taken by another process; set ARGUS_PG_PORT"
  # The server writes its log beside its data: the postgres user may not reach this checkout.
  local log="$(dirname "$data")/postgres.log"
  mkdir -p "$data" "$sock" "$DIR/logs"
  if is_root; then chown postgres: "$data" "$sock" "$(dirname "$data")"; chmod 700 "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    say "initialising a PostgreSQL cluster in $data"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null || die "initdb failed"
    printf "%s\n" "argus-superuser" > "$DIR/pg-superuser.password"
  fi
  local opts="-c listen_addresses=127.0.0.1 -p $PG_PORT -k $sock -c fsync=on -c max_connections=100"
  local tsdb="" backend; backend=$(cat "$DIR/pg.backend" 2>/dev/null || echo "$BACKEND")
  if [ "$backend" != postgresql ] && ensure_timescaledb "$bin"; then
    opts="$opts -c shared_preload_libraries=timescaledb -c timescaledb.telemetry_level=off"; tsdb=1
  elif [ "$backend" = timescaledb ]; then
    die "TimescaleDB is required (--require-timescaledb) but is neither installed for $("$bin/pg_config" --version) nor available as a package (ARGUS_TIMESCALEDB_PACKAGE, ../shared/timescaledb)"
  fi
  echo "$backend" > "$DIR/pg.backend"
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg "$bin/pg_ctl" -D "$data" -l "$log" -o "$opts" -w -t 60 start >/dev/null \
    || { tail -20 "$log" >&2; die "PostgreSQL did not start (log: $log)"; }
  as_pg cat "$data/postmaster.pid" | head -n1 > "$pid"
  # Roles: the job writes as 'argus' (owner of the database, no superuser); analysts and Grafana read as 'argus_analyst'.
  as_pg "$bin/psql" -q -h "$sock" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL || die "creating the database and roles failed"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'argus') THEN CREATE ROLE argus LOGIN PASSWORD 'argus' CREATEDB; END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'argus_analyst') THEN CREATE ROLE argus_analyst LOGIN PASSWORD 'analyst'; END IF;
END \$\$;
ALTER ROLE postgres PASSWORD 'argus-superuser';
SELECT 'CREATE DATABASE argus OWNER argus' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'argus') \gexec
SQL
  if [ -n "$tsdb" ] && as_pg "$bin/psql" -q -h "$sock" -p "$PG_PORT" -U postgres -d argus -c "CREATE EXTENSION IF NOT EXISTS timescaledb" >/dev/null 2>&1; then
    echo timescaledb > "$DIR/pg.running-backend"
    ok "PostgreSQL up with TimescaleDB $(as_pg "$bin/psql" -tAq -h "$sock" -p "$PG_PORT" -U postgres -d argus -c "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")"
  else
    [ "$backend" = timescaledb ] && die "TimescaleDB is required (--require-timescaledb) but CREATE EXTENSION timescaledb failed (log: $log)"
    [ -n "$tsdb" ] && warn "TimescaleDB's library is installed but CREATE EXTENSION failed: plain PostgreSQL"
    echo postgresql > "$DIR/pg.running-backend"
    if [ "$backend" = postgresql ]; then ok "PostgreSQL up (plain, as asked: --plain)"
    else ok "PostgreSQL up (plain PostgreSQL: TimescaleDB is not installed and no package is at hand, so tables are not hypertables)"; fi
  fi
  echo "$data" > "$DIR/pg.datadir"
}

write_env() {
  mkdir -p "$DIR"
  (umask 077; echo argus > "$DIR/argus.password"; echo analyst > "$DIR/analyst.password")
  cat > "$ENV_FILE" <<ENV
ARGUS_STACK=$NAME
ARGUS_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT
ARGUS_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/argus
ARGUS_JDBC_USER=argus
ARGUS_JDBC_PASSWORD=argus
ARGUS_JDBC_PASSWORD_FILE=$DIR/argus.password
ARGUS_JDBC_ADMIN_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres
ARGUS_JDBC_ADMIN_USER=postgres
ARGUS_JDBC_ADMIN_PASSWORD=argus-superuser
ARGUS_ANALYST_USER=argus_analyst
ARGUS_ANALYST_PASSWORD=analyst
ARGUS_ANALYST_PASSWORD_FILE=$DIR/analyst.password
ARGUS_DB_BACKEND=$(cat "$DIR/pg.running-backend" 2>/dev/null || echo postgresql)
ARGUS_PG_PORT=$PG_PORT
ARGUS_KAFKA_PORT=$KAFKA_PORT
ARGUS_KAFKA_SASL_BOOTSTRAP=127.0.0.1:$SASL_PORT
ARGUS_KAFKA_SASL_PROPERTIES=$DIR/kafka-sasl.properties
ENV
  cat > "$DIR/kafka-sasl.properties" <<PROPS
# The local broker's SCRAM listener (user argus): --bootstrap-servers 127.0.0.1:$SASL_PORT --kafka-properties $DIR/kafka-sasl.properties
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="argus" password="argus-scram";
PROPS
}

kafka_down() {
  if alive "$DIR/kafka.pid"; then
    local p; p=$(cat "$DIR/kafka.pid"); say "stopping Kafka (pid $p)"; kill "$p" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$p" 2>/dev/null && { warn "Kafka did not stop in 30 s; killing it"; kill -9 "$p" 2>/dev/null || true; }
    rm -f "$DIR/kafka.pid"
    return 0
  fi
  rm -f "$DIR/kafka.pid"
  return 1
}

pg_down() {
  local stopped=1
  if [ -f "$DIR/pg.datadir" ]; then
    local data; data=$(cat "$DIR/pg.datadir")
    if [ -f "$data/postmaster.pid" ]; then
      say "stopping PostgreSQL ($data)"
      local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
      as_pg "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null || warn "pg_ctl stop failed"
      stopped=0
    fi
  fi
  rm -f "$DIR/pg.pid"
  return $stopped
}

# A review server started with the stack's data (./argus demo --keep-running) stops with it.
serve_down() {
  alive "$DIR/serve.pid" || { rm -f "$DIR/serve.pid"; return 1; }
  kill "$(cat "$DIR/serve.pid")" 2>/dev/null || true
  rm -f "$DIR/serve.pid"
  say "stopped the review server"
  return 0
}

stack_down() {
  local any=0
  serve_down && any=1
  kafka_down && any=1
  pg_down && any=1
  [ "$any" = 1 ] && ok "stack '$NAME' stopped" || ok "stack '$NAME' was not running"
}

stack_status() {
  echo "stack '$NAME' ($DIR)"
  if alive "$DIR/kafka.pid"; then echo "  Kafka       running  pid $(cat "$DIR/kafka.pid")  127.0.0.1:$KAFKA_PORT  log $DIR/logs/kafka.log"
  else echo "  Kafka       stopped"; fi
  local data; data=$(cat "$DIR/pg.datadir" 2>/dev/null || true)
  if [ -n "$data" ] && [ -f "$DIR/pg.pid" ] && kill -0 "$(cat "$DIR/pg.pid")" 2>/dev/null; then
    echo "  PostgreSQL  running  pid $(cat "$DIR/pg.pid")  127.0.0.1:$PG_PORT  data $data  log $(dirname "$data")/postgres.log"
    echo "  psql        psql postgresql://argus:argus@127.0.0.1:$PG_PORT/argus"
  else echo "  PostgreSQL  stopped"; fi
  if alive "$DIR/serve.pid"; then echo "  review      running  pid $(cat "$DIR/serve.pid")  $(cat "$DIR/serve.url" 2>/dev/null)"; fi
}

case "$CMD" in
  up)
    need_java
    if [ "$FRESH" = 1 ]; then stack_down >/dev/null; d=$(pg_dir); rm -rf "$DIR" "$(dirname "$d")"; fi
    mkdir -p "$DIR"
    rm -f "$DIR/pg.backend" # what this 'up' asks for, kept for pg-start
    pg_up; kafka_up; write_env
    ok "endpoints in $ENV_FILE" ;;
  down) stack_down ;;
  # For failure tests: stop or start one service of a running stack, keeping its data.
  kafka-stop) kafka_down || true ;;
  kafka-start) need_java; kafka_up ;;
  pg-stop) pg_down || true ;;
  pg-start) pg_up ;;
  status) stack_status ;;
  env) write_env; cat "$ENV_FILE" ;;
  -h|--help|help|"") usage ;;
  *) die "unknown stack command '$CMD' (up, down, status, env)";;
esac
