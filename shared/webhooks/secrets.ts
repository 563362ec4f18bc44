import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Signing secrets and signatures by the Standard Webhooks specification 1.0
 * (standard-webhooks/standard-webhooks spec/standard-webhooks.md, "Signature scheme"): a random
 * secret of at least 24 bytes serialised as base64 behind `whsec_`; the signed content
 * `{msg_id}.{timestamp}.{payload}` (timestamp in integer Unix seconds), HMAC-SHA256, sent as
 * `v1,<base64>`; several signatures space-delimited in `webhook-signature` during a rotation.
 * Signing is done by the specification's reference library (`standardwebhooks`, Webhook.sign),
 * the same code a receiver verifies with.
 */
export const SECRET_PREFIX = 'whsec_';

/** 32 random bytes (256 bits; the specification asks for 24 to 64). */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** The `webhook-signature` header value: one `v1,` signature per secret, space-delimited. */
export function signatureHeader(secrets: readonly string[], msgId: string, timestamp: Date, payload: string): string {
  return secrets.map((s) => new Webhook(s).sign(msgId, timestamp, payload)).join(' ');
}

/** The three Standard Webhooks headers for one attempt. */
export function standardWebhookHeaders(
  secrets: readonly string[],
  msgId: string,
  timestamp: Date,
  payload: string,
): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signatureHeader(secrets, msgId, timestamp, payload),
  };
}
