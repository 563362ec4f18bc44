// The dev issuer's authorization codes: single use, short-lived, bound to the client, the
// redirect URI and the PKCE challenge (RFC 7636 S256).
import { createHash, randomBytes } from 'node:crypto';
import { CODE_LIFETIME_MS, type CodeGrant, createCodeStore } from '../../infra/local/identity/authorizationCodes';

const verifier = randomBytes(32).toString('base64url');
const grant: CodeGrant = {
  clientId: 'client-a',
  redirectUri: 'http://localhost:7071/api/signin/return',
  codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
  scopes: ['api://reseller-connect/Invitations.Answer'],
  user: {
    tenantId: 'c1000000-0000-4000-8000-000000000001',
    userId: 'e0000000-0000-4000-8000-000000010001',
    email: 'admin@adatum.example',
  },
};
const redemption = { clientId: grant.clientId, redirectUri: grant.redirectUri, codeVerifier: verifier };

let clock = 0;
const store = () => createCodeStore(() => clock);
beforeEach(() => (clock = Date.UTC(2030, 0, 1)));

it('redeems a code once, with the verifier of its challenge, for the grant it stands for', () => {
  const codes = store();
  const code = codes.issue(grant);
  expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(codes.redeem(code, redemption)).toEqual({ ok: true, grant });
});

it.each([
  ['a wrong verifier', { codeVerifier: randomBytes(32).toString('base64url') }, /code_verifier does not match/],
  ['the challenge itself as verifier (plain)', { codeVerifier: grant.codeChallenge }, /code_verifier does not match/],
  ['another redirect URI', { redirectUri: 'http://localhost:7071/api/signin/return/' }, /redirect_uri/],
  ['another client', { clientId: 'client-b' }, /another client/],
])('refuses %s, and the code is then used up', (_what, change, description) => {
  const codes = store();
  const code = codes.issue(grant);
  expect(codes.redeem(code, { ...redemption, ...change })).toEqual({
    ok: false,
    description: expect.stringMatching(description),
  });
  expect(codes.redeem(code, redemption)).toEqual({
    ok: false,
    description: 'The code is unknown or was already redeemed.',
  });
});

it('refuses a code redeemed a second time', () => {
  const codes = store();
  const code = codes.issue(grant);
  expect(codes.redeem(code, redemption).ok).toBe(true);
  expect(codes.redeem(code, redemption)).toEqual({
    ok: false,
    description: 'The code is unknown or was already redeemed.',
  });
});

it('refuses an expired code, and accepts one just before its end', () => {
  const codes = store();
  const late = codes.issue(grant);
  const inTime = codes.issue(grant);
  clock += CODE_LIFETIME_MS - 1;
  expect(codes.redeem(inTime, redemption).ok).toBe(true);
  clock += 1;
  expect(codes.redeem(late, redemption)).toEqual({ ok: false, description: 'The code has expired.' });
});

it('refuses a code it never issued, and codes of another store', () => {
  const codes = store();
  expect(codes.redeem('made-up', redemption).ok).toBe(false);
  expect(codes.redeem(store().issue(grant), redemption).ok).toBe(false);
});
