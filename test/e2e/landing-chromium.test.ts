// The landing page driven in headless Chromium (Debian's, through playwright-core): open the
// emailed link, sign in through the dev issuer's authorization code flow with PKCE (the flow Entra
// runs in Azure) as the customer's Global admin, come back, answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { proxyTo } from '../../infra/local/host/proxy';
import { adatumCorp, contosoDirect, litwareGmbh } from '../../infra/local/identity/demoDirectory';
import { describeWithChromium, launchChromium, type Chromium } from '../support/chromium';
import { startProductStack, type ProductStack } from '../support/productStack';
import { seeder, type Seeder } from '../support/seedInvitation';

describeWithChromium('the landing page in Chromium', (executablePath) => {
  let stack: ProductStack;
  let seed: Seeder;
  let browser: Chromium;
  let devForwarder: Server;
  let identityOrigin = '';

  beforeAll(async () => {
    // As under `npm start`, /dev/* (the sign-in endpoints) is served on the API's origin: the host
    // forwards it (DEV_UPSTREAM) to this forwarder, which reaches the stack's dev issuer.
    devForwarder = createServer((req, res) => void proxyTo(identityOrigin, req, res));
    await new Promise<void>((r) => devForwarder.listen(0, '127.0.0.1', () => r()));
    const { port } = devForwarder.address() as AddressInfo;
    stack = await startProductStack({ DEV_UPSTREAM: `http://127.0.0.1:${port}` });
    identityOrigin = new URL(stack.env.AUTH_JWKS_URI as string).origin;
    seed = seeder(stack.env);
    browser = await launchChromium(executablePath);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    seed?.close();
    await stack?.stop();
    devForwarder?.closeAllConnections();
    await new Promise((r) => devForwarder?.close(r));
  });

  /** Opens the emailed link and goes to sign in: the dev issuer's authorize page, with PKCE. */
  async function openAndStartSignIn(page: Page, id: string, token: string): Promise<void> {
    // The emailed link, built from PUBLIC_BASE_URL: the sign-in redirect URI is on the same origin.
    await page.goto(`${stack.env.PUBLIC_BASE_URL}/api/invite/${id}#t=${token}`);
    await page
      .getByRole('heading', { name: 'Contoso Direct invites your organisation to a reseller relationship' })
      .waitFor();
    expect(page.url()).not.toContain(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/dev\/oauth2\/v2\.0\/authorize\?.*code_challenge_method=S256/);
  }

  /** Opens the emailed link and signs in as `user`, back on the invitation page. */
  async function openAndSignIn(page: Page, id: string, token: string, user: string): Promise<void> {
    await openAndStartSignIn(page, id, token);
    await page.getByRole('button', { name: user }).click();
    await page.getByText(`Signed in as ${user}`).waitFor();
    // Neither the code nor the link token stays in the address bar.
    expect(page.url()).toBe(`${stack.env.PUBLIC_BASE_URL}/api/invite/${id}`);
  }

  it('accepts as the customer Global admin after the customer agreement is ticked', async () => {
    const s = await seed.invitation({ inviter: contosoDirect, customerTenantId: adatumCorp.tenantId });
    const page = await browser.context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await openAndSignIn(page, s.id, s.token, 'Ada Adatum (Global admin)');

    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByText('must accept the customer agreement').waitFor();
    expect((await seed.get(s.id))?.doc.status).toBe('pending');

    await page.getByLabel('I accept the Microsoft Customer Agreement').check();
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByText('You accepted the invitation from Contoso Direct').waitFor();
    // The accept records before it answers.
    expect((await seed.get(s.id))?.doc).toMatchObject({
      status: 'recorded',
      acceptedBy: { tenantId: adatumCorp.tenantId },
    });
    expect((await seed.customer(adatumCorp.tenantId))?.doc.agreementAcceptedAt).toEqual(expect.any(String));
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).not.toContain(s.token);
    expect(cspViolations).toEqual([]);
    await page.close();
  });

  it('keeps the link token, the code and the access token out of the address bar, every Referer and the server log', async () => {
    const s = await seed.invitation({ inviter: contosoDirect, customerTenantId: adatumCorp.tenantId });
    const page = await browser.context.newPage();
    const requests: Promise<{ url: string; headers: Record<string, string> }>[] = [];
    page.on('request', (r) => requests.push(r.allHeaders().then((headers) => ({ url: r.url(), headers }))));
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    // The token endpoint's answer, read in full before the checks (the body arrives after the event).
    const tokenAnswers: Promise<string>[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/dev/oauth2/v2.0/token'))
        tokenAnswers.push(r.json().then((j: { access_token?: string }) => j.access_token ?? ''));
    });

    await openAndSignIn(page, s.id, s.token, 'Ada Adatum (Global admin)');
    // The code came back in the fragment of the return page, which handed it on and wiped it.
    const returnedTo = navigations.find((u) => u.includes('/api/signin/return#'));
    const code = new URLSearchParams(new URL(returnedTo!).hash.slice(1)).get('code')!;
    expect(code).toMatch(/^[\w-]{43}$/);
    expect(tokenAnswers).toHaveLength(1);
    const accessToken = await tokenAnswers[0]!;
    expect(accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const storage = await page.evaluate<string>('JSON.stringify(sessionStorage)');
    expect(storage).not.toContain(code);
    expect(storage).not.toContain(accessToken);

    // Adatum may have accepted the agreement already (the first test), and then there is no box.
    const agree = page.getByLabel('I accept the Microsoft Customer Agreement');
    if (await agree.count()) await agree.check();
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByText('You accepted the invitation from Contoso Direct').waitFor();
    expect((await seed.get(s.id))?.doc.status).toBe('recorded');
    expect(page.url()).toBe(`${stack.env.PUBLIC_BASE_URL}/api/invite/${s.id}`);
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).not.toMatch(
      new RegExp(`${s.token}|${code}|${accessToken}`),
    );

    const sent = await Promise.all(requests);
    expect(sent.length).toBeGreaterThan(5);
    for (const { url, headers } of sent) {
      // no-referrer everywhere: no request says where it came from.
      expect(headers.referer ?? '').toBe('');
      expect(url).not.toContain(s.token);
      expect(url).not.toContain(code);
    }
    // The code went to the token endpoint in a POST body only, and the token in a header only.
    expect(sent.filter((r) => r.url.includes('/dev/oauth2/v2.0/token'))).toHaveLength(1);
    const log = stack.host.output();
    for (const secret of [s.token, code, accessToken]) expect(log).not.toContain(secret);
    await page.close();
  });

  it('says so when the invitee cancels at the sign-in page, and offers sign-in again', async () => {
    const s = await seed.invitation({ inviter: contosoDirect });
    const page = await browser.context.newPage();
    await openAndStartSignIn(page, s.id, s.token);
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.getByText('Sign-in was cancelled, or the permissions it asks for were not granted').waitFor();
    expect(page.url()).toBe(`${stack.env.PUBLIC_BASE_URL}/api/invite/${s.id}`);
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Accept', exact: true }).isVisible()).toBe(false);
    await page.close();
  });

  it('does not use a sign-in answer whose state is not the one it started', async () => {
    const s = await seed.invitation({ inviter: contosoDirect });
    const page = await browser.context.newPage();
    const redeemed: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/oauth2/v2.0/token')) redeemed.push(r.url());
    });
    await openAndStartSignIn(page, s.id, s.token);
    // Someone else's answer (a forged or replayed redirect) arrives in this tab.
    await page.goto(`${stack.env.PUBLIC_BASE_URL}/api/signin/return#code=forged-code&state=not-ours`);
    await page.getByText('The sign-in that came back is not the one this page started, so it was not used.').waitFor();
    expect(page.url()).toBe(`${stack.env.PUBLIC_BASE_URL}/api/invite/${s.id}`);
    expect(redeemed).toEqual([]);
    await page.close();
  });

  it('shows why when the code cannot be redeemed', async () => {
    const s = await seed.invitation({ inviter: contosoDirect });
    const page = await browser.context.newPage();
    await openAndStartSignIn(page, s.id, s.token);
    // The dev sign-in page shares the tab's origin, so it can spoil the verifier the page kept.
    await page.evaluate(`(() => {
      const p = JSON.parse(sessionStorage.getItem('signin:pending'));
      p.verifier = 'x'.repeat(43);
      sessionStorage.setItem('signin:pending', JSON.stringify(p));
    })()`);
    await page.getByRole('button', { name: 'Ada Adatum (Global admin)' }).click();
    await page
      .getByText('Sign-in could not be completed: The code_verifier does not match the code_challenge.')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Sign in', exact: true }).isVisible()).toBe(true);
    expect((await seed.get(s.id))?.doc.status).toBe('pending');
    await page.close();
  });

  it('says what to do when the return page is opened without a sign-in in progress', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.env.PUBLIC_BASE_URL}/api/signin/return#code=stray&state=stray`);
    await page.getByText('This sign-in was not started from an invitation page in this browser tab').waitFor();
    expect(page.url()).toBe(`${stack.env.PUBLIC_BASE_URL}/api/signin/return`);
    await page.close();
  });

  it('declines as the Global admin of the bound customer', async () => {
    const s = await seed.invitation({ inviter: contosoDirect, customerTenantId: litwareGmbh.tenantId });
    const page = await browser.context.newPage();
    await openAndSignIn(page, s.id, s.token, 'Lena Litware (Global admin)');
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await page.getByText('You declined the invitation from Contoso Direct').waitFor();
    expect((await seed.get(s.id))?.doc.status).toBe('declined');
    await page.close();
  });

  it('shows the refusal to a signed-in user who is not Global admin, and changes nothing', async () => {
    const s = await seed.invitation({ inviter: contosoDirect });
    const page = await browser.context.newPage();
    await openAndSignIn(page, s.id, s.token, 'Adam Adatum');
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.getByText('only a Global Administrator of your organisation').waitFor();
    expect((await seed.get(s.id))?.doc.status).toBe('pending');
    await page.close();
  });

  it('reads without JavaScript and says what to do', async () => {
    const s = await seed.invitation({ inviter: contosoDirect });
    const noJs = await launchChromium(executablePath, { javaScriptEnabled: false });
    try {
      const page = await noJs.context.newPage();
      await page.goto(`${stack.url}/api/invite/${s.id}#t=${s.token}`);
      await page.getByText('Global Administrator', { exact: true }).waitFor();
      await page.getByText('Microsoft 365 admin center').waitFor();
      expect(await page.getByRole('button', { name: 'Accept', exact: true }).isVisible()).toBe(false);
      // Chromium under automation never renders <noscript> (even with scripts off), so its text is
      // read from the DOM; a person with JavaScript off sees it.
      expect(await page.locator('noscript').innerHTML()).toContain('Answering needs JavaScript');
    } finally {
      await noJs.close();
    }
    expect((await seed.get(s.id))?.doc.status).toBe('pending');
  });
});
