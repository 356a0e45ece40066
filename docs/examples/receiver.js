#!/usr/bin/env node
// A vigil webhook receiver: verifies each request's signature and prints the event.
//
// Node.js standard library only. Run it with the webhook's secret from vigil's configuration:
//
//   WEBHOOK_SECRET=a-long-random-string PORT=9000 node docs/examples/receiver.js
//
// and point a webhook at it: "url": "http://127.0.0.1:9000/hook". See docs/webhooks.md.
//
// Environment:
//   WEBHOOK_SECRET   the webhook's "secret" (required; vigil signs nothing when it is "")
//   PORT             port to listen on (default 9000)
//   HOST             address to listen on (default 127.0.0.1)
//   MAX_AGE_SECONDS  refuse requests whose X-Webhook-Timestamp is older than this many seconds;
//                    0 (the default) turns the check off. X-Webhook-Timestamp is the time of the
//                    event and stays the same on every retry, so a limit must be longer than the
//                    retry span of the webhook's retryPolicy (about 2 hours with the defaults).
//
// Answers: 200 for a verified event (also for a repeated X-Webhook-Delivery-Id, which is printed
// once), 401 for a missing, wrong or stale signature, 400 for a body that is not JSON, 405 for
// anything but POST.
'use strict';

const crypto = require('crypto');
const http = require('http');

const SECRET = process.env.WEBHOOK_SECRET || '';
const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 9000);
const MAX_AGE_SECONDS = Number(process.env.MAX_AGE_SECONDS || 0);

const SEEN_MAX = 10000;
const seen = new Set(); // delivery ids already handled; a Set iterates oldest first

// Returns null when the request is authentic, else the reason it is not.
function verify(headers, body) {
  const signature = headers['x-webhook-signature'] || '';
  const timestamp = headers['x-webhook-timestamp'] || '';
  if (!signature) return 'no X-Webhook-Signature';
  if (!/^[0-9]+$/.test(timestamp)) return 'no valid X-Webhook-Timestamp';
  // HMAC-SHA256 over the raw bytes "<timestamp>.<body>", lowercase hex.
  const expected = crypto.createHmac('sha256', SECRET).update(timestamp + '.').update(body).digest('hex');
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return 'bad signature';
  if (MAX_AGE_SECONDS > 0 && Date.now() - Number(timestamp) > MAX_AGE_SECONDS * 1000) {
    return 'stale timestamp';
  }
  return null;
}

// True the first time a delivery id is seen (vigil resends the same id on retries).
function firstTime(deliveryId) {
  if (seen.has(deliveryId)) return false;
  seen.add(deliveryId);
  if (seen.size > SEEN_MAX) seen.delete(seen.values().next().value);
  return true;
}

function reply(res, code, text) {
  res.writeHead(code, { 'Content-Type': 'text/plain' });
  res.end(text + '\n');
}

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') return reply(res, 405, 'POST only');
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks); // the raw bytes: sign and parse exactly what arrived
    const problem = verify(req.headers, body);
    if (problem) {
      console.error(`rejected: ${problem} (from ${req.socket.remoteAddress})`);
      return reply(res, 401, problem);
    }
    let event;
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch (e) {
      return reply(res, 400, 'body is not JSON');
    }
    const delivery = req.headers['x-webhook-delivery-id'] || '';
    if (!firstTime(delivery)) {
      console.log(`duplicate: delivery=${delivery} already handled`);
      return reply(res, 200, 'ok');
    }
    const test = req.headers['x-webhook-test'] === 'true' ? ' (test)' : '';
    console.log(
      `verified event=${event.event} instance=${event.instance.name} ` +
        `id=${event.id} delivery=${delivery}${test}\n` +
        `  ${event.data.message || ''}\n` +
        JSON.stringify(event, null, 2)
    );
    reply(res, 200, 'ok');
  });
});

if (!SECRET) {
  console.error('receiver.js: set WEBHOOK_SECRET to the webhook\'s secret');
  process.exit(2);
}
process.on('SIGTERM', () => process.exit(0));
server.listen(PORT, HOST, () => console.log(`listening on http://${HOST}:${PORT}`));
