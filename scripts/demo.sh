#!/usr/bin/env bash
# The whole loop on one machine: installs what is missing, builds, starts a throwaway Dovecot and
# SMTP server on 127.0.0.1 with a demo mailbox, runs ticketd on the embedded SQLite store, and
# shows the tickets and the mail it sent. Everything lives under one temp dir, removed at the end
# (set KEEP=1 to keep it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scripts/install-deps.sh
swift build
bin=$(swift build --show-bin-path)

work=$(mktemp -d /tmp/ticketd-demo-XXXXXX)
chmod 755 "$work"
state="$work/sandbox.env"
cleanup() {
    "$bin/ticketd-sandbox" stop "$state" >/dev/null 2>&1 || true
    [ "${KEEP:-0}" = 1 ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
"$bin/ticketd-sandbox" start "$state" >/dev/null
# shellcheck disable=SC1090
. "$state"

printf '%s' "$IMAP_PASSWORD" >"$work/imap.secret"
chmod 600 "$work/imap.secret"
cat >"$work/ticketd.yaml" <<YAML
database: $work/data/ticketd.sqlite
support_address: "Help Desk <support@example.org>"
aliases: [payroll-help@example.org]
subject_tag: "Help Desk"
categories: [Break/Fix, Optimization, Maintenance, Operational Request]
mailbox:
  url: $IMAP_URL
  username: $IMAP_USER
  password_file: $work/imap.secret
smtp:
  url: $SMTP_URL
  envelope_from: bounces@example.org
templates: $root/templates
analysts:
  - { name: carol, email: carol@example.org, tier: 1, on_duty: true }
groups:
  it-managers: [director@example.org]
rules:
  - name: payroll
    when: { to: "payroll-help@example.org" }
    set: { category: Break/Fix, priority: high }
YAML
export TICKETD_CONFIG="$work/ticketd.yaml"
ticketd() { "$bin/ticketd" "$@"; }

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "config check"
ticketd config check

say "5 mails arrive in the support mailbox (one is an out-of-office, one is broken)"
"$bin/ticketd-sandbox" deliver "$state" scripts/demo-mail/*.eml
say "ticketd poll --once"
ticketd poll --once

say "tickets"
ticketd ticket list
say "quarantine"
ticketd quarantine list

say "acknowledgements the SMTP server received"
for mail in "$SMTP_DIR"/mail/*.eml; do
    # Print the To and Subject headers, unfolded.
    tr -d '\r' <"$mail" | awk '/^$/ { exit } /^[^ \t]/ { if (h) print h; h = $0; next } { h = h $0 } END { if (h) print h }' |
        grep -E '^(To|Subject):' | paste -sd '|' -
done

say "the nurse replies to her acknowledgement (keeping only In-Reply-To)"
ack=$(grep -l 'nora.nurse' "$SMTP_DIR"/mail/*.eml | head -1)
ack_id=$(grep -m1 '^Message-ID:' "$ack" | sed 's/^Message-ID: *//' | tr -d '\r')
cat >"$work/reply.eml" <<MAIL
From: Nora Nurse <nora.nurse@clinic.example.org>
To: support@example.org
Subject: Re: record access
Message-ID: <demo-reply-001@clinic.example.org>
In-Reply-To: $ack_id

It also happens on W3-09 now.
MAIL
"$bin/ticketd-sandbox" deliver "$state" "$work/reply.eml"
ticketd poll --once

say "ticket #1 with its thread"
ticketd ticket show 1

say "an idle poll sends nothing"
ticketd poll --once
