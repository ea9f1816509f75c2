#!/usr/bin/env bash
# Renders the Helm chart into the kustomize base (k8s/base/recsys-pipeline.yaml) with real Helm.
set -euo pipefail
cd "$(dirname "$0")"
../mvnw -B -q test-compile
../mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/render.classpath
exec java -cp "target/test-classes:$(cat target/render.classpath)" io.recsys.deploy.chart.KustomizeBase
