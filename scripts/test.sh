#!/usr/bin/env bash
# Runs every check: lint, then all tests (unit tests, and mail-flow tests against real Dovecot
# and SMTP servers that the tests start on 127.0.0.1 and stop again).
# TICKETD_FULL_TESTS=1 runs the long variants (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift format lint --strict --recursive Sources Tests Package.swift
scripts/check-imports.sh  # also builds everything, tests included
# libFuzzer over the code that reads mail, a short budget per target (see scripts/fuzz.sh).
scripts/fuzz.sh "${TICKETD_FUZZ_SECONDS:-40}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build 2>&1 | tee "$log" || status=$?
# One plain closing line for any reader: Swift Testing's summary, restated.
summary=$(grep -E '^. Test run with [0-9]+ tests?' "$log" | tail -1 || true)
total=$(sed -E 's/.*Test run with ([0-9]+) tests?.*/\1/' <<<"$summary")
failed=$(grep -E '^. Test .* failed after' "$log" | grep -vc 'Test run with' || true)
if [ -n "$total" ]; then
    echo "tests: $((total - failed)) passed, $failed failed"
fi
exit "$status"
