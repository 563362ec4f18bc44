// Role templates (issue 18): CRUD under the delegated-admin rules, the role × tenant matrix of the
// five routes, and the snapshot an invitation keeps (a later edit or deletion changes neither the
// pending invitation nor the grant its acceptance records).
import { partnerRoles, type PartnerRole, can } from '../../shared/auth/roles';
import { GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { deriveInvitationToken } from '../../shared/domain/token';
import {
  adatumCorp,
  contosoDirect,
  type DemoUser,
  demoUsers,
  northwindResellers,
} from '../../infra/local/identity/demoDirectory';
import { enrolPartner, operatorAuth } from '../support/enrolment';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { type Seeder, seedRecords } from '../support/seedRecords';

let stack: ProductStack;
let seed: Seeder;
const api = (p: string) => `${stack.url}/api/${p}`;
const userWith = (tenantId: string, role: PartnerRole) =>
  demoUsers.find((u) => u.tenantId === tenantId && u.roles?.includes(role)) as DemoUser;
const auth = new Map<string, Record<string, string>>();
const as = (tenantId: string, role: PartnerRole) => auth.get(`${tenantId}/${role}`) as Record<string, string>;
let admin: Record<string, string>;
let customerAdmin: Record<string, string>;

const helpdesk30 = { name: 'Helpdesk 30 days', roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false };

beforeAll(async () => {
  stack = await startProductStack();
  seed = await seedRecords(stack.env);
  const operator = await operatorAuth(stack);
  await enrolPartner(stack.url, operator, contosoDirect);
  await enrolPartner(stack.url, operator, northwindResellers);
  for (const t of [contosoDirect, northwindResellers])
    for (const role of partnerRoles) auth.set(`${t.tenantId}/${role}`, await stack.bearer(userWith(t.tenantId, role)));
  admin = as(contosoDirect.tenantId, 'GlobalAdmin');
  customerAdmin = await stack.bearer(
    demoUsers.find((u) => u.tenantId === adatumCorp.tenantId && (u.wids?.length ?? 0) > 0) as DemoUser,
  );
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

const create = (body: unknown, headers = admin, extra: Record<string, string> = {}) =>
  call(api('role-templates'), { method: 'POST', json: body, headers: { ...headers, ...extra } });

test('a template is created, read, listed, changed over its ETag and deleted', async () => {
  const made = await create({ ...helpdesk30, roles: [HELPDESK_ADMINISTRATOR.toUpperCase(), HELPDESK_ADMINISTRATOR] });
  expect(made.status).toBe(201);
  const id = made.body.id as string;
  expect(made.headers.get('location')).toBe(`/api/role-templates/${id}`);
  // Normalised as an invitation's delegatedAdmin is: lower case, no repeats.
  expect(made.body).toMatchObject({
    name: 'Helpdesk 30 days',
    roles: [HELPDESK_ADMINISTRATOR],
    duration: 'P30D',
    autoExtend: false,
    partnerTenantId: contosoDirect.tenantId,
  });
  const etag = made.headers.get('etag') as string;
  expect(etag).toBeTruthy();

  const got = await call(api(`role-templates/${id}`), { headers: admin });
  expect(got.status).toBe(200);
  expect(got.headers.get('etag')).toBe(etag);
  const list = await call(api('role-templates?pageSize=100'), { headers: admin });
  expect(list.body.items.map((t: { id: string }) => t.id)).toContain(id);

  const changed = await call(api(`role-templates/${id}`), {
    method: 'PATCH',
    json: { duration: 'P60D', autoExtend: true },
    headers: { ...admin, 'if-match': etag },
  });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ duration: 'P60D', autoExtend: true, roles: [HELPDESK_ADMINISTRATOR] });
  // The old version no longer matches.
  const stale = await call(api(`role-templates/${id}`), {
    method: 'PATCH',
    json: { name: 'x' },
    headers: { ...admin, 'if-match': etag },
  });
  expect(stale.status).toBe(412);
  // The merged result is checked as a whole: adding Global Administrator to an auto-extended template is refused.
  const bad = await call(api(`role-templates/${id}`), {
    method: 'PATCH',
    json: { roles: [GLOBAL_ADMINISTRATOR] },
    headers: admin,
  });
  expect([bad.status, bad.body.code]).toEqual([422, 'auto_extend_not_allowed']);

  expect((await call(api(`role-templates/${id}`), { method: 'DELETE', headers: admin })).status).toBe(204);
  expect((await call(api(`role-templates/${id}`), { headers: admin })).status).toBe(404);
  expect((await call(api(`role-templates/${id}`), { method: 'DELETE', headers: admin })).status).toBe(404);
});

test("the rules of an invitation's delegatedAdmin hold for a template", async () => {
  const ga = await create({ name: 'GA', roles: [GLOBAL_ADMINISTRATOR], duration: 'P30D', autoExtend: true });
  expect([ga.status, ga.body.code]).toEqual([422, 'auto_extend_not_allowed']);
  const unknown = await create({ name: 'Unknown', roles: ['00000000-0000-4000-8000-000000000000'], duration: 'P30D' });
  expect([unknown.status, unknown.body.code]).toEqual([422, 'validation_failed']);
  const long = await create({ name: 'Too long', roles: [HELPDESK_ADMINISTRATOR], duration: 'P731D' });
  expect([long.status, long.body.code]).toEqual([400, 'bad_request']);
  const none = await create({ name: 'None', roles: [], duration: 'P30D' });
  expect(none.status).toBe(400);
  const extra = await create({ ...helpdesk30, owner: 'someone' });
  expect(extra.status).toBe(400);
});

test('a create repeated with its Idempotency-Key returns the first template and makes no second', async () => {
  const key = { 'idempotency-key': `tpl-${Date.now()}` };
  const first = await create({ ...helpdesk30, name: 'Once' }, admin, key);
  const again = await create({ ...helpdesk30, name: 'Once' }, admin, key);
  expect([first.status, again.status]).toEqual([201, 200]);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body.id).toBe(first.body.id);
  const list = await call(api('role-templates?pageSize=100'), { headers: admin });
  expect(list.body.items.filter((t: { name: string }) => t.name === 'Once')).toHaveLength(1);
});

test('role × tenant: each route answers the role matrix, and another tenant never sees or touches a template', async () => {
  const wrong: string[] = [];
  for (const tenant of [contosoDirect, northwindResellers]) {
    const own = tenant.tenantId === contosoDirect.tenantId;
    for (const role of partnerRoles) {
      const h = as(tenant.tenantId, role);
      const manage = can([role], 'roleTemplate.manage');
      const read = can([role], 'roleTemplate.read');
      // A template of contoso's, fresh for each caller.
      const target = (await create({ ...helpdesk30, name: `for ${role}` })).body.id as string;
      const expectStatus = (what: string, got: number, ok: number, allowed: boolean) => {
        const fine = allowed ? got === ok : [403, 404].includes(got);
        if (!fine) wrong.push(`${role}@${own ? 'own' : 'foreign'} ${what}: ${got}`);
      };
      const made = await create({ ...helpdesk30, name: `by ${role}` }, h);
      // Creating and listing name the caller's own tenant: any tenant's admins may.
      expectStatus('POST', made.status, 201, manage);
      if (made.status === 201 && made.body.partnerTenantId !== tenant.tenantId)
        wrong.push(`${role} created in another tenant`);
      const list = await call(api('role-templates?pageSize=100'), { headers: h });
      expectStatus('GET list', list.status, 200, read);
      if (
        list.status === 200 &&
        list.body.items.some((t: { partnerTenantId: string }) => t.partnerTenantId !== tenant.tenantId)
      )
        wrong.push(`${role}@${tenant.name} lists another tenant's template`);
      expectStatus('GET', (await call(api(`role-templates/${target}`), { headers: h })).status, 200, read && own);
      expectStatus(
        'PATCH',
        (await call(api(`role-templates/${target}`), { method: 'PATCH', json: { name: 'renamed' }, headers: h }))
          .status,
        200,
        manage && own,
      );
      expectStatus(
        'DELETE',
        (await call(api(`role-templates/${target}`), { method: 'DELETE', headers: h })).status,
        204,
        manage && own,
      );
      if (!own) {
        // Still there, unchanged, for its owner.
        const still = await call(api(`role-templates/${target}`), { headers: admin });
        if (still.status !== 200 || still.body.name !== `for ${role}`)
          wrong.push(`foreign ${role} changed contoso's template`);
      }
    }
  }
  expect((await call(api('role-templates'))).status).toBe(401);
  expect(wrong).toEqual([]);
});

test('an invitation naming a template keeps a snapshot: later edits and deletion change neither it nor the grant', async () => {
  const tpl = await create({ ...helpdesk30, name: 'Snapshot' });
  const templateId = tpl.body.id as string;
  const sent = await call(api('invitations'), {
    method: 'POST',
    json: { recipientEmail: 'snapshot@adatum.example', roleTemplateId: templateId },
    headers: admin,
  });
  expect(sent.status).toBe(202);
  const id = sent.body.id as string;
  expect(sent.body.delegatedAdmin).toEqual({ roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false });

  const changed = await call(api(`role-templates/${templateId}`), {
    method: 'PATCH',
    json: { duration: 'P90D', roles: [GLOBAL_ADMINISTRATOR] },
    headers: admin,
  });
  expect(changed.status).toBe(200);
  const after = await call(api(`invitations/${id}`), { headers: admin });
  expect(after.body.delegatedAdmin).toEqual({ roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false });
  // An invitation sent now takes the new version.
  const later = await call(api('invitations'), {
    method: 'POST',
    json: { recipientEmail: 'snapshot2@adatum.example', roleTemplateId: templateId },
    headers: admin,
  });
  expect(later.body.delegatedAdmin).toEqual({ roles: [GLOBAL_ADMINISTRATOR], duration: 'P90D', autoExtend: false });
  expect((await call(api(`role-templates/${templateId}`), { method: 'DELETE', headers: admin })).status).toBe(204);

  const token = deriveInvitationToken(stack.env.INVITATION_TOKEN_SECRET as string, id);
  const accepted = await call(api(`invitations/${id}/accept`), {
    method: 'POST',
    json: { token, acceptCustomerAgreement: true },
    headers: customerAdmin,
  });
  expect(accepted.status).toBe(200);
  const grants = await seed
    .container('customers')
    .items.query({
      query: 'SELECT * FROM c WHERE c.type = "grant" AND c.invitationId = @id',
      parameters: [{ name: '@id', value: id }],
    })
    .fetchAll();
  expect(grants.resources).toHaveLength(1);
  expect(grants.resources[0]).toMatchObject({ roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false });
});

test('an invitation names a template of its own tenant, and not together with delegatedAdmin', async () => {
  const mine = (await create({ ...helpdesk30, name: 'Mine' })).body.id as string;
  const both = await call(api('invitations'), {
    method: 'POST',
    json: {
      recipientEmail: 'both@adatum.example',
      roleTemplateId: mine,
      delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D' },
    },
    headers: admin,
  });
  expect([both.status, both.body.code]).toEqual([400, 'bad_request']);
  const withoutAdmin = await call(api('invitations'), {
    method: 'POST',
    json: { recipientEmail: 'no@adatum.example', roleTemplateId: mine, includeDelegatedAdmin: false },
    headers: admin,
  });
  expect([withoutAdmin.status, withoutAdmin.body.code]).toEqual([400, 'bad_request']);
  const theirs = (await create({ ...helpdesk30, name: 'Theirs' }, as(northwindResellers.tenantId, 'GlobalAdmin'))).body
    .id as string;
  const foreign = await call(api('invitations'), {
    method: 'POST',
    json: { recipientEmail: 'foreign@adatum.example', roleTemplateId: theirs },
    headers: admin,
  });
  expect([foreign.status, foreign.body.code]).toEqual([422, 'role_template_not_found']);
  const unknown = await call(api('invitations'), {
    method: 'POST',
    json: { recipientEmail: 'unknown@adatum.example', roleTemplateId: '00000000-0000-4000-8000-00000000abcd' },
    headers: admin,
  });
  expect([unknown.status, unknown.body.code]).toEqual([422, 'role_template_not_found']);
});
