import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { contosoDirect, demoUsers, fabrikamDistribution } from '../../infra/local/identity/demoDirectory';
import { call } from '../support/hostProcess';
import { ProductStack, startProductStack } from '../support/productStack';
import { enrolPartner, operatorAuth } from '../support/enrolment';

/**
 * The inviter's side end to end: the real app on the embedded host, the real durable-functions
 * replay, Cosmos over TLS, the ACS sink, tokens from the dev issuer, and virtual time.
 */
let stack: ProductStack;
const user = (tenantId: string, role: string) =>
  demoUsers.find(
    (u) => u.tenantId === tenantId && (u.roles as readonly string[] | undefined)?.includes(role),
  ) as (typeof demoUsers)[number];
const auth = async (u: (typeof demoUsers)[number]) => ({
  authorization: `Bearer ${await stack.token({ tenantId: u.tenantId, userId: u.userId, email: u.email, roles: u.roles ? [...u.roles] : undefined, wids: u.wids ? [...u.wids] : undefined, tenantCountry: u.tenantCountry })}`,
});
const api = (p: string) => `${stack.url}/api/${p}`;
let admin: Record<string, string>;
let sales: Record<string, string>;
let foreign: Record<string, string>;
const recipient = 'admin@adatum.example';

async function settle(): Promise<void> {
  await call(`${stack.url}/dev/time/settle`, { method: 'POST' });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    await settle();
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}\n${stack.host.output().slice(-3000)}`);
}

async function invite(
  body: Record<string, unknown>,
  headers: Record<string, string> = admin,
): Promise<{ status: number; body: any; headers: Headers }> {
  return call(api('invitations'), { json: { recipientEmail: recipient, ...body }, headers });
}

beforeAll(async () => {
  stack = await startProductStack();
  admin = await auth(user(contosoDirect.tenantId, 'GlobalAdmin'));
  sales = await auth(user(contosoDirect.tenantId, 'SalesAgent'));
  foreign = await auth(user(fabrikamDistribution.tenantId, 'GlobalAdmin'));
  const operator = await operatorAuth(stack);
  await enrolPartner(stack.url, operator, contosoDirect);
  // The foreign partner is one the program enrolled too: what it cannot see is another partner's.
  await enrolPartner(stack.url, operator, fabrikamDistribution);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('an invitation is created (202 + Location), emailed with its personal link, and listed', async () => {
  const r = await invite({
    recipientName: 'Ada',
    delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P90D', autoExtend: false },
  });
  expect(r.status).toBe(202);
  expect(r.headers.get('location')).toBe(`/api/invitations/${r.body.id}`);
  expect(r.body).not.toHaveProperty('tokenHash');
  expect(r.body.status).toBe('pending');
  const id = r.body.id as string;
  const mail = await until('the invitation email', async () =>
    (await stack.inbox(recipient)).find((m) => m.links.some((l) => l.includes(id))),
  );
  expect(mail.subject).toContain('Contoso Direct');
  const link = mail.links.find((l) => l.includes(id)) as string;
  expect(link).toMatch(new RegExp(`^${stack.env.PUBLIC_BASE_URL}/api/invite/${id}#t=[A-Za-z0-9_-]{20,}$`));
  expect(mail.text).toContain('Helpdesk Administrator');
  const detail = await until('the emailed timeline entry', async () => {
    const g = await call(api(`invitations/${id}`), { headers: admin });
    return g.body.timeline?.some((e: any) => e.type === 'emailed') ? g.body : undefined;
  });
  expect(detail.timeline.map((e: any) => e.type)).toEqual(['created', 'emailed']);
  const list = await call(api('invitations?status=pending'), { headers: sales });
  expect(list.status).toBe(200);
  expect(list.body.items.map((i: any) => i.id)).toContain(id);
});

test('a repeat with the same Idempotency-Key returns the same invitation and sends no second email', async () => {
  const headers = { ...admin, 'idempotency-key': 'order-4711' };
  const first = await invite({ recipientEmail: 'idem@adatum.example', includeDelegatedAdmin: false }, headers);
  const second = await invite({ recipientEmail: 'idem@adatum.example', includeDelegatedAdmin: false }, headers);
  expect(first.status).toBe(202);
  expect(second.status).toBe(202);
  expect(second.body.id).toBe(first.body.id);
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  await until('the email', async () => ((await stack.inbox('idem@adatum.example')).length > 0 ? true : undefined));
  await settle();
  expect(await stack.inbox('idem@adatum.example')).toHaveLength(1);
});

test('edited text without the link placeholder → 422 and nothing is created', async () => {
  const before = (await call(api('invitations'), { headers: admin })).body.items.length;
  const r = await invite({ email: { subject: 'Hi', text: 'no link here' } });
  expect(r.status).toBe(422);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body.code).toBe('invitation_link_missing');
  expect((await call(api('invitations'), { headers: admin })).body.items.length).toBe(before);
});

test('a sales agent may invite without admin privileges but not with them', async () => {
  expect((await invite({ recipientEmail: 'sales1@adatum.example', includeDelegatedAdmin: false }, sales)).status).toBe(
    202,
  );
  const denied = await invite({ recipientEmail: 'sales2@adatum.example' }, sales);
  expect(denied.status).toBe(403);
  expect(denied.body.code).toBe('forbidden');
});

test("another partner's tenant never sees, resends or revokes the invitation", async () => {
  const r = await invite({ recipientEmail: 'private@adatum.example', includeDelegatedAdmin: false });
  const id = r.body.id as string;
  expect((await call(api(`invitations/${id}`), { headers: foreign })).status).toBe(404);
  expect((await call(api(`invitations/${id}/revoke`), { method: 'POST', headers: foreign })).status).toBe(404);
  expect((await call(api(`invitations/${id}/resend`), { method: 'POST', headers: foreign })).status).toBe(404);
  const theirs = await call(api('invitations'), { headers: foreign });
  expect(theirs.body.items.map((i: any) => i.id)).not.toContain(id);
});

test('the draft endpoint returns the default email with the link placeholder', async () => {
  const r = await call(api('invitations/draft'), {
    json: { recipientName: 'Ada', includeDelegatedAdmin: false },
    headers: admin,
  });
  expect(r.status).toBe(200);
  expect(r.body.text).toContain('{{invitationLink}}');
  expect(r.body.subject).toContain('Contoso Direct');
});

test('revoke ends the invitation and its orchestration', async () => {
  const r = await invite({ recipientEmail: 'revoke@adatum.example', includeDelegatedAdmin: false });
  const id = r.body.id as string;
  await until('the email', async () => ((await stack.inbox('revoke@adatum.example')).length > 0 ? true : undefined));
  const revoked = await call(api(`invitations/${id}/revoke`), { method: 'POST', headers: admin });
  expect(revoked.status).toBe(200);
  expect(revoked.body.status).toBe('revoked');
  const status = await until('the orchestration to finish', async () => {
    const s = await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`);
    return s.body.runtimeStatus === 'Completed' ? s.body : undefined;
  });
  expect(status.output).toBe('revoked');
  expect((await call(api(`invitations/${id}/revoke`), { method: 'POST', headers: admin })).status).toBe(200);
  expect((await call(api(`invitations/${id}/resend`), { method: 'POST', headers: admin })).status).toBe(409);
});

test('one reminder three days before the deadline, then expiry and a notice to the inviter', async () => {
  const to = 'expire@adatum.example';
  const r = await invite({ recipientEmail: to, includeDelegatedAdmin: false, expiresInDays: 10 });
  const id = r.body.id as string;
  await until('the email', async () => ((await stack.inbox(to)).length > 0 ? true : undefined));
  await call(`${stack.url}/dev/time/advance`, { json: { ms: 6 * 86_400_000 } });
  expect(await stack.inbox(to)).toHaveLength(1);
  await call(`${stack.url}/dev/time/advance`, { json: { ms: 1.5 * 86_400_000 } });
  await until('the reminder', async () => ((await stack.inbox(to)).length === 2 ? true : undefined));
  await call(`${stack.url}/dev/time/advance`, { json: { ms: 3 * 86_400_000 } });
  const done = await until('expiry', async () => {
    const s = await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`);
    return s.body.runtimeStatus === 'Completed' ? s.body : undefined;
  });
  expect(done.output).toBe('expired');
  const g = await call(api(`invitations/${id}`), { headers: admin });
  expect(g.body.status).toBe('expired');
  expect(g.body.timeline.map((e: any) => e.type)).toEqual(['created', 'emailed', 'reminded', 'expired']);
  const notices = await until('the expiry notice', async () => {
    const m = (await stack.inbox(user(contosoDirect.tenantId, 'GlobalAdmin').email)).filter(
      (x) => x.text?.includes('expired') || /expired/i.test(x.subject),
    );
    return m.length > 0 ? m : undefined;
  });
  expect(notices.length).toBe(1);
  expect(await stack.inbox(to)).toHaveLength(2);
});
