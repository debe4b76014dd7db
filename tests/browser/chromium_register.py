#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Registers a passkey the way a member's phone browser would, in Debian's headless Chromium
with a WebAuthn virtual authenticator (a platform authenticator with user verification),
driven over the DevTools protocol through --remote-debugging-pipe (no extra packages). The
page is served from loopback (http://localhost is a secure context).

Prints one JSON object: rpId, origin, challenge, clientDataJSON and attestationObject
(base64url, as the browser produced them), and the credential's id.

    chromium_register.py [--attestation none|direct] [--alg -7] [--chromium /usr/bin/chromium]
"""
import argparse
import base64
import fcntl
import http.server
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading

PAGE = b"""<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>Madoguchi passkey test</title></head><body><p>test</p></body></html>"""

CREATE = """
(async () => {
  const b64u = b => btoa(String.fromCharCode(...new Uint8Array(b)))
      .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  const fromB64u = s => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')),
                                         c => c.charCodeAt(0));
  const credential = await navigator.credentials.create({publicKey: {
    rp: {id: 'localhost', name: 'Madoguchi test'},
    user: {id: fromB64u('%(user)s'), name: 'member', displayName: 'member'},
    challenge: fromB64u('%(challenge)s'),
    pubKeyCredParams: [{type: 'public-key', alg: %(alg)d}],
    authenticatorSelection: {authenticatorAttachment: 'platform', residentKey: 'preferred',
                             userVerification: 'required'},
    attestation: '%(attestation)s'}});
  return {id: credential.id,
          clientDataJSON: b64u(credential.response.clientDataJSON),
          attestationObject: b64u(credential.response.attestationObject)};
})()
"""


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


class Browser:
    """Chromium with the DevTools protocol on file descriptors 3 (commands) and 4 (replies)."""

    def __init__(self, executable, profile):
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # Above 4, so that placing them on 3 and 4 in the child cannot overwrite one another.
        high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)

        def place():
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=place, pass_fds=(3, 4))
        for fd in (to_browser_r, from_browser_w, high_r, high_w):
            os.close(fd)
        self.out = to_browser_w
        self.inp = from_browser_r
        self.buffer = b""
        self.next_id = 0
        self.events = []  # events that arrived while a reply was awaited

    def read_message(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.inp, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        request = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            request["sessionId"] = session
        os.write(self.out, json.dumps(request).encode() + b"\0")
        while True:
            reply = self.read_message()
            if reply.get("id") != self.next_id:
                if "method" in reply:
                    self.events.append(reply)
                continue
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            return reply.get("result", {})

    def wait_event(self, method, session):
        """Blocks until the event `method` of `session` arrives (or has arrived)."""
        while True:
            for event in self.events:
                if event["method"] == method and event.get("sessionId") == session:
                    self.events.remove(event)
                    return event.get("params", {})
            self.events.append(self.read_message())

    def close(self):
        try:
            self.call("Browser.close")
        except RuntimeError:
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.out)
        os.close(self.inp)


def register(args):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    origin = f"http://localhost:{server.server_address[1]}"
    profile = tempfile.mkdtemp(prefix="madoguchi-chromium-")
    browser = Browser(args.chromium, profile)
    try:
        targets = browser.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        session = browser.call("Target.attachToTarget",
                               {"targetId": page["targetId"], "flatten": True})["sessionId"]
        browser.call("WebAuthn.enable", {"enableUI": False}, session)
        browser.call("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
            "hasUserVerification": True, "isUserVerified": True,
            "automaticPresenceSimulation": True}}, session)
        browser.call("Page.enable", {}, session)
        navigated = browser.call("Page.navigate", {"url": origin + "/"}, session)
        if "errorText" in navigated:
            raise RuntimeError("the page did not load: " + navigated["errorText"])
        # However long a loaded machine takes: the load event, not a number of polls.
        browser.wait_event("Page.loadEventFired", session)
        challenge = secrets.token_bytes(32)
        created = browser.call("Runtime.evaluate", {
            "expression": CREATE % {"challenge": b64u(challenge), "user": b64u(secrets.token_bytes(16)),
                                    "alg": args.alg, "attestation": args.attestation},
            "awaitPromise": True, "returnByValue": True}, session)
        if "exceptionDetails" in created:
            raise RuntimeError("navigator.credentials.create: " +
                               json.dumps(created["exceptionDetails"])[:400])
        result = created["result"]["value"]
        result.update({"rpId": "localhost", "origin": origin, "challenge": b64u(challenge)})
        return result
    finally:
        browser.close()
        server.shutdown()
        serving.join()
        server.server_close()
        shutil.rmtree(profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attestation", default="direct", choices=["none", "direct"])
    parser.add_argument("--alg", type=int, default=-7)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    json.dump(register(args), sys.stdout)
    print()


if __name__ == "__main__":
    main()
