import { createHash } from 'node:crypto';
import type { Caller } from './caller';

/**
 * Callers of access tokens verified recently, so a portal's burst of requests with one token pays
 * for one signature check (jose's RS256 verification was the largest single cost of a create
 * request after the Cosmos calls). An entry lives until the token's own `exp` and at most
 * MAX_AGE_MS, so a key withdrawn from the issuer's JWKS stops being honoured within that time.
 * Keys are SHA-256 digests: bearer tokens are not held in memory beyond their request.
 */
const MAX_AGE_MS = 5 * 60_000;
const MAX_ENTRIES = 5_000;

export interface VerifiedTokenCache {
  get(token: string): Caller | undefined;
  put(token: string, caller: Caller, expiresAtSeconds: number): void;
}

export function verifiedTokenCache(now: () => number = Date.now): VerifiedTokenCache {
  const entries = new Map<string, { caller: Caller; until: number }>();
  const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');
  return {
    get(token) {
      const key = keyOf(token);
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.until > now()) return hit.caller;
      entries.delete(key);
      return undefined;
    },
    put(token, caller, expiresAtSeconds) {
      const until = Math.min(expiresAtSeconds * 1000, now() + MAX_AGE_MS);
      if (until <= now()) return;
      // Oldest first out: a Map iterates in insertion order.
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(keyOf(token), { caller: Object.freeze(caller), until });
    },
  };
}
