#!/usr/bin/env bash
# Runs `zikos analyze` in one JVM: through $ZIKOS_CMD when set (e.g. the packaged launcher), otherwise straight from
# the build (zikos-samples/target/classes + its dependency classpath). The modules it needs are rebuilt with Maven
# (offline) first unless ZIKOS_SKIP_BUILD=1 and a build exists.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -n "${ZIKOS_CMD:-}" ]]; then
  exec $ZIKOS_CMD analyze "$@"
fi
CP_FILE="$ROOT/zikos-samples/target/analyze.classpath"
if [[ "${ZIKOS_SKIP_BUILD:-0}" != 1 || ! -f "$CP_FILE" || ! -d "$ROOT/zikos-samples/target/classes" ]]; then
  (cd "$ROOT" && mvn -B -q -o install -pl zikos-api,zikos-core,zikos-dsp -Dmaven.test.skip=true >&2 \
     && mvn -B -q -o compile -pl zikos-samples >&2 \
     && mvn -B -q -o dependency:build-classpath -pl zikos-samples -Dmdep.outputFile="$CP_FILE" >&2)
fi
exec java ${ZIKOS_JAVA_OPTS:-} -cp "$ROOT/zikos-samples/target/classes:$(cat "$CP_FILE")" \
  io.zikos.samples.cli.AnalyzeCommand "$@"
