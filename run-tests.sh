#!/usr/bin/env bash
# The whole test suite, on a fresh machine with a JDK 17: installs what the tests need beyond
# Maven Central (Debian's chromium, for the dashboard's headless-browser test; Debian's prometheus,
# for promtool and the chart's alert-rule tests), then runs every
# module's unit, Quarkus and command-mode tests (surefire, `test`) and the process-level and
# browser tests (`*IT`, failsafe, `verify`). Arguments go to Maven. The quick loop is ./mvnw test.
set -euo pipefail
cd "$(dirname "$0")"
# require COMMAND PACKAGE WHY: installs Debian's PACKAGE when COMMAND is missing.
require() {
  local command="$1" package="$2" why="$3"
  command -v "$command" >/dev/null && return 0
  if ! command -v apt-get >/dev/null; then
    echo "error: $why needs $command; install it (package $package) and run again" >&2
    exit 2
  fi
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing $package ($why)..."
  $sudo apt-get install -y --no-install-recommends "$package" >/dev/null || {
    $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "$package" >/dev/null; }
}
# chromium or chromium-browser, whichever the machine has
command -v chromium-browser >/dev/null || require chromium chromium "the dashboard's headless-browser test"
require promtool prometheus "the chart's alert-rule tests"
exec ./mvnw -B verify "$@"
