import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TokenRequest } from './tokenRequest';

/** What an authorization code stands for, and what its redemption must match. */
export interface CodeGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  /** BASE64URL(SHA-256(code_verifier)): the S256 challenge of RFC 7636. */
  readonly codeChallenge: string;
  /** The resource scopes granted (e.g. `api://reseller-connect/Invitations.Answer`). */
  readonly scopes: readonly string[];
  /** The signed-in user, as claims for the access token. */
  readonly user: TokenRequest;
}

export interface Redemption {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeVerifier: string;
}

export type RedeemResult = { ok: true; grant: CodeGrant } | { ok: false; description: string };

export interface CodeStore {
  /** A fresh single-use code for the grant. */
  issue(grant: CodeGrant): string;
  /** Uses the code up, whatever the outcome, so a wrong verifier cannot be retried. */
  redeem(code: string, redemption: Redemption): RedeemResult;
}

/** Entra's codes live about 10 minutes (learn: v2-oauth2-auth-code-flow). */
export const CODE_LIFETIME_MS = 10 * 60_000;

/** Codes in memory: a restart of the stand-ins forgets them, as a lost code would be. */
export function createCodeStore(now: () => number, lifetimeMs = CODE_LIFETIME_MS): CodeStore {
  const codes = new Map<string, CodeGrant & { expiresAt: number }>();
  return {
    issue(grant) {
      for (const [code, held] of codes) if (held.expiresAt <= now()) codes.delete(code);
      const code = randomBytes(32).toString('base64url');
      codes.set(code, { ...grant, expiresAt: now() + lifetimeMs });
      return code;
    },
    redeem(code, r) {
      const held = codes.get(code);
      codes.delete(code);
      if (!held) return { ok: false, description: 'The code is unknown or was already redeemed.' };
      if (held.expiresAt <= now()) return { ok: false, description: 'The code has expired.' };
      if (held.clientId !== r.clientId) return { ok: false, description: 'The code was issued to another client.' };
      if (held.redirectUri !== r.redirectUri)
        return { ok: false, description: 'redirect_uri is not the one the code was issued for.' };
      if (!s256Matches(r.codeVerifier, held.codeChallenge))
        return { ok: false, description: 'The code_verifier does not match the code_challenge.' };
      const { expiresAt: _expiresAt, ...grant } = held;
      return { ok: true, grant };
    },
  };
}

function s256Matches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
