#!/usr/bin/env bash
# Builds the services and runs the whole pipeline on generated demo data.
# Needs only a JDK 17+: Maven comes through ./mvnw, PostgreSQL is embedded unless
# QUARKUS_DATASOURCE_JDBC_URL is set. Arguments go to the local runner (--home, --interactions, --quiet).
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -DskipTests package
exec java -jar pipeline-local/target/pipeline-local.jar "$@"
