#!/usr/bin/env bash
# 1. The executable is wiring only: it may import ArgumentParser, Logging, Foundation,
# ServiceLifecycle (it assembles the daemon's service group), TicketdServices and TicketdCore
# (value types), never the store or the mail transport. SwiftPM's
# --explicit-target-dependency-import-check only sees undeclared targets, not transitive ones,
# and does not fail the build; this check does both for the CLI, and turns the flag's findings
# for every other target into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
allowed='^(ArgumentParser|Logging|Foundation|ServiceLifecycle|TicketdServices|TicketdCore)$'
status=0
while IFS=: read -r file _ module; do
    module=${module#import }
    if ! [[ $module =~ $allowed ]]; then
        echo "check-imports: $file imports $module; the CLI goes through TicketdServices" >&2
        status=1
    fi
done < <(grep -Hn '^import ' Sources/ticketd/*.swift)
# The store's public surface speaks ticketd's types only, so that a second backend (PostgreSQL)
# can stand behind the same API: no GRDB type in a public declaration.
if grep -nE '^\s*(public|open) .*\b(Database|DatabasePool|DatabaseQueue|DatabaseValue|Row|Statement|StatementArguments|FetchableRecord|PersistableRecord|TableRecord|DatabaseMigrator)\b' \
    Sources/TicketdStore/*.swift >&2; then
    echo "check-imports: a GRDB type in TicketdStore's public API (above)" >&2
    status=1
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
touch Package.swift  # the check runs while the build is planned
swift build --build-tests --explicit-target-dependency-import-check error >"$log" 2>&1 || { status=1; tail -60 "$log" >&2; }
if grep -q "imports another target" "$log"; then
    grep "imports another target" "$log" >&2
    status=1
fi
exit "$status"
