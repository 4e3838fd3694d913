#!/usr/bin/env bash
# ./argus cluster up|down|status and ./argus submit: a standalone Flink cluster from Maven Central jars
# (a JobManager and TaskManagers as separate JVMs, no distribution tarball, no Docker), configured by
# flink-conf/config.yaml with local addresses, ports and directories.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

LIBS="$ARGUS_STATE/lib/flink"
DIR="$ARGUS_STATE/cluster"
BASE=$((20000 + $(checkout_slot) * 40 + 35))
REST_PORT=${ARGUS_FLINK_REST_PORT:-$BASE}
RPC_PORT=$((REST_PORT + 1))
TMS=${ARGUS_TASKMANAGERS:-2}

usage() {
  cat <<USAGE
usage: ./argus cluster up|down|status [--taskmanagers N]
       ./argus cluster stop JOB_ID [--savepoint | --drain] | cancel JOB_ID
       ./argus submit [--from-savepoint PATH [--allow-non-restored-state]] [job options]

  up       start a JobManager (REST on 127.0.0.1:$REST_PORT) and N TaskManagers (default 2), each its own
           JVM, with flink-conf/config.yaml; checkpoints and savepoints under $DIR.
           With the cluster already up, starts the TaskManagers that are not running (e.g. after a crash)
  down     stop exactly what 'up' started
  status   what runs, the web UI address, the running jobs
  stop     stop a job; with --savepoint, take a savepoint first and print its path (for upgrades:
           rebuild, then ./argus submit --from-savepoint PATH); --drain also ends event time first, which
           closes every open episode and window (for retiring a job, or finishing a bounded run resumed
           from a savepoint, which Kafka's bounded source does not end by itself: FLINK-31006)
  cancel   cancel a job without a savepoint (its last retained checkpoint stays under $DIR/checkpoints)
  submit   upload the shaded job jar (jobs/target) and run it with the given job options
           (./argus run --help lists them); --from-savepoint resumes from a savepoint or retained checkpoint
USAGE
}

flink_libs() {
  # Flink's jars plus deploy/cluster-lib (the one list of what Argus adds to lib/, versions from the root
  # pom); fetched again when any of those poms changes (the marker holds their checksum).
  local sum; sum=$(cat "$ARGUS_ROOT/bin/flink/pom.xml" "$ARGUS_ROOT/deploy/cluster-lib/pom.xml" "$ARGUS_ROOT/pom.xml" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$LIBS/.complete" 2>/dev/null)" != "$sum" ]; then
    need_maven; say "fetching the Flink runtime jars from Maven (once)"
    rm -rf "$LIBS"; mkdir -p "$LIBS"
    # The list and its parent must be in the local repository for bin/flink/pom.xml to depend on them.
    (cd "$ARGUS_ROOT" && MVN -N install && MVN -f deploy/cluster-lib/pom.xml install) || die "could not install deploy/cluster-lib"
    (cd "$ARGUS_ROOT" && MVN -f bin/flink/pom.xml dependency:copy-dependencies -DexcludeTypes=pom -DoutputDirectory="$LIBS") \
      || die "could not fetch the Flink jars"
    echo "$sum" > "$LIBS/.complete"
  fi
}

conf_dir() { # config.yaml plus this cluster's ports and directories
  mkdir -p "$DIR/conf" "$DIR/logs" "$DIR/checkpoints" "$DIR/savepoints" "$DIR/tmp"
  local overrides
  overrides=$(cat <<CONF
# --- set by ./argus cluster up (local cluster)
rest.port: $REST_PORT
# Jar uploads and cancels for ./argus submit and ./argus cluster stop|cancel: REST listens on 127.0.0.1 only.
web.submit.enable: true
web.cancel.enable: true
jobmanager.rpc.port: $RPC_PORT
taskmanager.rpc.port: $((RPC_PORT + 1))-$((RPC_PORT + 4))
metrics.reporter.prom.port: $((RPC_PORT + 5))-$((RPC_PORT + 8))
# Flink's own Prometheus reporter listens on every interface; this one on 127.0.0.1 (module metrics/).
metrics.reporter.prom.factory.class: io.argus.metrics.BoundPrometheusReporterFactory
metrics.reporter.prom.host: 127.0.0.1
execution.checkpointing.dir: file://$DIR/checkpoints
execution.checkpointing.savepoint-dir: file://$DIR/savepoints
io.tmp.dirs: $DIR/tmp
taskmanager.memory.process.size: 1600m
jobmanager.memory.process.size: 800m
# Every JVM is on this machine: notice a lost TaskManager in seconds, not the default 50 s.
heartbeat.timeout: 15000
heartbeat.interval: 3000
CONF
)
  # YAML refuses a key twice: drop the base file's lines for the keys set here, then add these.
  local keys; keys=$(echo "$overrides" | sed -n 's/^\([a-z][^:]*\):.*/\1/p' | tr '\n' '|')
  awk -v keys="|$keys" -F: '/^[a-z]/ { if (index(keys, "|" $1 "|")) next } { print }' "$ARGUS_ROOT/flink-conf/config.yaml" > "$DIR/conf/config.yaml"
  echo "$overrides" >> "$DIR/conf/config.yaml"
  cp "$ARGUS_ROOT/flink-conf/log4j-cli.properties" "$DIR/conf/log4j.properties"
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
rest() { curl -fsS "http://127.0.0.1:$REST_PORT$1"; }

up() {
  need_java; command -v curl >/dev/null || apt_install curl
  if alive "$DIR/jobmanager.pid"; then
    local i started=0
    for i in $(seq 1 "$TMS"); do alive "$DIR/taskmanager-$i.pid" || { start_taskmanager "$i"; started=1; }; done
    [ "$started" = 1 ] && wait_for_taskmanagers
    ok "cluster already running (http://127.0.0.1:$REST_PORT)"; return
  fi
  flink_libs; conf_dir
  local mjar; mjar=$(ls "$ARGUS_ROOT"/metrics/target/argus-metrics-*.jar 2>/dev/null | head -n1)
  [ -n "$mjar" ] || die "no metrics reporter jar: run ./argus build"
  cp "$mjar" "$LIBS/argus-metrics.jar"
  local opens; opens=$(tr '\n' ' ' < "$ARGUS_ROOT/flink-conf/java17-opens.args")
  say "starting the JobManager (REST http://127.0.0.1:$REST_PORT)"
  setsid nohup java -Xmx600m $opens -Dlog4j.configurationFile="$DIR/conf/log4j.properties" -cp "$LIBS/*" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$DIR/conf" \
    > "$DIR/logs/jobmanager.out" 2>&1 < /dev/null &
  echo $! > "$DIR/jobmanager.pid"
  for _ in $(seq 1 120); do rest /overview >/dev/null 2>&1 && break; sleep 0.5; done
  rest /overview >/dev/null 2>&1 || { tail -20 "$DIR/logs/jobmanager.out" >&2; die "the JobManager did not answer (logs: $DIR/logs)"; }
  local i
  for i in $(seq 1 "$TMS"); do start_taskmanager "$i"; done
  wait_for_taskmanagers
  ok "cluster up: $TMS TaskManagers, web UI http://127.0.0.1:$REST_PORT"
}

# TaskManager i, its own JVM; its resource id (taskmanager-i) is what the REST API shows for it.
start_taskmanager() {
  local i=$1 opens params jvm dyn
  opens=$(tr '\n' ' ' < "$ARGUS_ROOT/flink-conf/java17-opens.args")
  # TaskManagers need their memory spelled out; Flink's own scripts compute it the same way.
  params=$(java -cp "$LIBS/*" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS --configDir "$DIR/conf" 2>/dev/null \
    | grep BASH_JAVA_UTILS_EXEC_RESULT | sed 's/BASH_JAVA_UTILS_EXEC_RESULT://')
  jvm=$(echo "$params" | sed -n 1p); dyn=$(echo "$params" | sed -n 2p)
  [ -n "$jvm" ] || die "could not compute TaskManager memory from $DIR/conf/config.yaml"
  say "starting TaskManager $i"
  # shellcheck disable=SC2086
  setsid nohup java $jvm $opens -Dlog4j.configurationFile="$DIR/conf/log4j.properties" -cp "$LIBS/*" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$DIR/conf" $dyn -D taskmanager.resource-id=taskmanager-$i \
    >> "$DIR/logs/taskmanager-$i.out" 2>&1 < /dev/null &
  echo $! > "$DIR/taskmanager-$i.pid"
}

# Until every TaskManager whose process runs has registered with the JobManager.
wait_for_taskmanagers() {
  local want=0 i
  for i in $(seq 1 "$TMS"); do alive "$DIR/taskmanager-$i.pid" && want=$((want + 1)); done
  cluster_java wait-taskmanagers --count "$want" || warn "see the TaskManagers' logs: $DIR/logs"
}

# The REST calls (ClusterMain): JSON built and read in Java, not here.
cluster_java() {
  build_project
  run_java io.argus.job.ClusterMain --rest "http://127.0.0.1:$REST_PORT" "$@"
}

down() {
  local f any=0
  for f in "$DIR"/taskmanager-*.pid "$DIR/jobmanager.pid"; do
    [ -f "$f" ] || continue
    if alive "$f"; then kill "$(cat "$f")" 2>/dev/null || true; any=1; fi
    for _ in $(seq 1 75); do alive "$f" || break; sleep 0.2; done
    alive "$f" && kill -9 "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  [ "$any" = 1 ] && ok "cluster stopped" || ok "cluster was not running"
}

status() {
  if alive "$DIR/jobmanager.pid"; then
    echo "cluster: JobManager pid $(cat "$DIR/jobmanager.pid"), web UI http://127.0.0.1:$REST_PORT"
    cluster_java jobs
  else echo "cluster: stopped"; fi
}

submit() {
  alive "$DIR/jobmanager.pid" || die "no local cluster: run ./argus cluster up"
  local jar; jar=$(ls "$ARGUS_ROOT"/jobs/target/argus-jobs-*-job.jar 2>/dev/null | head -n1)
  [ -n "$jar" ] || die "no job jar: run ./argus build"
  local own=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --from-savepoint) own+=(--from-savepoint "${2:?--from-savepoint needs a path}"); shift 2;;
      --allow-non-restored-state) own+=(--allow-non-restored-state); shift;;
      *) break;;
    esac
  done
  cluster_java submit --jar "$jar" "${own[@]}" -- "$@"
}

# Stops a job, with --savepoint after writing one (printed as "savepoint: PATH").
stop_job() {
  local job=${1:-}
  [[ "$job" =~ ^[0-9a-f]{32}$ ]] || die "stop: give the job id (32 hex digits; ./argus cluster status lists them)"
  shift
  local a
  for a in "$@"; do case "$a" in --savepoint|--drain) ;; *) die "unknown option '$a' for stop (--savepoint, --drain)";; esac; done
  alive "$DIR/jobmanager.pid" || die "no local cluster: run ./argus cluster up"
  cluster_java stop --job "$job" "$@"
}

CMD=${1:-}; shift || true
case "$CMD" in
  up) while [ $# -gt 0 ]; do case "$1" in --taskmanagers) TMS=${2:?}; shift 2;; *) die "unknown option '$1'";; esac; done; up;;
  down) down;;
  status) status;;
  submit) submit "$@";;
  stop) stop_job "$@";;
  cancel) stop_job "${1:-}";;  # stop without a savepoint is a cancel
  -h|--help|help|"") usage;;
  *) die "unknown cluster command '$CMD' (up, down, status, stop, cancel)";;
esac
