#!/usr/bin/env python3
"""A real SMTP server for dsrd's tests: aiosmtpd on a loopback port, storing
every message it accepts in a Maildir that the test reads back.

Usage: smtp_server.py --port P --maildir DIR [--cert C --key K] [--user U --password W]
                      [--reject-domain D]
With --cert, STARTTLS is required; with --user, AUTH is required; with
--reject-domain, every recipient at domain D is refused permanently with a
reply that quotes the address, as real servers do.
Prints "ready" once it accepts connections; stops on SIGTERM.
"""
import argparse
import mailbox
import signal
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class MaildirHandler:
    def __init__(self, path, reject_domain=None):
        self.box = mailbox.Maildir(path, create=True)
        self.reject_domain = reject_domain

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject_domain and address.lower().endswith("@" + self.reject_domain):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.box.add(envelope.original_content or envelope.content)
        return "250 OK stored"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == user
            and auth_data.password.decode() == password
        )
        # handled=False makes aiosmtpd send the 535 itself; without it the
        # client waits for an answer that never comes.
        return AuthResult(success=True) if ok else AuthResult(success=False, handled=False)

    return check


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--maildir", required=True)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--reject-domain")
    a = p.parse_args()
    kwargs = {}
    if a.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        kwargs.update(tls_context=ctx, require_starttls=True)
    if a.user:
        kwargs.update(
            authenticator=authenticator(a.user, a.password),
            auth_required=True,
            auth_require_tls=bool(a.cert),
        )
    controller = Controller(
        MaildirHandler(a.maildir, a.reject_domain), hostname="127.0.0.1", port=a.port, **kwargs
    )
    controller.start()
    print("ready", flush=True)
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    controller.stop()


if __name__ == "__main__":
    main()
