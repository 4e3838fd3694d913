# Shared helpers for ./argus and bin/*.sh. Sourced, never run.
# Everything here is about finding or installing what a command needs, and saying so.

ARGUS_ROOT=${ARGUS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
ARGUS_STATE=${ARGUS_STATE:-$ARGUS_ROOT/.argus}
ARGUS_ASSETS=${ARGUS_ASSETS:-$ARGUS_ROOT/assets}
ARGUS_CACHE=${ARGUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/argus}
export ARGUS_ROOT ARGUS_STATE ARGUS_ASSETS ARGUS_CACHE

if [ -t 1 ]; then _b=$'\e[1m'; _r=$'\e[31m'; _y=$'\e[33m'; _g=$'\e[32m'; _n=$'\e[0m'; else _b= _r= _y= _g= _n=; fi
say()  { printf '%s==>%s %s\n' "$_b" "$_n" "$*"; }
ok()   { printf '%s ok%s %s\n' "$_g" "$_n" "$*"; }
warn() { printf '%swarning:%s %s\n' "$_y" "$_n" "$*" >&2; }
die()  { printf '%serror:%s %s\n' "$_r" "$_n" "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# apt_install PKG...: installs Debian packages, or explains how when we may not.
apt_install() {
  if ! is_root && ! command -v sudo >/dev/null; then
    die "missing Debian packages: $*. Install them with: sudo apt-get install -y $*"
  fi
  local SUDO=; is_root || SUDO=sudo
  say "installing Debian packages: $*"
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -print -quit 2>/dev/null)" ]; then
    $SUDO apt-get update -qq || die "apt-get update failed"
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o Dpkg::Options::=--force-confold "$@" >/dev/null \
    || { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o Dpkg::Options::=--force-confold "$@" >/dev/null; } \
    || die "could not install $* with apt-get"
}

need_java() {
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  local v; v=$(java -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/{print $2}')
  [ "${v%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is needed (found ${v:-none}); set JAVA_HOME or install openjdk-17-jdk-headless"
}
# The RTSP test server (GStreamer's rtsp-server driven from Debian's Python): the ingest tests run real cameras against it.
need_rtsp_test_server() {
  /usr/bin/python3 - <<'PY' 2>/dev/null && return 0
import gi
gi.require_version('GstRtspServer', '1.0')
from gi.repository import Gst, GstRtspServer
Gst.init(None)
assert Gst.ElementFactory.find('rtpjpegpay') and Gst.ElementFactory.find('multifilesrc')
PY
  apt_install python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
}

# The review page's browser test: Debian's Chromium and its WebDriver.
need_chromium() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && return 0
  apt_install chromium chromium-driver
}

need_maven() {
  command -v mvn >/dev/null || apt_install maven
}

# A stable number per checkout, so two checkouts on one machine get different default ports.
checkout_slot() { printf '%s' "$ARGUS_ROOT" | cksum | awk '{print $1 % 300}'; }

# Quiet Maven; strips the stray colour resets some Maven installs print even in batch mode.
MVN() { mvn -B -q -Dstyle.color=never "$@" > >(sed -u 's/\x1b\[0m//g') 2> >(sed -u 's/\x1b\[0m//g' >&2); }

# Build the project once per change of its sources (tests skipped); prints nothing when up to date.
build_project() {
  need_java; need_maven
  local stamp="$ARGUS_STATE/build.stamp"
  mkdir -p "$ARGUS_STATE"
  if [ -f "$stamp" ] && [ -f "$ARGUS_STATE/jobs.classpath" ] && [ -f "$ARGUS_STATE/ingest.classpath" ] && [ -f "$ARGUS_STATE/report.classpath" ] && [ -f "$ARGUS_STATE/notify.classpath" ] && [ -f "$ARGUS_STATE/serve.classpath" ]; then
    local newest; newest=$(find "$ARGUS_ROOT/pom.xml" "$ARGUS_ROOT"/{cli,core,udf,jobs,ingest,tests,metrics,report,notify,serve,bench}/pom.xml "$ARGUS_ROOT"/{cli,core,udf,jobs,ingest,metrics,report,notify,serve,bench}/src/main "$ARGUS_ROOT/sql" -newer "$stamp" -type f -print -quit 2>/dev/null || true)
    [ -z "$newest" ] && return 0
  fi
  say "building Argus (mvn install, tests skipped; first build downloads dependencies)"
  (cd "$ARGUS_ROOT" && MVN install -DskipTests) || die "the build failed; run 'mvn install -DskipTests' to see why"
  (cd "$ARGUS_ROOT" && MVN -pl jobs dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$ARGUS_STATE/jobs.classpath") \
    || die "could not resolve the job's class path"
  (cd "$ARGUS_ROOT" && MVN -pl ingest dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$ARGUS_STATE/ingest.classpath") \
    || die "could not resolve the ingest class path"
  (cd "$ARGUS_ROOT" && MVN -pl report dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$ARGUS_STATE/report.classpath") \
    || die "could not resolve the report class path"
  (cd "$ARGUS_ROOT" && MVN -pl notify dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$ARGUS_STATE/notify.classpath") \
    || die "could not resolve the notifier's class path"
  (cd "$ARGUS_ROOT" && MVN -pl serve dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$ARGUS_STATE/serve.classpath") \
    || die "could not resolve the review server's class path"
  rm -f "$ARGUS_STATE/bench.classpath"
  touch "$stamp"
}

# Run a main class of the jobs module (which also sees ingest) with Flink's Java 17 openings.
run_java() {
  # This checkout's classes first: the resolved class paths may name Argus jars from ~/.m2 that another
  # checkout installed.
  local cp="$ARGUS_ROOT/jobs/target/classes:$ARGUS_ROOT/udf/target/classes:$ARGUS_ROOT/core/target/classes:$ARGUS_ROOT/cli/target/classes:$ARGUS_ROOT/ingest/target/classes:${ARGUS_EXTRA_CP:+$ARGUS_EXTRA_CP:}$(cat "$ARGUS_STATE/jobs.classpath"):$(cat "$ARGUS_STATE/ingest.classpath")"
  java ${ARGUS_JAVA_OPTS:--Xmx3g} "@$ARGUS_ROOT/flink-conf/java17-opens.args" \
    -Dlog4j.configurationFile="$ARGUS_ROOT/flink-conf/log4j-cli.properties" \
    -Dargus.assets="$ARGUS_ASSETS" -cp "$cp" "$@"
}

# The TimescaleDB package for PostgreSQL 15 this checkout may use: ARGUS_TIMESCALEDB_PACKAGE, or the
# shared one beside the checkout (../shared/timescaledb); empty when there is none.
timescaledb_package() {
  if [ -n "${ARGUS_TIMESCALEDB_PACKAGE:-}" ]; then
    [ -f "$ARGUS_TIMESCALEDB_PACKAGE" ] || die "ARGUS_TIMESCALEDB_PACKAGE=$ARGUS_TIMESCALEDB_PACKAGE: no such file"
    echo "$ARGUS_TIMESCALEDB_PACKAGE"; return
  fi
  ls "$ARGUS_ROOT"/../shared/timescaledb/timescaledb-*-pg15-amd64.tar.xz 2>/dev/null | sort -V | tail -n1 || true
}
