#!/usr/bin/env bash
# Encoding throughput of the embeddings stage's model (all-MiniLM-L6-v2, DJL + ONNX Runtime) on
# MovieLens 100K's titles, per batch size. Arguments: key=value overrides (batches, threads,
# items, report). Writes bench/results/embeddings.json.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install -pl embedding-service -am  # also compiles the benchmark (test sources)
./mvnw -B -q -pl embedding-service dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
CP="embedding-service/target/test-classes:embedding-service/target/classes:$(cat embedding-service/target/bench.classpath)"
exec java -cp "$CP" io.recsys.embedding.bench.EmbeddingBenchmark "$@"
