#!/usr/bin/env bash
# Runs every check: lint, then all tests (unit tests, and mail-flow tests against real Dovecot
# and SMTP servers that the tests start on 127.0.0.1 and stop again).
# TICKETD_FULL_TESTS=1 runs the long variants (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift format lint --strict --recursive Sources Tests Package.swift
swift build --build-tests
swift test --skip-build
