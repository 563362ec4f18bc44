// The invitation landing page through HTTP on the product stack: what it shows, its headers, no
// side effect on GET, and one neutral page for every link that cannot be answered.
import { randomUUID } from 'node:crypto';
import { adatumCorp, contosoDirect, tailspinGov } from '../../infra/local/identity/demoDirectory';
import { LOCAL_SIGNIN_CLIENT_ID } from '../../infra/local/identity/signinClients';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { systemActor } from '../../shared/domain/invitation';
import { call } from '../support/hostProcess';
import { AUDIENCE, type ProductStack } from '../support/productStack';
import { daysAgo, startSeededStack, type Seeder } from '../support/seedInvitation';

let stack: ProductStack;
let seed: Seeder;

let stop: (() => Promise<void>) | undefined;
beforeAll(async () => void ({ stack, seed, stop } = await startSeededStack()), 120_000);
afterAll(async () => stop?.());

const page = (id: string, query = '') => call(`${stack.url}/api/invite/${id}${query}`);

describe('the landing page of a pending invitation', () => {
  it('shows who invites, what is asked, the agreement and where customers normally accept', async () => {
    const { id } = await seed.invitation({
      inviter: contosoDirect,
      customerTenantId: adatumCorp.tenantId,
      recipientName: 'Ada',
    });
    const res = await page(id);
    expect(res.status).toBe(200);
    const html = res.body as string;
    expect(html).toContain('Contoso Direct invites your organisation to a reseller relationship');
    expect(html).toContain('A reseller relationship');
    expect(html).toContain('Global Administrator');
    expect(html).toContain('Helpdesk Administrator');
    expect(html).toContain('for 730 days');
    expect(html).toContain('Microsoft Customer Agreement');
    expect(html).toContain('has not yet accepted');
    expect(html).toContain('Microsoft 365 admin center');
    expect(html).toContain('Hello Ada');
    expect(html).toMatch(/<noscript>.*JavaScript.*<\/noscript>/s);
  });

  it('names the Office admin portal for a national cloud and the chosen roles and duration', async () => {
    const { id } = await seed.invitation({
      inviter: { ...tailspinGov, name: 'Tailspin <Gov>' },
      delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P90D', autoExtend: true },
    });
    const html = (await page(id)).body as string;
    expect(html).toContain('Microsoft Office admin portal (Microsoft Cloud for US Government)');
    expect(html).toContain('for 90 days, then extended automatically');
    expect(html).not.toContain('Global Administrator</li>');
    expect(html).toContain('Tailspin &lt;Gov&gt;');
    expect(html).not.toContain('Tailspin <Gov>');
  });

  it('says so when no admin privileges are asked for', async () => {
    const { id } = await seed.invitation({ inviter: contosoDirect, includeDelegatedAdmin: false });
    expect((await page(id)).body).toContain('No admin privileges in your directory are asked for.');
  });

  it('is sent with no-referrer, a strict CSP, no-store, and no inline script or style', async () => {
    const { id } = await seed.invitation({ inviter: contosoDirect });
    const res = await page(id);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
    const html = res.body as string;
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\son[a-z]+=|style=/i);
    expect(html).toContain('<script src="/api/pages/landing.js" defer></script>');
  });

  it('gives its script what sign-in needs: the endpoints under the authority, the client, the scope, the one redirect URI', async () => {
    const { id } = await seed.invitation({ inviter: contosoDirect });
    const html = (await page(id)).body as string;
    const data = Object.fromEntries([...html.matchAll(/ data-([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    expect(data).toMatchObject({
      'authorize-url': '/dev/oauth2/v2.0/authorize',
      'token-url': '/dev/oauth2/v2.0/token',
      'client-id': LOCAL_SIGNIN_CLIENT_ID,
      scope: `openid profile ${AUDIENCE}/Invitations.Answer`,
      'redirect-uri': `${stack.env.PUBLIC_BASE_URL}/api/signin/return`,
    });
  });

  it('serves its scripts and stylesheet from the same origin', async () => {
    const js = await call(`${stack.url}/api/pages/landing.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.body).toContain('sessionStorage');
    expect(js.body).toContain("code_challenge_method: 'S256'");
    const back = await call(`${stack.url}/api/pages/signin-return.js`);
    expect(back.headers.get('content-type')).toMatch(/^text\/javascript/);
    const css = await call(`${stack.url}/api/pages/landing.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await call(`${stack.url}/api/pages/other.js`)).status).toBe(404);
  });

  it('has one sign-in return page, the same for everyone, with the same protective headers', async () => {
    const a = await call(`${stack.url}/api/signin/return`);
    const b = await call(`${stack.url}/api/signin/return?code=ignored&state=ignored`);
    expect(a.status).toBe(200);
    expect(b.body).toBe(a.body);
    expect(a.headers.get('referrer-policy')).toBe('no-referrer');
    expect(a.headers.get('cache-control')).toBe('no-store');
    expect(a.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(a.body).toContain('<script src="/api/pages/signin-return.js" defer></script>');
    expect(a.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\son[a-z]+=|style=/i);
  });

  it('changes nothing when opened (mail scanners open links first), even with the token in the query', async () => {
    const { id, token } = await seed.invitation({ inviter: contosoDirect });
    const before = await seed.get(id);
    for (let i = 0; i < 3; i++) await page(id);
    const withToken = await page(id, `?t=${token}`);
    expect(withToken.body).not.toContain(token);
    const after = await seed.get(id);
    expect(after?.etag).toBe(before?.etag);
    expect(after?.doc).toEqual(before?.doc);
  });
});

describe('links that cannot be answered', () => {
  let neutral: { status: number; body: string };
  beforeAll(async () => {
    const res = await page(randomUUID());
    neutral = { status: res.status, body: res.body as string };
  });

  it('an unknown id gets a neutral 404 page with the same headers', async () => {
    expect(neutral.status).toBe(404);
    expect(neutral.body).toContain('This invitation is not available');
    expect(neutral.body).not.toMatch(/<script/);
    const res = await page(randomUUID());
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['a malformed id', async () => 'not-a-guid'],
    [
      'an expired invitation',
      async () => (await seed.invitation({ inviter: contosoDirect, expiresInDays: 1, createdAt: daysAgo(2) })).id,
    ],
    [
      'a revoked invitation',
      async () => {
        const { id } = await seed.invitation({ inviter: contosoDirect });
        await seed.store.apply(id, { type: 'revoke', by: systemActor }, new Date());
        return id;
      },
    ],
    [
      'a declined invitation',
      async () => {
        const { id } = await seed.invitation({ inviter: contosoDirect });
        await seed.store.apply(
          id,
          { type: 'decline', by: { type: 'user', tenantId: adatumCorp.tenantId, userId: randomUUID() } },
          new Date(),
        );
        return id;
      },
    ],
  ])('%s gets exactly the same page', async (_what, make) => {
    const res = await page(await make());
    expect(res.status).toBe(neutral.status);
    expect(res.body).toBe(neutral.body);
  });
});
