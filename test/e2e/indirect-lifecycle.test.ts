// Every terminal state of the two new invitation kinds (a partnership request, a multi-party
// invitation) under the real durable-functions SDK with virtual time, driven through HTTP: declined,
// revoked, expired, accepted just before the deadline, and an acceptance racing the deadline. Each
// ends in exactly one terminal state, the same everywhere: the invitation's status and timeline, the
// orchestration's output, and the records (the partnership; the reseller's and the provider's
// relationships with the customer) exist if and only if the invitation was recorded. A late answer
// to a finished invitation is refused and changes nothing.
import { randomUUID } from 'node:crypto';
import { fabrikamDistribution, northwindResellers } from '../../infra/local/identity/demoDirectory';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { call } from '../support/hostProcess';
import { type IndirectWorld, type Reply, setUpIndirectWorld } from '../support/indirectWorld';
import { startProductStack } from '../support/productStack';
import { enrolPartner, operatorAuth } from '../support/enrolment';

const TERMINAL = ['accepted', 'declined', 'revoked', 'expired'];

let w: IndirectWorld;
let n = 0;

beforeAll(async () => {
  w = await setUpIndirectWorld(await startProductStack());
  // Multi-party invitations need the reseller in active partnership with the provider.
  await w.partnership(fabrikamDistribution, northwindResellers);
}, 120_000);

afterAll(async () => {
  await w?.stack.stop();
});

type Identity = {
  tenantId: string;
  userId: string;
  email: string;
  roles?: string[];
  wids: string[];
  tenantCountry: string;
};

const orchestration = async (id: string) =>
  (await call(`${w.stack.url}/runtime/webhooks/durabletask/instances/${id}`)).body;
const finished = (id: string) =>
  w.until(`orchestration ${id} to finish`, async () =>
    (await orchestration(id))?.runtimeStatus === 'Completed' ? orchestration(id) : undefined,
  );
const advance = (ms: number) => call(`${w.stack.url}/dev/time/advance`, { json: { ms } });
const virtualNow = async () => Date.parse((await call(`${w.stack.url}/dev/time`)).body.now as string);
/** Moves the durable clock to an instant (virtual time; it must not be past). */
const advanceTo = async (at: number) => {
  const ms = at - (await virtualNow());
  if (ms < 0) throw new Error(`the durable clock is ${-ms} ms past ${new Date(at).toISOString()}`);
  return advance(ms);
};

/**
 * Virtual time moves only the durable clock (timers, `currentUtcDateTime`); the functions read the
 * wall clock, so an invitation's deadline (the wall clock plus its lifetime) would already be past on
 * a durable clock skipped ahead by an earlier test. A host restart starts the durable clock at the
 * wall clock again, so each deadline test starts with both clocks together.
 */
async function clocksTogether(): Promise<void> {
  if ((await virtualNow()) - Date.now() > 1000) await w.stack.restartHost();
}

/** One invitation of a kind, sent and emailed, with who answers it and what it records. */
interface Sent {
  id: string;
  token: string;
  /** The deadline (ms since the epoch). */
  expiresAt: number;
  /** The inviter's headers (reads and revokes the invitation). */
  inviter: Record<string, string>;
  accept(): Promise<Reply>;
  decline(): Promise<Reply>;
  /** Each record an acceptance makes: true when it is visible through the API. */
  records(): Promise<Record<string, boolean>>;
}

interface Kind {
  name: string;
  send(expiresInDays: number): Promise<Sent>;
}

/** Answers with the origin the answer endpoints require. */
const answer = async (who: Identity, id: string, verb: 'accept' | 'decline', json: Record<string, unknown>) =>
  w.api(`invitations/${id}/${verb}`, { headers: { ...(await w.as(who)), ...w.origin }, json });

/** Fabrikam asks a new reseller tenant of its own (enrolled in the US) to a partnership. */
const partnershipRequest: Kind = {
  name: 'partnership request',
  async send(expiresInDays) {
    const i = ++n;
    const admin: Identity = {
      tenantId: randomUUID(),
      userId: randomUUID(),
      email: `admin@reseller${i}.example`,
      roles: ['GlobalAdmin'],
      wids: [GLOBAL_ADMINISTRATOR_WID],
      tenantCountry: 'US',
    };
    await enrolPartner(w.stack.url, await operatorAuth(w.stack), {
      tenantId: admin.tenantId,
      name: `Reseller ${i}`,
      kind: 'indirectReseller',
      mpnId: `${4000000 + i}`,
      country: 'US',
      cloud: 'public',
    });
    const inviter = await w.partner(fabrikamDistribution, 'GlobalAdmin');
    const r = await w.api('indirect-resellers/requests', {
      headers: inviter,
      json: { recipientEmail: admin.email, expiresInDays },
    });
    expect(r.status).toBe(202);
    const id = r.body.id as string;
    const { token } = await w.linkToken(admin.email, id);
    return {
      id,
      token,
      expiresAt: Date.parse(r.body.expiresAt as string),
      inviter,
      accept: () => answer(admin, id, 'accept', { token }),
      decline: () => answer(admin, id, 'decline', { token }),
      async records() {
        const resellers = await w.api('indirect-resellers?pageSize=100', { headers: inviter });
        const providers = await w.api('indirect-providers?pageSize=100', { headers: await w.as(admin) });
        return {
          'partnership in the provider’s list': resellers.body.items.some(
            (x: any) => x.partnership.resellerTenantId === admin.tenantId && x.partnership.status === 'active',
          ),
          'partnership in the reseller’s list': providers.body.items.some(
            (x: any) =>
              x.partnership.providerTenantId === fabrikamDistribution.tenantId && x.partnership.status === 'active',
          ),
        };
      },
    };
  },
};

/** Northwind, with Fabrikam, invites a new customer tenant of its own (with a delegated admin grant). */
const multiParty: Kind = {
  name: 'multi-party invitation',
  async send(expiresInDays) {
    const i = ++n;
    const admin: Identity = {
      tenantId: randomUUID(),
      userId: randomUUID(),
      email: `admin@customer${i}.example`,
      wids: [GLOBAL_ADMINISTRATOR_WID],
      tenantCountry: 'US',
    };
    const inviter = await w.partner(northwindResellers, 'GlobalAdmin');
    const r = await w.api('invitations/multi-party', {
      headers: inviter,
      json: {
        recipientEmail: admin.email,
        customerTenantId: admin.tenantId,
        providerTenantId: fabrikamDistribution.tenantId,
        expiresInDays,
        delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false },
      },
    });
    expect(r.status).toBe(202);
    const id = r.body.id as string;
    const { token } = await w.linkToken(admin.email, id);
    const provider = await w.partner(fabrikamDistribution, 'GlobalAdmin');
    return {
      id,
      token,
      expiresAt: Date.parse(r.body.expiresAt as string),
      inviter,
      accept: () => answer(admin, id, 'accept', { token, acceptCustomerAgreement: true, companyName: `Customer ${i}` }),
      decline: () => answer(admin, id, 'decline', { token }),
      async records() {
        const resellerView = await w.api(`customers/${admin.tenantId}`, { headers: inviter });
        const providerView = await w.api(`customers/${admin.tenantId}`, { headers: provider });
        const partners = await w.api('me/partners?pageSize=100', { headers: await w.as(admin) });
        const mine = JSON.stringify(partners.body.items ?? []);
        return {
          'reseller relationship':
            resellerView.status === 200 &&
            resellerView.body.relationships.some(
              (x: any) => x.partnerTenantId === northwindResellers.tenantId && x.status === 'active',
            ),
          'delegated admin grant': resellerView.status === 200 && resellerView.body.grants.length === 1,
          'provider relationship':
            providerView.status === 200 &&
            providerView.body.relationships.some((x: any) => x.partnerTenantId === fabrikamDistribution.tenantId),
          'reseller in the customer’s partners': mine.includes(northwindResellers.tenantId),
          'provider in the customer’s partners': mine.includes(fabrikamDistribution.tenantId),
        };
      },
    };
  },
};

/** The one terminal state, checked everywhere: status, timeline, orchestration output, records. */
async function expectTerminal(s: Sent, status: 'recorded' | 'declined' | 'revoked' | 'expired'): Promise<void> {
  const done = await finished(s.id);
  expect(done.output).toBe(status);
  const view = await w.api(`invitations/${s.id}`, { headers: s.inviter });
  expect(view.body.status).toBe(status);
  const terminal = (view.body.timeline as Array<{ type: string }>)
    .map((e) => e.type)
    .filter((t) => TERMINAL.includes(t));
  expect(terminal).toEqual([status === 'recorded' ? 'accepted' : status]);
  const records = await s.records();
  const recorded = status === 'recorded';
  expect(records).toEqual(Object.fromEntries(Object.keys(records).map((k) => [k, recorded])));
  // Nothing further changes it: a late answer is refused, the view and records stay.
  if (!recorded) {
    const late = await s.accept();
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 404, code: 'invitation_unavailable' });
    const again = await s.decline();
    // The invitee repeating its decline gets the same answer; any other decline is refused.
    if (status === 'declined')
      expect({ status: again.status, answer: again.body.status }).toEqual({ status: 200, answer: 'declined' });
    else
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 404, code: 'invitation_unavailable' });
  }
  await w.until('settled', async () => true);
  expect((await w.api(`invitations/${s.id}`, { headers: s.inviter })).body).toEqual(view.body);
  expect(await s.records()).toEqual(records);
}

describe.each([
  [partnershipRequest.name, partnershipRequest],
  [multiParty.name, multiParty],
] as const)('%s', (_name, kind) => {
  test('declined by the invitee: declined, nothing recorded', async () => {
    const s = await kind.send(30);
    const r = await s.decline();
    expect(r.status).toBe(200);
    await expectTerminal(s, 'declined');
  });

  test('revoked by the inviter: revoked, nothing recorded, the link no longer works', async () => {
    const s = await kind.send(30);
    const r = await w.api(`invitations/${s.id}/revoke`, { method: 'POST', headers: s.inviter });
    expect(r.status).toBe(200);
    await expectTerminal(s, 'revoked');
  });

  test('unanswered past the deadline (virtual time): expired, nothing recorded', async () => {
    await clocksTogether();
    const s = await kind.send(1);
    expect((await advanceTo(s.expiresAt + 60_000)).status).toBe(200);
    await expectTerminal(s, 'expired');
  });

  test('accepted a minute before the deadline: recorded, and the deadline passing changes nothing', async () => {
    await clocksTogether();
    const s = await kind.send(1);
    expect((await advanceTo(s.expiresAt - 60_000)).status).toBe(200);
    expect((await s.accept()).status).toBe(200);
    await expectTerminal(s, 'recorded');
    expect((await advance(2 * 60_000)).status).toBe(200);
    await expectTerminal(s, 'recorded');
  });

  test('accepted a minute after the deadline: refused, expired, nothing recorded', async () => {
    await clocksTogether();
    const s = await kind.send(1);
    expect((await advanceTo(s.expiresAt + 60_000)).status).toBe(200);
    const late = await s.accept();
    expect(late.body.code).toBe('invitation_unavailable');
    await expectTerminal(s, 'expired');
  });

  test('an acceptance racing the deadline ends in exactly one terminal state', async () => {
    await clocksTogether();
    const s = await kind.send(1);
    const [advanced, accepted] = await Promise.all([advanceTo(s.expiresAt), s.accept()]);
    expect(advanced.status).toBe(200);
    if (accepted.status === 200) await expectTerminal(s, 'recorded');
    else {
      expect(accepted.body.code).toBe('invitation_unavailable');
      await expectTerminal(s, 'expired');
    }
  });
});
