#!/usr/bin/env bash
# Data-refresh benchmark: full refresh of N generated interactions (default 1,000,000), then an
# incremental update of a B-row batch (default 100). Heap capped at 1.5 GB: the run fails if the
# refresh needs more. Writes bench/results/data-refresh.json.
#   bench/data-refresh.sh [N] [B]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install -pl data-service -am
./mvnw -B -q -pl data-service test-compile
# The harness lives in the test sources (no benchmark code in the service); the test classpath
# brings the stage's code plus SmallRye Config's mapping generator, outside Quarkus.
./mvnw -B -q -pl data-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="data-service/target/test-classes:data-service/target/classes:$(cat data-service/target/bench.classpath)"
exec java -Xmx1536m -cp "$CP" io.recsys.data.bench.RefreshBenchmark "${1:-1000000}" "${2:-100}" bench/results/data-refresh.json
