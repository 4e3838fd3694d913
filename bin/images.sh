#!/usr/bin/env bash
# ./argus images [--gpu]: the build contexts of Argus's container images, under deploy/target/images/
# (one folder per image: its Dockerfile from deploy/images/ and what it copies). No Docker needed to
# make them; build them where Docker runs: docker build -t argus-flink deploy/target/images/argus-flink
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/lib.sh"

gpu=0; build=1
for a in "$@"; do
  case "$a" in
    -h|--help) sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
      echo "  --gpu       also argus-flink-gpu (fetches onnxruntime_gpu and the CUDA-13 natives, about 1 GB)"
      echo "  --no-build  take the modules as they are built (the test suite, inside its own build)"; exit 0;;
    --gpu) gpu=1;;
    --no-build) build=0;;
    *) die "unknown flag $a (./argus images --help)";;
  esac
done

OUT="$ARGUS_ROOT/deploy/target/images"
[ "$build" = 1 ] && build_project
need_maven
(cd "$ARGUS_ROOT" && MVN -q -f deploy/cluster-lib/pom.xml package) || die "could not assemble deploy/cluster-lib"
rm -rf "$OUT"; mkdir -p "$OUT"

flink_context() { # name -> a Flink image context: the one lib/ list, the job jar, the configuration
  local ctx="$OUT/$1"
  mkdir -p "$ctx/lib" "$ctx/usrlib"
  cp "$ARGUS_ROOT/deploy/images/$1/Dockerfile" "$ctx/"
  cp "$ARGUS_ROOT"/deploy/cluster-lib/target/lib/*.jar "$ctx/lib/"
  cp "$(ls "$ARGUS_ROOT"/jobs/target/argus-jobs-*-job.jar | head -n1)" "$ctx/usrlib/argus-job.jar"
  cp "$ARGUS_ROOT/flink-conf/config.yaml" "$ctx/config.yaml"
}

app_context() { # module -> an application image context: the module jar and its runtime dependencies (target/lib, made by its build)
  local ctx="$OUT/argus-$1"
  mkdir -p "$ctx/lib"
  cp "$ARGUS_ROOT/deploy/images/argus-$1/Dockerfile" "$ctx/"
  [ -d "$ARGUS_ROOT/$1/target/lib" ] || die "no $1/target/lib: run ./argus build"
  cp "$ARGUS_ROOT/$1"/target/lib/*.jar "$ctx/lib/"
  cp "$(ls "$ARGUS_ROOT/$1"/target/argus-"$1"-*.jar | grep -v -- '-tests.jar' | head -n1)" "$ctx/lib/"
}

flink_context argus-flink
app_context ingest
app_context serve
if [ "$gpu" = 1 ]; then
  flink_context argus-flink-gpu
  (cd "$ARGUS_ROOT" && MVN -q -f deploy/cluster-lib/pom.xml -Pgpu-natives package -DnativesDir="$OUT/argus-flink-gpu/onnxruntime") \
    || die "could not fetch the CUDA-13 natives of ONNX Runtime"
fi
for d in "$OUT"/*/; do ok "$(basename "$d"): $(find "$d" -type f | wc -l) files, $(du -sh "$d" | cut -f1) in $d"; done
