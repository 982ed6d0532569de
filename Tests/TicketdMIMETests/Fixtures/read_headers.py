"""Reads mail files with CPython's email package (an independent parser) and prints, per file,
the header names in order, every header line's length, the decoded Subject and the To
addresses, as JSON lines. Used by OutgoingHeaderPropertyTests."""
import email
import email.policy
import email.utils
import json
import sys
from email.header import decode_header, make_header


def legacy_names(data):
    """The To display names through the legacy API, which decodes adjacent encoded words as
    RFC 2047 section 6.2 says (the default policy's address parser keeps a space between them)."""
    legacy = email.message_from_bytes(data, policy=email.policy.compat32)
    raw = [value.replace("\r\n", "").replace("\n", "") for value in legacy.get_all("To", [])]
    return [str(make_header(decode_header(name))) for name, _ in email.utils.getaddresses(raw)]

for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        data = handle.read()
    head = data.split(b"\r\n\r\n", 1)[0]
    lines = head.split(b"\r\n")
    message = email.message_from_bytes(data, policy=email.policy.default)
    to = message["To"]
    print(json.dumps({
        "names": list(message.keys()),
        "longest_line": max(len(line) for line in lines),
        "bare_lf": b"\n" in head.replace(b"\r\n", b""),
        "subject": str(message["Subject"]),
        "to": [[a.display_name, a.addr_spec] for a in to.addresses] if to is not None else [],
        "to_names": legacy_names(data),
        "defects": [type(d).__name__ for d in message.defects]
                   + [type(d).__name__ for name in message.keys() for d in message[name].defects],
    }))
