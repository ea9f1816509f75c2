#!/usr/bin/env bash
# Gowalla (NGCF/LightGCN split) quality and speed: popularity, ALS and BPR, full ranking,
# Recall@20 / NDCG@20 next to the published table. Arguments: key=value overrides, e.g.
#   bench/gowalla.sh als.factors=128 als.alpha=20 models=pop,als
# Writes bench/results/gowalla.json (or report=FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -DskipTests install -pl recsys-bench -am
exec java --add-modules jdk.incubator.vector -Xmx6g -cp recsys-bench/target/classes:recsys-math/target/classes \
  io.recsys.bench.gowalla.GowallaBenchmark "$@"
