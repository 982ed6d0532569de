#!/usr/bin/env bash
# Installs the Debian packages ticketd builds, tests and demos with, if any are missing.
# Needs root (or sudo) once; a no-op when everything is there.
set -euo pipefail

packages=(
    pkg-config
    libcurl4-openssl-dev   # IMAP and SMTP through libcurl
    libsqlite3-dev         # the store (GRDB links the system SQLite, which has FTS5)
    libssl-dev             # SHA-256 for content-addressed attachments
    dovecot-imapd          # the real IMAP server the tests and the demo start on 127.0.0.1
    python3-aiosmtpd       # the real SMTP server the tests and the demo start on 127.0.0.1
    systemd                # systemd-analyze, to verify the unit file
    libpython3.11-testsuite  # CPython's email test corpus: real-world mail none of us wrote
    openssl                # the CLI that makes the TLS tests' throwaway CA and server certificate
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "installing: ${missing[*]}" >&2
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the system Dovecot on install; the tests run their own, so stop it where possible.
"${as_root[@]}" service dovecot stop >/dev/null 2>&1 || true
