#!/usr/bin/env bash
# Our ALS next to Spark MLlib ALS (implicitPrefs, local[N]) on Gowalla: same rank, iterations,
# λ (scaled by row count, Spark's convention), α and seed; both scored by our evaluator.
# Arguments: key=value overrides (rank, iterations, regularization, alpha, cores, seed, report).
# Builds the spark-bench module (Maven profile spark-bench) on first use; writes
# bench/results/spark-comparison.json.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install -pl recsys-bench -am
./mvnw -B -q -P spark-bench -DskipTests package -pl spark-bench
./mvnw -B -q -P spark-bench -pl spark-bench dependency:build-classpath -Dmdep.outputFile=target/run.classpath
CP="spark-bench/target/classes:$(cat spark-bench/target/run.classpath)"
exec java -Xmx8g --add-modules jdk.incubator.vector \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false \
  -cp "$CP" io.recsys.sparkbench.SparkAlsComparison "$@"
