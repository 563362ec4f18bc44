// Signing by the Standard Webhooks scheme, checked against the reference library's verify (as a
// receiver would) and against the spec's construction done by hand with node:crypto.
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signingSecrets } from '../../../shared/webhooks/manageWebhooks';
import { newSigningSecret, standardWebhookHeaders } from '../../../shared/webhooks/secrets';

test('secrets are whsec_ + base64 of 32 random bytes', () => {
  const s = newSigningSecret();
  expect(s).toMatch(/^whsec_/);
  expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(32);
  expect(newSigningSecret()).not.toBe(s);
});

test('headers: webhook-id, integer seconds, v1,<base64 HMAC-SHA256 of id.timestamp.payload>', () => {
  const secret = newSigningSecret();
  const at = new Date();
  const body = JSON.stringify({ type: 'webhook.test', data: { a: 1 } });
  const h = standardWebhookHeaders([secret], 'evt_1', at, body);
  expect(h['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
  const byHand = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
    .update(`evt_1.${h['webhook-timestamp']}.${body}`)
    .digest('base64');
  expect(h['webhook-signature']).toBe(`v1,${byHand}`);
  expect(new Webhook(secret).verify(body, h)).toEqual(JSON.parse(body));
  expect(() => new Webhook(secret).verify(`${body} `, h)).toThrow();
});

test('during a rotation both secrets sign; each verifies alone', () => {
  const [a, b] = [newSigningSecret(), newSigningSecret()];
  const h = standardWebhookHeaders([b, a], 'evt_2', new Date(), '{}');
  expect(h['webhook-signature'].split(' ')).toHaveLength(2);
  expect(() => new Webhook(a).verify('{}', h)).not.toThrow();
  expect(() => new Webhook(b).verify('{}', h)).not.toThrow();
  expect(() => new Webhook(newSigningSecret()).verify('{}', h)).toThrow();
});

test('the previous secret signs until its expiry, then only the current one', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const e = {
    secrets: [
      { secret: 'whsec_new', createdAt: now.toISOString() },
      { secret: 'whsec_old', createdAt: '2025-01-01T00:00:00Z', expiresAt: '2026-01-02T00:00:00Z' },
    ],
  };
  expect(signingSecrets(e, now)).toEqual(['whsec_new', 'whsec_old']);
  expect(signingSecrets(e, new Date('2026-01-02T00:00:01Z'))).toEqual(['whsec_new']);
});
