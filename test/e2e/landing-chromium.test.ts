// The landing page driven in headless Chromium (Debian's, through playwright-core): open the
// emailed link, sign in through the dev sign-in page as the customer's Global admin, answer.
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
    // As under `npm start`, /dev/* (the sign-in page) is served on the API's origin: the host
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

  /** Opens the emailed link and signs in through the dev sign-in page as `user`. */
  async function openAndSignIn(page: Page, id: string, token: string, user: string): Promise<void> {
    await page.goto(`${stack.url}/api/invite/${id}#t=${token}`);
    await page.getByRole('heading', { name: 'Contoso Direct invites your organisation to a reseller relationship' }).waitFor();
    expect(page.url()).not.toContain(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/dev\/signin\?returnTo=/);
    await page.getByRole('button', { name: user }).click();
    await page.waitForURL(new RegExp(`/api/invite/${id}`));
    await page.getByText(`Signed in as ${user}`).waitFor();
    // Neither the access token nor the link token stays in the address bar.
    expect(page.url()).toBe(`${stack.url}/api/invite/${id}`);
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
    expect((await seed.get(s.id))?.doc).toMatchObject({ status: 'accepted', acceptedBy: { tenantId: adatumCorp.tenantId } });
    expect((await seed.customer(adatumCorp.tenantId))?.doc.agreementAcceptedAt).toEqual(expect.any(String));
    expect(await page.evaluate<string>('JSON.stringify(sessionStorage)')).not.toContain(s.token);
    expect(cspViolations).toEqual([]);
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
