#!/usr/bin/env bash
# The whole test suite, on a fresh machine with a JDK 17: installs what the tests need beyond
# Maven Central (Debian's chromium, for the dashboard's headless-browser test; Debian's prometheus,
# for promtool and the chart's alert-rule tests), then runs every
# module's unit, Quarkus and command-mode tests (surefire, `test`) and the process-level and
# browser tests (`*IT`, failsafe, `verify`). Arguments go to Maven. The quick loop is ./mvnw test.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  if command -v apt-get >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "installing chromium (headless browser for the dashboard test)..."
    $SUDO apt-get install -y --no-install-recommends chromium >/dev/null || {
      $SUDO apt-get update >/dev/null && $SUDO apt-get install -y --no-install-recommends chromium >/dev/null; }
  else
    echo "error: the dashboard test needs Chromium; install it (package chromium) and run again" >&2
    exit 2
  fi
fi
# promtool (Debian's prometheus package) for the chart's alert-rule tests
if ! command -v promtool >/dev/null; then
  if command -v apt-get >/dev/null; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "installing prometheus (promtool, for the alert-rule tests)..."
    $SUDO apt-get install -y --no-install-recommends prometheus >/dev/null || {
      $SUDO apt-get update >/dev/null && $SUDO apt-get install -y --no-install-recommends prometheus >/dev/null; }
  else
    echo "error: the alert-rule tests need promtool; install it (package prometheus) and run again" >&2
    exit 2
  fi
fi
exec ./mvnw -B verify "$@"
