#!/usr/bin/env python3
"""A vigil webhook receiver: verifies each request's signature and prints the event.

Python 3 standard library only. Run it with the webhook's secret from vigil's configuration:

    WEBHOOK_SECRET=a-long-random-string PORT=9000 python3 docs/examples/receiver.py

and point a webhook at it: "url": "http://127.0.0.1:9000/hook". See docs/webhooks.md.

Environment:
    WEBHOOK_SECRET   the webhook's "secret" (required; vigil signs nothing when it is "")
    PORT             port to listen on (default 9000)
    HOST             address to listen on (default 127.0.0.1)
    MAX_AGE_SECONDS  refuse requests whose X-Webhook-Timestamp is older than this many seconds;
                     0 (the default) turns the check off. X-Webhook-Timestamp is the time of the
                     event and stays the same on every retry, so a limit must be longer than the
                     retry span of the webhook's retryPolicy (about 2 hours with the defaults).

Answers: 200 for a verified event (also for a repeated X-Webhook-Delivery-Id, which is printed
once), 401 for a missing, wrong or stale signature, 400 for a body that is not JSON, 405 for
anything but POST.
"""

import hashlib
import hmac
import json
import os
import sys
import threading
import time
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = os.environ.get("WEBHOOK_SECRET", "").encode()
HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "9000"))
MAX_AGE_SECONDS = float(os.environ.get("MAX_AGE_SECONDS", "0"))

SEEN_MAX = 10000
seen = OrderedDict()  # delivery ids already handled, oldest first
seen_lock = threading.Lock()


def verify(headers, body):
    """Returns None when the request is authentic, else the reason it is not."""
    signature = headers.get("X-Webhook-Signature", "")
    timestamp = headers.get("X-Webhook-Timestamp", "")
    if not signature:
        return "no X-Webhook-Signature"
    if not timestamp.isdigit():
        return "no valid X-Webhook-Timestamp"
    # HMAC-SHA256 over the raw bytes "<timestamp>.<body>", lowercase hex.
    expected = hmac.new(SECRET, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("latin-1")):
        return "bad signature"
    if MAX_AGE_SECONDS > 0 and time.time() * 1000 - int(timestamp) > MAX_AGE_SECONDS * 1000:
        return "stale timestamp"
    return None


def first_time(delivery_id):
    """True the first time a delivery id is seen (vigil resends the same id on retries)."""
    with seen_lock:
        if delivery_id in seen:
            return False
        seen[delivery_id] = True
        if len(seen) > SEEN_MAX:
            seen.popitem(last=False)
        return True


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as vigil's client expects

    def reply(self, code, text):
        data = (text + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        problem = verify(self.headers, body)
        if problem:
            print(f"rejected: {problem} (from {self.client_address[0]})", file=sys.stderr, flush=True)
            return self.reply(401, problem)
        try:
            event = json.loads(body)
        except ValueError:
            return self.reply(400, "body is not JSON")
        delivery = self.headers.get("X-Webhook-Delivery-Id", "")
        if not first_time(delivery):
            print(f"duplicate: delivery={delivery} already handled", flush=True)
            return self.reply(200, "ok")
        test = " (test)" if self.headers.get("X-Webhook-Test") == "true" else ""
        print(
            f"verified event={event['event']} instance={event['instance']['name']} "
            f"id={event['id']} delivery={delivery}{test}\n"
            f"  {event['data'].get('message', '')}\n"
            f"{json.dumps(event, indent=2)}",
            flush=True,
        )
        self.reply(200, "ok")

    def do_GET(self):
        self.reply(405, "POST only")

    def log_message(self, fmt, *args):  # no access log: the prints above say what matters
        pass


def main():
    if not SECRET:
        print("receiver.py: set WEBHOOK_SECRET to the webhook's secret", file=sys.stderr)
        return 2
    server = ThreadingHTTPServer((HOST, PORT), Handler)
    server.daemon_threads = True
    print(f"listening on http://{HOST}:{PORT}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
