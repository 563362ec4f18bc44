import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { adatumCorp, contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import { enrolPartner, operatorAuth } from './enrolment';
import { call } from './hostProcess';
import type { ProductStack } from './productStack';

const find = (tenantId: string, pick: (u: DemoUser) => boolean) =>
  demoUsers.find((u) => u.tenantId === tenantId && pick(u)) as DemoUser;

/**
 * Health, the OpenAPI document, and one invitation from creation to a recorded grant, on whatever app
 * the stack's host loaded (the deployment package in test/e2e/package.test.ts and
 * test/e2e/azd-replay.test.ts). Returns the invitation id.
 */
export async function runInvitationLife(stack: ProductStack): Promise<string> {
  const api = (p: string) => `${stack.url}/api/${p}`;
  expect((await call(api('health'))).status).toBe(200);
  const doc = await call(api('openapi.json'));
  expect(doc.status).toBe(200);
  expect(Object.keys(doc.body.paths).length).toBeGreaterThan(20);

  const inviter = find(
    contosoDirect.tenantId,
    (u) => (u.roles as readonly string[] | undefined)?.includes('GlobalAdmin') ?? false,
  );
  const partner = await stack.bearer(inviter);
  const customerAdmin = await stack.bearer(find(adatumCorp.tenantId, (u) => (u.wids?.length ?? 0) > 0));
  await enrolPartner(stack.url, await operatorAuth(stack), contosoDirect);

  const created = await call(api('invitations'), {
    json: {
      recipientEmail: 'admin@adatum.example',
      delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P60D', autoExtend: true },
    },
    headers: partner,
  });
  expect(created.status).toBe(202);
  const id = created.body.id as string;
  const mail = await stack.until('the invitation email', async () =>
    (await stack.inbox('admin@adatum.example')).find((m) => m.links.some((l) => l.includes(`/invite/${id}`))),
  );
  const link = new URL(mail.links.find((l) => l.includes(`/invite/${id}`)) as string);
  const page = await fetch(link.origin + link.pathname);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Contoso Direct');

  const token = link.hash.replace(/^#t=/, '');
  const accepted = await call(api(`invitations/${id}/accept`), {
    json: { token, acceptCustomerAgreement: true, companyName: 'Adatum Corp' },
    headers: customerAdmin,
  });
  expect(accepted.status).toBe(200);
  const customer = await stack.until('the customer with its grant', async () => {
    const c = await call(api(`customers/${adatumCorp.tenantId}`), { headers: partner });
    return c.status === 200 && JSON.stringify(c.body).includes(HELPDESK_ADMINISTRATOR) ? c.body : undefined;
  });
  expect(JSON.stringify(customer)).toContain(id);
  const detail = await call(api(`invitations/${id}`), { headers: partner });
  expect(detail.body.timeline.map((e: { type: string }) => e.type)).toEqual([
    'created',
    'emailed',
    'accepted',
    'recorded',
  ]);
  await stack.until('the confirmation to the inviter', async () =>
    (await stack.inbox(inviter.email)).some((m) => /accept/i.test(m.subject)) ? true : undefined,
  );
  const done = await stack.until('the orchestration to finish', async () => {
    const s = await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`);
    return s.body.runtimeStatus === 'Completed' ? s.body : undefined;
  });
  expect(done.output).toBe('recorded');
  return id;
}
