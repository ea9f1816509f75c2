#!/usr/bin/env bash
# Serving under load (wrk on loopback): a real serving replica with an ALS model trained on the
# Gowalla split (41 K items x 64 factors), personal top-20 for random known users; paced at the
# target rate (default 500 requests/s), then at saturation. Needs wrk (installed from Debian if
# missing). Arguments: key=value overrides (rate, connections, duration, k, factors, report).
# Writes bench/results/serving.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y --no-install-recommends wrk
fi
./mvnw -B -q -DskipTests install -pl serving-service -am  # also compiles the benchmark (test sources)
# The test classpath: embedded PostgreSQL for the benchmark's own registry, outside Quarkus.
./mvnw -B -q -pl serving-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="serving-service/target/test-classes:serving-service/target/classes:$(cat serving-service/target/bench.classpath)"
exec java --add-modules jdk.incubator.vector -Xmx3g -cp "$CP" io.recsys.serving.bench.ServingBenchmark "$@"
