import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { adatumCorp, contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { ProductStack, startProductStack } from '../support/productStack';

/**
 * The whole journey through HTTP and the email sink: a partner invites, the customer's Global
 * admin reads the email, follows its link, accepts; the customer appears in the partner's list with
 * its grant; removing the relationship keeps the grant. Then a host crash in the middle of
 * recording: the acceptance still ends recorded, with no duplicates.
 */
let stack: ProductStack;
const find = (tenantId: string, pick: (u: DemoUser) => boolean) =>
  demoUsers.find((u) => u.tenantId === tenantId && pick(u)) as DemoUser;
const api = (p: string) => `${stack.url}/api/${p}`;
let partner: Record<string, string>;
let customerAdmin: Record<string, string>;

const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => stack.until(what, probe);

/** Invites, waits for the email and returns the invitation id and the token from its link. */
async function inviteAndReadLink(to: string): Promise<{ id: string; token: string; link: string }> {
  const r = await call(api('invitations'), {
    json: {
      recipientEmail: to,
      delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P60D', autoExtend: true },
    },
    headers: partner,
  });
  expect(r.status).toBe(202);
  const id = r.body.id as string;
  const mail = await until('the invitation email', async () =>
    (await stack.inbox(to)).find((m) => m.links.some((l) => l.includes(`/invite/${id}`))),
  );
  const link = mail.links.find((l) => l.includes(`/invite/${id}`)) as string;
  const token = new URL(link).hash.replace(/^#t=/, '');
  return { id, token, link };
}

beforeAll(async () => {
  stack = await startProductStack();
  partner = await directPartnerAdmin(stack);
  customerAdmin = await stack.bearer(find(adatumCorp.tenantId, (u) => (u.wids?.length ?? 0) > 0));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('invite → email → landing page → accept → customer listed with its grant → removal keeps the grant', async () => {
  const { id, token, link } = await inviteAndReadLink('admin@adatum.example');
  const page = await fetch(new URL(link).origin + new URL(link).pathname);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Contoso Direct');

  const accepted = await call(api(`invitations/${id}/accept`), {
    json: { token, acceptCustomerAgreement: true, companyName: 'Adatum Corp' },
    headers: customerAdmin,
  });
  expect(accepted.status).toBe(200);
  const again = await call(api(`invitations/${id}/accept`), {
    json: { token, acceptCustomerAgreement: true },
    headers: customerAdmin,
  });
  expect(again.status).toBe(200);

  const customer = await until('the customer with its grant', async () => {
    const c = await call(api(`customers/${adatumCorp.tenantId}`), { headers: partner });
    return c.status === 200 && JSON.stringify(c.body).includes(HELPDESK_ADMINISTRATOR) ? c.body : undefined;
  });
  expect(JSON.stringify(customer)).toContain(id);
  const list = await call(api('customers'), { headers: partner });
  expect(JSON.stringify(list.body)).toContain(adatumCorp.tenantId);
  const detail = await call(api(`invitations/${id}`), { headers: partner });
  expect(detail.body.status).toBe('recorded');
  expect(detail.body.timeline.map((e: any) => e.type)).toEqual(['created', 'emailed', 'accepted', 'recorded']);

  const confirmation = await until('the confirmation to the inviter', async () => {
    const m = await stack.inbox(
      find(contosoDirect.tenantId, (u) => (u.roles as readonly string[] | undefined)?.includes('GlobalAdmin') ?? false)
        .email,
    );
    return m.find((x) => /accept/i.test(x.subject)) ? m : undefined;
  });
  expect(confirmation.filter((x) => /accept/i.test(x.subject))).toHaveLength(1);

  const removed = await call(api(`customers/${adatumCorp.tenantId}/relationship`), {
    method: 'DELETE',
    headers: partner,
  });
  expect(removed.status).toBe(200);
  expect(JSON.stringify(removed.body)).toContain(HELPDESK_ADMINISTRATOR);
  const after = await call(api('customers'), { headers: partner });
  expect(JSON.stringify(after.body)).not.toContain(adatumCorp.tenantId);
  const stillGranted = await call(api(`customers/${adatumCorp.tenantId}`), { headers: partner });
  expect(JSON.stringify(stillGranted.body)).toMatch(/"status":"active"/);
});

test('the same link cannot be used after it was answered, and a declined invitation records nothing', async () => {
  const { id, token } = await inviteAndReadLink('decline@adatum.example');
  const declined = await call(api(`invitations/${id}/decline`), { json: { token }, headers: customerAdmin });
  expect(declined.status).toBe(200);
  const late = await call(api(`invitations/${id}/accept`), {
    json: { token, acceptCustomerAgreement: true },
    headers: customerAdmin,
  });
  expect(late.status).toBe(404);
  expect(late.body.code).toBe('invitation_unavailable');
  const done = await until('the orchestration to finish', async () => {
    const s = await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`);
    return s.body.runtimeStatus === 'Completed' ? s.body : undefined;
  });
  expect(done.output).toBe('declined');
});
