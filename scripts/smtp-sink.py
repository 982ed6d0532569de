#!/usr/bin/python3
"""A throwaway SMTP server for ticketd's tests and demo (aiosmtpd, 127.0.0.1 only).

Each accepted message is written to DIR/mail/NNNNNN.eml with its envelope in NNNNNN.json.
Recipients listed one per line in DIR/reject (read on every RCPT) are refused with 550;
those in DIR/defer with 451. With --tls-cert/--tls-key it offers STARTTLS and refuses mail before it (the TLS tests).
Run with Debian's /usr/bin/python3, which sees python3-aiosmtpd.
"""
import argparse
import asyncio
import itertools
import json
import os
import signal
import ssl

from aiosmtpd.controller import Controller


def listed(directory, name, address):
    try:
        with open(os.path.join(directory, name)) as handle:
            return address.lower() in {line.strip().lower() for line in handle if line.strip()}
    except FileNotFoundError:
        return False


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.mail_dir = os.path.join(directory, "mail")
        os.makedirs(self.mail_dir, exist_ok=True)
        existing = [int(n.split(".")[0]) for n in os.listdir(self.mail_dir) if n.endswith(".eml")]
        self.counter = itertools.count(max(existing, default=0) + 1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if listed(self.directory, "reject", address):
            return "550 5.1.1 mailbox unavailable"
        if listed(self.directory, "defer", address):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = next(self.counter)
        base = os.path.join(self.mail_dir, "%06d" % number)
        with open(base + ".tmp", "wb") as handle:
            handle.write(envelope.original_content or envelope.content)
        with open(base + ".json", "w") as handle:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, handle)
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 queued as %06d" % number


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    arguments = parser.parse_args()
    tls = {}
    if arguments.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.tls_cert, arguments.tls_key)
        tls = {"tls_context": context, "require_starttls": True}
    controller = Controller(
        Sink(arguments.dir), hostname=arguments.host, port=arguments.port,
        data_size_limit=100 * 1024 * 1024, decode_data=False, **tls)
    controller.start()
    with open(os.path.join(arguments.dir, "smtp.pid"), "w") as handle:
        handle.write(str(os.getpid()))
    stop = asyncio.Event()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.run_until_complete(stop.wait())
    controller.stop()


if __name__ == "__main__":
    main()
