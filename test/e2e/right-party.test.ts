import { randomUUID } from 'node:crypto';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import {
  contosoDirect,
  type DemoTenant,
  fabrikamDistribution,
  northwindResellers,
  tailspinGov,
  woodgroveReseller,
} from '../../infra/local/identity/demoDirectory';
import { type IndirectWorld, roleUser, setUpIndirectWorld } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';
import { asPartner } from '../support/seedInvitation';
import { seedRecords } from '../support/seedRecords';

/**
 * Through HTTP on the real local stack: only the right party can do each
 * thing. Subscriptions have one owner; nobody deals with itself; a removed relationship is
 * established again by a later acceptance; the answer re-checks what the send checked; the draft
 * applies the send's rules. Each customer is a tenant of its own, so the tests do not share records.
 */
let w: IndirectWorld;

beforeAll(async () => {
  w = await setUpIndirectWorld(await startProductStack());
  await w.partnership(fabrikamDistribution, northwindResellers);
  // A national-cloud partner for the draft's cloud rule, enrolled beside the four demo partners.
  const seed = await seedRecords(w.stack.env);
  await seed.partner(asPartner(tailspinGov));
}, 180_000);

afterAll(async () => {
  await w?.stack.stop();
});

type Customer = { tenantId: string; userId: string; email: string; wids: string[]; tenantCountry: string };
const newCustomer = (): Customer => {
  const tenantId = randomUUID();
  return {
    tenantId,
    userId: randomUUID(),
    email: `admin@${tenantId.slice(0, 8)}.example`,
    wids: [GLOBAL_ADMINISTRATOR_WID],
    tenantCountry: 'US',
  };
};
/** A Global admin (directory role) of a partner's own tenant, as it would sign in "as the customer". */
const globalAdminOf = (t: DemoTenant): Customer => ({
  tenantId: t.tenantId,
  userId: randomUUID(),
  email: `ga@${t.tenantId.slice(0, 8)}.example`,
  wids: [GLOBAL_ADMINISTRATOR_WID],
  tenantCountry: t.country,
});
const admin = (t: DemoTenant) => w.partner(t, 'GlobalAdmin');

async function send(inviter: DemoTenant, to: { email: string }, json: Record<string, unknown> = {}): Promise<string> {
  const path = json.providerTenantId ? 'invitations/multi-party' : 'invitations';
  const r = await w.api(path, {
    headers: await admin(inviter),
    json: { recipientEmail: to.email, includeDelegatedAdmin: false, ...json },
  });
  if (r.status !== 202) throw new Error(`send: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

async function answer(id: string, to: Customer, what: 'accept' | 'decline' = 'accept') {
  const { token } = await w.linkToken(to.email, id);
  return w.api(`invitations/${id}/${what}`, {
    headers: { ...(await w.as(to)), ...w.origin },
    json: what === 'accept' ? { token, acceptCustomerAgreement: true } : { token },
  });
}

async function recorded(inviter: DemoTenant, id: string): Promise<void> {
  const headers = await admin(inviter);
  await w.until(`invitation ${id} recorded`, async () =>
    (await w.api(`invitations/${id}`, { headers })).body?.status === 'recorded' ? true : undefined,
  );
}

/** Sends, the customer accepts, and waits until the orchestration recorded it. */
async function established(
  inviter: DemoTenant,
  customer: Customer,
  json: Record<string, unknown> = {},
): Promise<string> {
  const id = await send(inviter, customer, json);
  const r = await answer(id, customer);
  if (r.status !== 200) throw new Error(`accept: ${r.status} ${JSON.stringify(r.body)}`);
  await recorded(inviter, id);
  return id;
}

const multiParty = { providerTenantId: fabrikamDistribution.tenantId };
const codeOf = (r: { status: number; body: any }) => ({ status: r.status, code: r.body?.code });

describe('defect 2: a subscription has one owner', () => {
  test('the direct partner and the provider each own theirs; the named reseller reads, only the owner changes; nobody else sees any', async () => {
    const customer = newCustomer();
    await established(contosoDirect, customer);
    await established(northwindResellers, customer, multiParty);
    const path = `customers/${customer.tenantId}/subscriptions`;
    const add = async (t: DemoTenant, json: Record<string, unknown>) =>
      w.api(path, { headers: await admin(t), json: { offerId: 'o365-e3', quantity: 5, ...json } });

    const direct = await add(contosoDirect, {});
    expect(direct.status).toBe(201);
    expect(direct.body.ownerTenantId).toBe(contosoDirect.tenantId);
    const indirect = await add(fabrikamDistribution, { resellerMpnId: northwindResellers.mpnId });
    expect(indirect.status).toBe(201);
    expect(indirect.body).toMatchObject({
      ownerTenantId: fabrikamDistribution.tenantId,
      resellerTenantId: northwindResellers.tenantId,
    });
    // The reseller transacts through its provider: it owns none.
    expect(codeOf(await add(northwindResellers, {}))).toEqual({ status: 422, code: 'partner_kind_not_allowed' });

    const listed = async (t: DemoTenant) =>
      ((await w.api(`${path}?pageSize=100`, { headers: await admin(t) })).body.items as Array<{ id: string }>).map(
        (s) => s.id,
      );
    expect(await listed(contosoDirect)).toEqual([direct.body.id]);
    expect(await listed(fabrikamDistribution)).toEqual([indirect.body.id]);
    expect(await listed(northwindResellers)).toEqual([indirect.body.id]);

    const patch = async (t: DemoTenant, id: string) =>
      w.api(`${path}/${id}`, {
        method: 'PATCH',
        headers: await admin(t),
        json: { supportContactMpnId: northwindResellers.mpnId },
      });
    expect(codeOf(await patch(contosoDirect, indirect.body.id))).toEqual({ status: 404, code: 'not_found' });
    expect(codeOf(await patch(fabrikamDistribution, direct.body.id))).toEqual({ status: 404, code: 'not_found' });
    expect(codeOf(await patch(northwindResellers, indirect.body.id))).toEqual({ status: 403, code: 'forbidden' });
    const owned = await patch(fabrikamDistribution, indirect.body.id);
    expect(owned.status).toBe(200);
    expect(owned.body).toMatchObject({
      ownerTenantId: fabrikamDistribution.tenantId,
      supportContactTenantId: northwindResellers.tenantId,
    });
  });
});

describe('defect 3: nobody deals with itself', () => {
  test("the reseller's own Global admin, or its provider's, cannot accept the reseller's multi-party invitation", async () => {
    for (const party of [northwindResellers, fabrikamDistribution]) {
      const self = globalAdminOf(party);
      const id = await send(northwindResellers, self, multiParty);
      expect(codeOf(await answer(id, self))).toEqual({ status: 422, code: 'self_relationship' });
      expect((await w.api(`invitations/${id}`, { headers: await admin(northwindResellers) })).body.status).toBe(
        'pending',
      );
    }
    const customers = await w.api('customers?pageSize=100', { headers: await admin(northwindResellers) });
    expect(customers.body.items.map((c: { customerTenantId: string }) => c.customerTenantId)).not.toContain(
      northwindResellers.tenantId,
    );
  });

  test('an invitation bound to the inviting side is refused at the send; a provider never invites itself as a reseller', async () => {
    const bound = async (inviter: DemoTenant, path: string, json: Record<string, unknown>) =>
      codeOf(
        await w.api(path, {
          headers: await admin(inviter),
          json: { recipientEmail: 'self@example.com', includeDelegatedAdmin: false, ...json },
        }),
      );
    const refused = { status: 422, code: 'self_relationship' };
    expect(await bound(contosoDirect, 'invitations', { customerTenantId: contosoDirect.tenantId })).toEqual(refused);
    expect(
      await bound(northwindResellers, 'invitations/multi-party', {
        ...multiParty,
        customerTenantId: fabrikamDistribution.tenantId,
      }),
    ).toEqual(refused);
    const partnership = await w.api('indirect-resellers/requests', {
      headers: await admin(fabrikamDistribution),
      json: { recipientEmail: 'self@example.com', resellerTenantId: fabrikamDistribution.tenantId },
    });
    expect(codeOf(partnership)).toEqual(refused);
  });
});

describe('defect 4: relationships have periods', () => {
  test('removed, then accepted again: active in a new period, the removed one kept in the history and the audit', async () => {
    const customer = newCustomer();
    const headers = await admin(contosoDirect);
    await established(contosoDirect, customer);
    expect((await w.api(`customers/${customer.tenantId}/relationship`, { method: 'DELETE', headers })).status).toBe(
      200,
    );
    const second = await established(contosoDirect, customer);

    const view = await w.api(`customers/${customer.tenantId}`, { headers });
    expect(view.status).toBe(200);
    const [relationship] = view.body.relationships;
    expect(relationship).toMatchObject({ status: 'active', invitationId: second });
    expect(relationship.removedAt).toBeUndefined();
    expect(relationship.periods).toHaveLength(2);
    expect(relationship.periods[0].to).toEqual(expect.any(String));
    expect(relationship.periods[1]).toMatchObject({ establishedBy: second });
    expect(relationship.periods[1].to).toBeUndefined();
    const listed = await w.api('customers?pageSize=100', { headers });
    expect(listed.body.items.map((c: { customerTenantId: string }) => c.customerTenantId)).toContain(customer.tenantId);
    expect(
      (
        await w.api(`customers/${customer.tenantId}/subscriptions`, {
          headers,
          json: { offerId: 'o365-e3', quantity: 1 },
        })
      ).status,
    ).toBe(201);
    const audit = await w.api('audit?pageSize=100', { headers });
    const actions = audit.body.items
      .filter((e: { subjectId: string }) => e.subjectId === relationship.id)
      .map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['relationship.removed', 'relationship.reestablished']));
  });

  test("the provider's relationship, removed, is established again by the reseller's next multi-party invitation", async () => {
    const customer = newCustomer();
    const provider = await admin(fabrikamDistribution);
    await established(northwindResellers, customer, multiParty);
    expect(
      (await w.api(`customers/${customer.tenantId}/relationship`, { method: 'DELETE', headers: provider })).status,
    ).toBe(200);
    expect((await w.api(`customers/${customer.tenantId}`, { headers: provider })).body.relationships[0].status).toBe(
      'removed',
    );
    await established(northwindResellers, customer, multiParty);
    const [relationship] = (await w.api(`customers/${customer.tenantId}`, { headers: provider })).body.relationships;
    expect(relationship).toMatchObject({
      status: 'active',
      kind: 'indirectProvider',
      resellerTenantId: northwindResellers.tenantId,
    });
    expect(relationship.periods).toHaveLength(2);
  });

  test('a customer created for a reseller, its relationship removed by the reseller, is established again by a later invitation', async () => {
    const body = {
      resellerTenantId: northwindResellers.tenantId,
      companyName: 'Tailspin Toys',
      domainPrefix: `tailspin${Date.now() % 1_000_000}`,
      country: 'US',
      contact: { firstName: 'Ada', lastName: 'Lind', email: 'ada@tailspin.example' },
      subscriptions: [{ offerId: 'o365-e3', quantity: 5 }],
    };
    const created = await w.api('customers', {
      headers: { ...(await admin(fabrikamDistribution)), 'idempotency-key': randomUUID() },
      json: body,
    });
    expect(created.status).toBe(201);
    const customer: Customer = { ...newCustomer(), tenantId: created.body.customerTenantId };
    const reseller = await admin(northwindResellers);
    expect(
      (await w.api(`customers/${customer.tenantId}/relationship`, { method: 'DELETE', headers: reseller })).status,
    ).toBe(200);
    const again = await established(northwindResellers, customer, multiParty);
    const [relationship] = (await w.api(`customers/${customer.tenantId}`, { headers: reseller })).body.relationships;
    expect(relationship).toMatchObject({ status: 'active', kind: 'reseller' });
    expect(relationship.periods.map((p: { establishedBy: string }) => p.establishedBy)).toEqual([
      expect.any(String),
      again,
    ]);
    expect(relationship.periods[0].establishedBy).not.toBe(again);
    const [provider] = (await w.api(`customers/${customer.tenantId}`, { headers: await admin(fabrikamDistribution) }))
      .body.relationships;
    expect(provider.periods).toHaveLength(1);
  });
});

describe('defect 5: every rule is checked again at the answer', () => {
  test("a partnership request answered by a reseller already the provider's partner: 409 already_partners", async () => {
    const reseller = roleUser(northwindResellers, 'GlobalAdmin');
    const r = await w.api('indirect-resellers/requests', {
      headers: await admin(fabrikamDistribution),
      json: { recipientEmail: reseller.email },
    });
    expect(r.status).toBe(202);
    const { token } = await w.linkToken(reseller.email, r.body.id);
    const accepted = await w.api(`invitations/${r.body.id}/accept`, {
      headers: { ...(await w.as(reseller)), ...w.origin },
      json: { token },
    });
    expect(codeOf(accepted)).toEqual({ status: 409, code: 'already_partners' });
    expect((await w.api(`invitations/${r.body.id}`, { headers: await admin(fabrikamDistribution) })).body.status).toBe(
      'pending',
    );
  });

  test('a multi-party invitation whose partnership ended: 409 partnership_ended, nothing recorded; declining is still allowed', async () => {
    const customer = newCustomer();
    const other = newCustomer();
    const id = await send(northwindResellers, customer, multiParty);
    const declinable = await send(northwindResellers, other, multiParty);
    expect(
      (
        await w.api(`indirect-resellers/${northwindResellers.tenantId}`, {
          method: 'DELETE',
          headers: await admin(fabrikamDistribution),
        })
      ).status,
    ).toBe(200);
    try {
      expect(codeOf(await answer(id, customer))).toEqual({ status: 409, code: 'partnership_ended' });
      expect((await w.api(`invitations/${id}`, { headers: await admin(northwindResellers) })).body.status).toBe(
        'pending',
      );
      expect((await w.api(`customers/${customer.tenantId}`, { headers: await admin(northwindResellers) })).status).toBe(
        404,
      );
      expect((await answer(declinable, other, 'decline')).status).toBe(200);
    } finally {
      await w.partnership(fabrikamDistribution, northwindResellers);
    }
  });
});

describe("defect 6: the draft applies the send's rules", () => {
  const draft = async (t: DemoTenant, json: Record<string, unknown>) =>
    w.api('invitations/draft', { headers: await admin(t), json });

  test('kinds and the national-cloud rule: nothing is drafted that the send refuses', async () => {
    expect(
      codeOf(await draft(contosoDirect, { kind: 'multiParty', providerTenantId: fabrikamDistribution.tenantId })),
    ).toEqual({ status: 422, code: 'partner_kind_not_allowed' });
    expect(codeOf(await draft(fabrikamDistribution, { kind: 'customerRelationship' }))).toEqual({
      status: 422,
      code: 'partner_kind_not_allowed',
    });
    const gov = await draft(tailspinGov, { includeDelegatedAdmin: false });
    expect(codeOf(gov)).toEqual({ status: 422, code: 'admin_privileges_required' });
    expect((await draft(tailspinGov, { includeDelegatedAdmin: true })).status).toBe(200);
  });

  test('names only a provider in active partnership with the caller', async () => {
    const notProvider = await draft(northwindResellers, {
      kind: 'multiParty',
      providerTenantId: contosoDirect.tenantId,
    });
    expect(codeOf(notProvider)).toEqual({ status: 422, code: 'partner_kind_not_allowed' });
    expect(JSON.stringify(notProvider.body)).not.toContain(contosoDirect.name);
    const stranger = await draft(woodgroveReseller, {
      kind: 'multiParty',
      providerTenantId: fabrikamDistribution.tenantId,
    });
    expect(codeOf(stranger)).toEqual({ status: 409, code: 'partnership_required' });
    expect(JSON.stringify(stranger.body)).not.toContain(fabrikamDistribution.name);
    const partner = await draft(northwindResellers, {
      kind: 'multiParty',
      providerTenantId: fabrikamDistribution.tenantId,
    });
    expect(partner.status).toBe(200);
    expect(partner.body.subject + partner.body.text).toContain(fabrikamDistribution.name);
  });
});
