// Invitations in bulk (issue 18): JSON and CSV batches, rows rejected up front with their numbers,
// the role template snapshot, the whole request repeated with its Idempotency-Key, ids derived
// from the batch id and row number, the long-running operation's resource and its paged results.
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { idempotentInvitationId } from '../../shared/domain/ids';
import { contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import { rowInvitationKey } from '../../shared/batches/batch';
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';

let stack: ProductStack;
let admin: Record<string, string>;
const api = (p: string) => `${stack.url}/api/${p}`;
const FINAL = ['succeeded', 'partiallySucceeded', 'failed', 'canceled'];

beforeAll(async () => {
  stack = await startProductStack({ INVITER_SENDS_PER_HOUR: '0' });
  admin = await directPartnerAdmin(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const batchDone = (id: string, headers = admin) =>
  stack.until(`batch ${id} to finish`, async () => {
    const r = await call(api(`invitation-batches/${id}`), { headers });
    return FINAL.includes(r.body.status) ? r.body : undefined;
  });

async function allResults(id: string): Promise<
  Array<{
    row: number;
    state: string;
    invitationId?: string;
    emailed?: boolean;
    error?: { code: string; message: string };
  }>
> {
  const out = [];
  let token: string | undefined;
  do {
    const r = await call(
      api(
        `invitation-batches/${id}/results?pageSize=7${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`,
      ),
      { headers: admin },
    );
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    token = r.body.continuationToken;
  } while (token);
  return out;
}

test('a JSON batch: bad rows rejected with their numbers, the others created and emailed, ids from the batch id and row number', async () => {
  const template = await call(api('role-templates'), {
    method: 'POST',
    json: { name: 'Batch helpdesk', roles: [HELPDESK_ADMINISTRATOR], duration: 'P45D' },
    headers: admin,
  });
  expect(template.status).toBe(201);
  const rows: unknown[] = Array.from({ length: 20 }, (_, i) => ({
    recipientEmail: `bulk${i + 1}@adatum.example`,
    recipientName: `Bulk ${i + 1}`,
  }));
  rows[3] = { recipientEmail: 'not-an-address' };
  rows[7] = { recipientEmail: 'template@adatum.example', roleTemplateId: template.body.id };
  rows[11] = {
    recipientEmail: 'missing-template@adatum.example',
    roleTemplateId: '00000000-0000-4000-8000-0000000000aa',
  };
  rows[15] = { recipientEmail: 'partnership@adatum.example', kind: 'partnership' };
  const posted = await call(api('invitation-batches'), {
    method: 'POST',
    json: { rows, expiresInDays: 14 },
    headers: admin,
  });
  expect(posted.status).toBe(202);
  const id = posted.body.id as string;
  expect(posted.headers.get('location')).toBe(`/api/invitation-batches/${id}`);
  expect(posted.body.counts.total).toBe(20);
  // Rejected up front, before anything was created.
  expect(posted.body.counts.rejected).toBe(3);

  // The template changes after the batch was submitted: the row keeps the snapshot of submission.
  expect(
    (
      await call(api(`role-templates/${template.body.id}`), {
        method: 'PATCH',
        json: { duration: 'P90D' },
        headers: admin,
      })
    ).status,
  ).toBe(200);

  const done = await batchDone(id);
  expect(done.status).toBe('partiallySucceeded');
  expect(done.counts).toEqual({ total: 20, created: 17, rejected: 3, emailed: 17, canceled: 0 });
  expect(done.percentComplete).toBe(100);

  const results = await allResults(id);
  expect(results.map((r) => r.row)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  const byRow = new Map(results.map((r) => [r.row, r]));
  expect(byRow.get(4)).toMatchObject({ state: 'rejected', error: { code: 'bad_request' } });
  expect(byRow.get(12)).toMatchObject({ state: 'rejected', error: { code: 'role_template_not_found' } });
  expect(byRow.get(16)).toMatchObject({ state: 'rejected', error: { code: 'partner_kind_not_allowed' } });
  for (const r of results.filter((x) => x.state === 'created')) {
    expect(r.invitationId).toBe(idempotentInvitationId(contosoDirect.tenantId, rowInvitationKey(id, r.row)));
    expect(r.emailed).toBe(true);
  }
  const inv8 = await call(api(`invitations/${byRow.get(8)?.invitationId}`), { headers: admin });
  expect(inv8.body.delegatedAdmin).toEqual({ roles: [HELPDESK_ADMINISTRATOR], duration: 'P45D', autoExtend: false });
  const inv1 = await call(api(`invitations/${byRow.get(1)?.invitationId}`), { headers: admin });
  expect(inv1.body).toMatchObject({ recipientEmail: 'bulk1@adatum.example', includeDelegatedAdmin: false });
  expect(await stack.inbox('bulk1@adatum.example')).toHaveLength(1);
  expect(await stack.inbox('template@adatum.example')).toHaveLength(1);

  // Only the failed rows.
  const rejected = await call(api(`invitation-batches/${id}/results?state=rejected`), { headers: admin });
  expect(rejected.body.items.map((r: { row: number }) => r.row)).toEqual([4, 12, 16]);
});

test('a CSV batch with a header row: quoted fields, a record with the wrong number of fields, an unknown column refuses the request', async () => {
  const csv = [
    'recipientEmail,recipientName,locale',
    'csv1@adatum.example,"Svensson, Anna",sv',
    'csv2@adatum.example,"Quoted ""Name""",en',
    'csv3@adatum.example,Too,many,fields',
    'csv4@adatum.example,,en',
    '',
  ].join('\r\n');
  const posted = await call(api('invitation-batches?expiresInDays=10'), {
    method: 'POST',
    body: '\uFEFF' + csv,
    headers: { ...admin, 'content-type': 'text/csv' },
  });
  expect(posted.status).toBe(202);
  const done = await batchDone(posted.body.id);
  expect(done.counts).toMatchObject({ total: 4, created: 3, rejected: 1, emailed: 3 });
  const results = await allResults(posted.body.id);
  expect(results[2]).toMatchObject({ row: 3, state: 'rejected', error: { code: 'bad_request' } });
  const first = await call(api(`invitations/${results[0]?.invitationId}`), { headers: admin });
  expect(first.body).toMatchObject({ recipientName: 'Svensson, Anna', email: { locale: 'sv' } });
  const second = await call(api(`invitations/${results[1]?.invitationId}`), { headers: admin });
  expect(second.body.recipientName).toBe('Quoted "Name"');

  const badHeader = await call(api('invitation-batches'), {
    method: 'POST',
    body: 'recipientEmail,shoeSize\na@adatum.example,42\n',
    headers: { ...admin, 'content-type': 'text/csv' },
  });
  expect([badHeader.status, badHeader.body.code]).toEqual([400, 'bad_request']);
  const unclosed = await call(api('invitation-batches'), {
    method: 'POST',
    body: 'recipientEmail\n"a@adatum.example\n',
    headers: { ...admin, 'content-type': 'text/csv' },
  });
  expect(unclosed.status).toBe(400);
  const xml = await call(api('invitation-batches'), {
    method: 'POST',
    body: '<rows/>',
    headers: { ...admin, 'content-type': 'application/xml' },
  });
  expect(xml.status).toBe(415);
  const tooMany = await call(api('invitation-batches'), {
    method: 'POST',
    json: { rows: Array.from({ length: 5001 }, () => ({ recipientEmail: 'x@adatum.example' })) },
    headers: admin,
  });
  expect(tooMany.status).toBe(400);
});

test('the whole request repeated with its Idempotency-Key returns the first batch and creates and sends nothing again', async () => {
  const key = { 'idempotency-key': `batch-${Date.now()}` };
  const rows = Array.from({ length: 12 }, (_, i) => ({ recipientEmail: `again${i}@adatum.example` }));
  const first = await call(api('invitation-batches'), {
    method: 'POST',
    json: { rows },
    headers: { ...admin, ...key },
  });
  // At once, while it runs, and again after it finished.
  const second = await call(api('invitation-batches'), {
    method: 'POST',
    json: { rows },
    headers: { ...admin, ...key },
  });
  expect([first.status, second.status]).toEqual([202, 202]);
  expect(second.body.id).toBe(first.body.id);
  expect(second.headers.get('idempotent-replayed')).toBe('true');
  await batchDone(first.body.id);
  const third = await call(api('invitation-batches'), {
    method: 'POST',
    json: { rows },
    headers: { ...admin, ...key },
  });
  expect(third.body).toMatchObject({ id: first.body.id, status: 'succeeded', counts: { created: 12, emailed: 12 } });
  for (const r of rows) expect(await stack.inbox(r.recipientEmail)).toHaveLength(1);
  const list = await call(api('invitations?pageSize=100'), { headers: admin });
  const again = list.body.items.filter((s: { recipientEmail: string }) => s.recipientEmail.startsWith('again'));
  expect(again).toHaveLength(12);
});

test('role × tenant: readers follow a batch, sellers create and cancel, another tenant sees nothing of it', async () => {
  const posted = await call(api('invitation-batches'), {
    method: 'POST',
    json: { rows: [{ recipientEmail: 'roles@adatum.example' }] },
    headers: admin,
  });
  const id = posted.body.id as string;
  await batchDone(id);
  const wrong: string[] = [];
  for (const u of demoUsers.filter((x) => x.roles?.some((r) => r !== 'ProgramAdmin'))) {
    const h = await stack.bearer(u as DemoUser);
    const own = u.tenantId === contosoDirect.tenantId;
    const role = (u.roles ?? [])[0] as string;
    const reads = own && ['GlobalAdmin', 'AdminAgent', 'SalesAgent', 'HelpdeskAgent'].includes(role);
    const sells = own && ['GlobalAdmin', 'AdminAgent', 'SalesAgent'].includes(role);
    const get = await call(api(`invitation-batches/${id}`), { headers: h });
    const results = await call(api(`invitation-batches/${id}/results`), { headers: h });
    const cancel = await call(api(`invitation-batches/${id}/cancel`), { method: 'POST', headers: h });
    const check = (what: string, status: number, ok: number, allowed: boolean) => {
      if (allowed ? status !== ok : ![403, 404].includes(status)) wrong.push(`${u.email} ${what}: ${status}`);
    };
    check('GET', get.status, 200, reads);
    check('GET results', results.status, 200, reads);
    check('cancel', cancel.status, 202, sells);
    if (!own && JSON.stringify([get.body, results.body]).includes('roles@adatum.example'))
      wrong.push(`${u.email} saw the batch`);
  }
  // A Helpdesk agent reads but does not create.
  const helpdesk = await stack.bearer(
    demoUsers.find((u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('HelpdeskAgent')) as DemoUser,
  );
  const refused = await call(api('invitation-batches'), {
    method: 'POST',
    json: { rows: [{ recipientEmail: 'no@adatum.example' }] },
    headers: helpdesk,
  });
  expect(refused.status).toBe(403);
  // A Sales agent may create, but its rows asking for admin privileges are rejected, the others created.
  const sales = await stack.bearer(
    demoUsers.find((u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('SalesAgent')) as DemoUser,
  );
  const tpl = (
    await call(api('role-templates'), {
      method: 'POST',
      json: { name: 'For sales', roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D' },
      headers: admin,
    })
  ).body.id as string;
  const mixed = await call(api('invitation-batches'), {
    method: 'POST',
    json: {
      rows: [{ recipientEmail: 's1@adatum.example' }, { recipientEmail: 's2@adatum.example', roleTemplateId: tpl }],
    },
    headers: sales,
  });
  expect(mixed.status).toBe(202);
  const done = await batchDone(mixed.body.id, sales);
  expect(done.counts).toMatchObject({ created: 1, rejected: 1 });
  expect((await call(api('invitation-batches/00000000-0000-4000-8000-000000000000'), { headers: admin })).status).toBe(
    404,
  );
  expect((await call(api(`invitation-batches/${id}`))).status).toBe(401);
  expect(wrong).toEqual([]);
});
