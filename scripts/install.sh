#!/usr/bin/env bash
# Installs ticketd as a hardened systemd service: release build, binary, templates, unit,
# sysusers and tmpfiles snippets, and an example config (never overwriting an existing one).
#   scripts/install.sh [PREFIX]          PREFIX defaults to /usr/local
#   DESTDIR=/tmp/stage scripts/install.sh   stage the files only (packaging, tests)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-/usr/local}
dest=${DESTDIR:-}

[ -n "$dest" ] || scripts/install-deps.sh
swift build -c release --product ticketd
bin=$(swift build -c release --show-bin-path)

install -D -m 0755 "$bin/ticketd" "$dest$prefix/bin/ticketd"
install -d -m 0755 "$dest$prefix/share/ticketd/templates"
install -m 0644 templates/*.mustache "$dest$prefix/share/ticketd/templates/"
install -D -m 0644 README.md "$dest$prefix/share/doc/ticketd/README.md"
sed "s|/usr/local|$prefix|g" systemd/ticketd.service | install -D -m 0644 /dev/stdin "$dest/etc/systemd/system/ticketd.service"
install -D -m 0644 systemd/ticketd.sysusers "$dest/usr/lib/sysusers.d/ticketd.conf"
install -D -m 0644 systemd/ticketd.tmpfiles "$dest/usr/lib/tmpfiles.d/ticketd.conf"

install -d -m 0750 "$dest/etc/ticketd"
if [ ! -e "$dest/etc/ticketd/ticketd.yaml" ]; then
    sed "s|@PREFIX@|$prefix|g" systemd/ticketd.example.yaml | install -m 0640 /dev/stdin "$dest/etc/ticketd/ticketd.yaml"
fi
for secret in imap smtp; do
    # systemd hands these to the service as credentials; only root reads the files.
    [ -e "$dest/etc/ticketd/$secret.secret" ] || install -m 0600 /dev/null "$dest/etc/ticketd/$secret.secret"
done

if [ -z "$dest" ] && [ -d /run/systemd/system ]; then
    systemd-sysusers /usr/lib/sysusers.d/ticketd.conf
    systemd-tmpfiles --create /usr/lib/tmpfiles.d/ticketd.conf
    chgrp ticketd /etc/ticketd /etc/ticketd/ticketd.yaml
    systemctl daemon-reload
    echo "installed. Next: edit /etc/ticketd/ticketd.yaml and the two .secret files, then"
    echo "  ticketd config check --config /etc/ticketd/ticketd.yaml && systemctl enable --now ticketd"
else
    echo "staged under ${dest:-/} (no systemd running here: users, directories and daemon-reload skipped)"
fi
