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
trust: { authserv_id: mx.demo.example }   # the MX that adds Authentication-Results in front of the mailbox
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

# The From, To and Subject headers (unfolded) of every mail the SMTP server received, or of those
# whose headers mention $1.
mails() {
    for mail in "$SMTP_DIR"/mail/*.eml; do
        tr -d '\r' <"$mail" | awk '/^$/ { exit } /^[^ \t]/ { if (h) print h; h = $0; next } { h = h $0 } END { if (h) print h }' |
            grep -E '^(From|To|Cc|Subject):' | paste -sd '|' - | grep -F -- "${1:-}" || true
    done
}

say "acknowledgements the SMTP server received"
mails

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

say "Carol answers in the thread (the MX proved her mail): a command line, her text, Nora's mail quoted below"
cat >"$work/carol-1.eml" <<MAIL
Authentication-Results: mx.demo.example; dkim=pass header.d=example.org
From: Carol <carol@example.org>
To: support@example.org
Subject: Re: [Help Desk #1] record access
Message-ID: <demo-carol-001@example.org>

#priority high
Hello Nora,

please sign out of the records app on W3-09 and sign in again; I have reset your session.

Carol

On Mon, Nov 30, 2026 at 9:12 AM Nora Nurse <nora.nurse@clinic.example.org> wrote:
> It also happens on W3-09 now.
MAIL
cat >"$work/carol-2.eml" <<MAIL
Authentication-Results: mx.demo.example; dkim=pass header.d=example.org
From: Carol <carol@example.org>
To: support@example.org
Subject: Re: [Help Desk #1] record access
Message-ID: <demo-carol-002@example.org>

#note the records team says a session table filled up overnight
MAIL
"$bin/ticketd-sandbox" deliver "$state" "$work/carol-1.eml" "$work/carol-2.eml"
ticketd poll --once

say "what reached Nora: the acknowledgement and Carol's reply (not the internal note)"
mails nora.nurse
say "Carol's reply as Nora received it: her text only, no command line, no quoted history"
relay=$(grep -l 'Carol via Help Desk' "$SMTP_DIR"/mail/*.eml | head -1)
python3 -c 'import email,sys; m=email.message_from_binary_file(open(sys.argv[1],"rb")); print(m.get_payload(decode=True).decode())' "$relay"

say "ticket #1 with its thread"
ticketd ticket show 1

say "an idle poll sends nothing"
ticketd poll --once
