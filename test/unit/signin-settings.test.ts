// The landing page's sign-in settings: Entra's v2 endpoint paths under the configured authority,
// one fixed redirect URI, and a CSP that lets the script reach the token endpoint and nothing else.
import { configSchema } from '../../shared/config';
import { pageCsp } from '../../shared/pages/html';
import { connectOrigins, signinSettings } from '../../shared/pages/signinSettings';

const base = {
  SIGNIN_CLIENT_ID: 'spa-client',
  SIGNIN_SCOPE: 'api://11111111-2222-4333-8444-555555555555/Invitations.Answer',
};

it("derives Entra's v2 endpoints from the authority and lets the page's fetch() reach its origin", () => {
  const s = signinSettings({
    ...base,
    SIGNIN_AUTHORITY: 'https://login.microsoftonline.com/organizations/',
    PUBLIC_BASE_URL: 'https://rc.example.com/',
  });
  expect(s).toEqual({
    authorizeUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/organizations/oauth2/v2.0/token',
    clientId: 'spa-client',
    scope: 'openid profile api://11111111-2222-4333-8444-555555555555/Invitations.Answer',
    redirectUri: 'https://rc.example.com/api/signin/return',
  });
  expect(connectOrigins(s)).toEqual(['https://login.microsoftonline.com']);
  expect(pageCsp(connectOrigins(s))).toContain("connect-src 'self' https://login.microsoftonline.com;");
});

it('keeps a path authority on this origin (the dev issuer under /dev), with no origin added to the CSP', () => {
  const s = signinSettings({ ...base, SIGNIN_AUTHORITY: '/dev', PUBLIC_BASE_URL: 'http://localhost:7071' });
  expect([s.authorizeUrl, s.tokenUrl, s.redirectUri]).toEqual([
    '/dev/oauth2/v2.0/authorize',
    '/dev/oauth2/v2.0/token',
    'http://localhost:7071/api/signin/return',
  ]);
  expect(connectOrigins(s)).toEqual([]);
  expect(pageCsp(connectOrigins(s))).toContain("connect-src 'self';");
});

describe('SIGNIN_AUTHORITY', () => {
  const parse = (v: string | undefined) => configSchema.shape.SIGNIN_AUTHORITY.safeParse(v);

  it.each([
    'https://login.microsoftonline.com/organizations',
    'https://login.microsoftonline.us/contoso.onmicrosoft.com',
    'http://localhost:7071/dev',
    '/dev',
  ])('takes %s', (v) => {
    expect(parse(v).success).toBe(true);
  });

  it.each([
    '',
    '//evil.example/dev',
    'javascript:alert(1)',
    'ftp://x.example/',
    'https://x.example/?tenant=a',
    'https://x.example/#a',
    '/dev?x',
    '/\\evil.example',
    'dev',
  ])('refuses %j', (v) => expect(parse(v).success).toBe(false));

  it('defaults to the dev issuer on this origin', () => {
    expect(parse(undefined)).toEqual({ success: true, data: '/dev' });
  });
});
