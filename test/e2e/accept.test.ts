// Accept and decline through HTTP on the product stack: the token, the state, every rule, the
// agreement, idempotency, races, the Origin check and bad input — each checked against Cosmos.
import { randomUUID } from 'node:crypto';
import { contosoDirect } from '../../infra/local/identity/demoDirectory';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { systemActor } from '../../shared/domain/invitation';
import { answerResponseSchema } from '../../shared/schemas/responses';
import { call } from '../support/hostProcess';
import type { ProductStack } from '../support/productStack';
import { daysAgo, startSeededStack, type Seeded, type Seeder } from '../support/seedInvitation';

let stack: ProductStack;
let seed: Seeder;

let stop: (() => Promise<void>) | undefined;
beforeAll(async () => void ({ stack, seed, stop } = await startSeededStack()), 120_000);
afterAll(async () => stop?.());

/** A fresh customer tenant, so agreement state never leaks between tests. */
function newCustomer(country = 'US') {
  const tenantId = randomUUID();
  const user = (ga: boolean) => {
    const userId = randomUUID();
    const claims = {
      tenantId,
      userId,
      email: `${userId.slice(0, 8)}@customer.example`,
      wids: ga ? [GLOBAL_ADMINISTRATOR_WID] : [],
      tenantCountry: country,
    };
    return { userId, token: () => stack.token(claims) };
  };
  return { tenantId, admin: user(true), otherAdmin: user(true), plainUser: user(false) };
}

type Who = { token: () => Promise<string> };
async function answer(
  verb: 'accept' | 'decline',
  id: string,
  who: Who,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return call(`${stack.url}/api/invitations/${id}/${verb}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await who.token()}`,
      'content-type': 'application/json',
      origin: stack.env.PUBLIC_BASE_URL as string,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
const accept = (s: Seeded, who: Who, extra: Record<string, unknown> = { acceptCustomerAgreement: true }) =>
  answer('accept', s.id, who, { token: s.token, ...extra });
const statusOf = async (id: string) => (await seed.get(id))?.doc.status;

function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code?: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  if (code) expect(res.body.code).toBe(code);
}

let unknownBody: unknown;
beforeAll(async () => {
  const c = newCustomer();
  const res = await answer('accept', randomUUID(), c.admin, { token: 'x'.repeat(43), acceptCustomerAgreement: true });
  expectProblem(res, 404, 'invitation_unavailable');
  unknownBody = res.body;
});
const expectUnavailable = (res: { status: number; headers: Headers; body: unknown }) => {
  expectProblem(res, 404, 'invitation_unavailable');
  expect(res.body).toEqual(unknownBody);
};

describe('accepting', () => {
  it('records the acceptance and the customer agreement, and never echoes the token', async () => {
    const c = newCustomer();
    const s = await seed.invitation({ inviter: contosoDirect, customerTenantId: c.tenantId });
    const res = await accept(s, c.admin, { acceptCustomerAgreement: true, companyName: 'Adatum' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      invitationId: s.id,
      status: 'accepted',
      answeredAt: expect.any(String),
      partner: { name: 'Contoso Direct' },
    });
    expect(answerResponseSchema.strict().safeParse(res.body).success).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(s.token);
    // The accept records before it answers (no orchestration runs for a seeded invitation).
    const stored = (await seed.get(s.id))?.doc;
    expect(stored?.status).toBe('recorded');
    expect(stored?.acceptedBy).toMatchObject({ tenantId: c.tenantId, userId: c.admin.userId });
    expect(stored?.timeline.map((t) => t.type)).toEqual(['created', 'accepted', 'recorded']);
    const customer = (await seed.customer(c.tenantId))?.doc;
    expect(customer).toMatchObject({ agreementAcceptedBy: c.admin.userId, companyName: 'Adatum', country: 'US' });
    // No orchestration was started for a seeded invitation: the raise fails, the answer stands.
    expect(stack.host.output()).toContain(`InvitationAnswered (accepted) for ${s.id} not delivered`);
    expect(stack.host.output()).not.toContain(s.token);
  });

  it('needs no agreement answer when the customer has it on record', async () => {
    const c = newCustomer();
    await accept(await seed.invitation({ inviter: contosoDirect }), c.admin);
    const s = await seed.invitation({ inviter: contosoDirect });
    expect((await accept(s, c.admin, {})).status).toBe(200);
  });

  it('gives the same acceptor the first result again, and anyone else the neutral 404', async () => {
    const c = newCustomer();
    const s = await seed.invitation({ inviter: contosoDirect });
    const first = await accept(s, c.admin);
    const again = await accept(s, c.admin);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const etag = (await seed.get(s.id))?.etag;
    expectUnavailable(await accept(s, c.otherAdmin));
    expectUnavailable(await answer('decline', s.id, c.admin, { token: s.token }));
    expect((await seed.get(s.id))?.etag).toBe(etag);
  });

  it('answers a wrong token, an expired, a revoked and a declined invitation exactly like an unknown one', async () => {
    const c = newCustomer();
    const wrong = await seed.invitation({ inviter: contosoDirect });
    expectUnavailable(await accept({ ...wrong, token: `${wrong.token.slice(0, -2)}AA` }, c.admin));
    const other = await seed.invitation({ inviter: contosoDirect });
    expectUnavailable(await accept({ ...wrong, token: other.token }, c.admin));
    expect(await statusOf(wrong.id)).toBe('pending');

    const expired = await seed.invitation({ inviter: contosoDirect, expiresInDays: 1, createdAt: daysAgo(2) });
    expectUnavailable(await accept(expired, c.admin));
    expect(await statusOf(expired.id)).toBe('pending');

    const revoked = await seed.invitation({ inviter: contosoDirect });
    await seed.store.apply(revoked.id, { type: 'revoke', by: systemActor }, new Date());
    expectUnavailable(await accept(revoked, c.admin));
    expect(await statusOf(revoked.id)).toBe('revoked');

    const declined = await seed.invitation({ inviter: contosoDirect });
    expect((await answer('decline', declined.id, c.otherAdmin, { token: declined.token })).status).toBe(200);
    expectUnavailable(await accept(declined, c.admin));
    expectUnavailable(await answer('accept', 'not-a-guid', c.admin, { token: declined.token }));
  });

  it.each([
    // Who you are: 403; a program rule refusing well-formed input (the region rule): 422.
    ['a customer user who is not Global admin', 'plainUser', undefined, 'US', 403, 'customer_global_admin_required'],
    ['a Global admin of another tenant than the bound one', 'admin', 'bound-elsewhere', 'US', 403, 'wrong_tenant'],
    ['a Global admin in another region', 'admin', undefined, 'DE', 422, 'region_mismatch'],
    ['a Global admin whose tenant country is unknown', 'admin', undefined, '', 422, 'region_mismatch'],
  ] as const)('refuses %s with %i and changes nothing', async (_what, who, bound, country, status, code) => {
    const c = newCustomer(country || 'US');
    const acceptor =
      country === ''
        ? {
            token: () =>
              stack.token({
                tenantId: c.tenantId,
                userId: randomUUID(),
                email: 'x@customer.example',
                wids: [GLOBAL_ADMINISTRATOR_WID],
              }),
          }
        : c[who];
    const s = await seed.invitation({ inviter: contosoDirect, customerTenantId: bound ? randomUUID() : c.tenantId });
    const before = await seed.get(s.id);
    expectProblem(await accept(s, acceptor), status, code);
    expect((await seed.get(s.id))?.etag).toBe(before?.etag);
    expect(await seed.customer(c.tenantId)).toBeUndefined();
  });

  it('asks for the customer agreement with 422 when it is not on record and not accepted', async () => {
    const c = newCustomer();
    const s = await seed.invitation({ inviter: contosoDirect });
    expectProblem(await accept(s, c.admin, {}), 422, 'customer_agreement_required');
    expectProblem(await accept(s, c.admin, { acceptCustomerAgreement: false }), 422, 'customer_agreement_required');
    expect(await statusOf(s.id)).toBe('pending');
    expect(await seed.customer(c.tenantId)).toBeUndefined();
    expect((await accept(s, c.admin)).status).toBe(200);
  });

  it('lets exactly one of a racing accept and decline win', async () => {
    for (let round = 0; round < 5; round++) {
      const c = newCustomer();
      const s = await seed.invitation({ inviter: contosoDirect });
      const [a, d] = await Promise.all([accept(s, c.admin), answer('decline', s.id, c.otherAdmin, { token: s.token })]);
      expect([a.status, d.status].sort()).toEqual([200, 404]);
      // A won accept has recorded before it answered.
      expect(await statusOf(s.id)).toBe(a.status === 200 ? 'recorded' : 'declined');
      expect((await seed.get(s.id))?.doc.timeline).toHaveLength(a.status === 200 ? 3 : 2);
    }
  });

  it('lets exactly one of many racing acceptors win', async () => {
    const c = newCustomer();
    await accept(await seed.invitation({ inviter: contosoDirect }), c.admin);
    const s = await seed.invitation({ inviter: contosoDirect });
    const admins = Array.from({ length: 6 }, () => {
      const userId = randomUUID();
      return {
        userId,
        token: () =>
          stack.token({
            tenantId: c.tenantId,
            userId,
            email: 'a@customer.example',
            wids: [GLOBAL_ADMINISTRATOR_WID],
            tenantCountry: 'US',
          }),
      };
    });
    const results = await Promise.all(admins.map((a) => accept(s, a, {})));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const winner = admins[results.findIndex((r) => r.status === 200)];
    expect((await seed.get(s.id))?.doc.acceptedBy?.userId).toBe(winner?.userId);
  });
});

describe('declining', () => {
  it('records the decline for a Global admin of the bound tenant', async () => {
    const c = newCustomer('DE'); // the region rule does not apply to saying no
    const s = await seed.invitation({ inviter: contosoDirect, customerTenantId: c.tenantId });
    expectProblem(
      await answer('decline', s.id, c.plainUser, { token: s.token }),
      403,
      'customer_global_admin_required',
    );
    const res = await answer('decline', s.id, c.admin, { token: s.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ invitationId: s.id, status: 'declined', partner: { name: 'Contoso Direct' } });
    expect(await statusOf(s.id)).toBe('declined');
    expect((await answer('decline', s.id, c.admin, { token: s.token })).body).toEqual(res.body);
  });
});

describe('what is refused before anything changes', () => {
  it('refuses a foreign Origin with 403; the public origin and no Origin (non-browser) pass', async () => {
    const c = newCustomer();
    const s = await seed.invitation({ inviter: contosoDirect });
    for (const origin of [
      'https://evil.example',
      'null',
      `${stack.env.PUBLIC_BASE_URL}.evil.example`,
      'http://localhost:1',
    ]) {
      expectProblem(
        await answer('accept', s.id, c.admin, { token: s.token, acceptCustomerAgreement: true }, { origin }),
        403,
        'origin_not_allowed',
      );
      expectProblem(await answer('decline', s.id, c.admin, { token: s.token }, { origin }), 403, 'origin_not_allowed');
    }
    expect(await statusOf(s.id)).toBe('pending');
    const res = await call(`${stack.url}/api/invitations/${s.id}/accept`, {
      headers: { authorization: `Bearer ${await c.admin.token()}` },
      json: { token: s.token, acceptCustomerAgreement: true },
    });
    expect(res.status).toBe(200);
  });

  it('answers 401 without a valid bearer token', async () => {
    const s = await seed.invitation({ inviter: contosoDirect });
    const res = await call(`${stack.url}/api/invitations/${s.id}/accept`, {
      json: { token: s.token, acceptCustomerAgreement: true },
    });
    expectProblem(res, 401, 'unauthenticated');
    expectProblem(
      await answer('accept', s.id, { token: async () => 'not-a-jwt' }, { token: s.token }),
      401,
      'unauthenticated',
    );
    expect(await statusOf(s.id)).toBe('pending');
  });

  it.each([
    ['malformed JSON', 'accept', () => '{"token":'],
    ['a missing token', 'accept', () => ({ acceptCustomerAgreement: true })],
    ['a token of the wrong type', 'accept', () => ({ token: 12345 })],
    ['a token with characters outside base64url', 'accept', (t: string) => ({ token: `${t}/+=` })],
    ['an extra field', 'accept', (t: string) => ({ token: t, acceptCustomerAgreement: true, tenantId: randomUUID() })],
    ['a non-boolean agreement answer', 'accept', (t: string) => ({ token: t, acceptCustomerAgreement: 'yes' })],
    [
      'an over-long company name',
      'accept',
      (t: string) => ({ token: t, acceptCustomerAgreement: true, companyName: 'x'.repeat(500) }),
    ],
    ['an array', 'decline', () => [1, 2]],
    ['null', 'decline', () => null],
    ['an extra field on decline', 'decline', (t: string) => ({ token: t, acceptCustomerAgreement: true })],
  ] as const)('refuses %s with 400 problem+json and changes nothing', async (_what, verb, body) => {
    const c = newCustomer();
    const s = await seed.invitation({ inviter: contosoDirect });
    const before = await seed.get(s.id);
    const payload = body(s.token);
    const res = await answer(verb, s.id, c.admin, typeof payload === 'string' ? payload : JSON.stringify(payload));
    expectProblem(res, 400, 'bad_request');
    expect(JSON.stringify(res.body)).not.toContain(s.token);
    expect((await seed.get(s.id))?.etag).toBe(before?.etag);
    expect(await seed.customer(c.tenantId)).toBeUndefined();
  });

  it('refuses a body that is not JSON with 415', async () => {
    const c = newCustomer();
    const s = await seed.invitation({ inviter: contosoDirect });
    expectProblem(
      await answer('accept', s.id, c.admin, `token=${s.token}`, {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
      'unsupported_media_type',
    );
    expect(await statusOf(s.id)).toBe('pending');
  });
});
