import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** SHA-256 hex of a token: 256-bit random input makes a plain hash enough (ASVS 6.5.2). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** Whether `token` is the one whose hash is stored, compared in constant time. */
export function tokensMatch(storedHash: string, token: string): boolean {
  // A malformed stored hash can never match; checking first keeps timingSafeEqual's lengths equal.
  if (!HEX_SHA256.test(storedHash)) return false;
  const expected = Buffer.from(storedHash, 'hex');
  const actual = createHash('sha256').update(token, 'utf8').digest();
  return timingSafeEqual(expected, actual);
}

/**
 * The link token of an invitation, derived from a server-side key: 32 bytes of HMAC-SHA256 over
 * the invitation id. Only its SHA-256 is stored; the email activity re-derives it to build the
 * link (reminders and resends carry the same link) without the token ever entering durable history.
 */
export function deriveInvitationToken(secret: string, invitationId: string): string {
  return createHmac('sha256', secret).update(`invitation-link:${invitationId.toLowerCase()}`).digest('base64url');
}
