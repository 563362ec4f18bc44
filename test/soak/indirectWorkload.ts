// The soak's indirect-channel workload, through HTTP on the real stack: Fabrikam (indirect
// provider) invites Northwind (indirect reseller) to a partnership (kind 3); Northwind sends
// multi-party requests to customers (kind 2) with seeded fates; Fabrikam creates customers for
// Northwind (with Idempotency-Keys, some double-submitted), adds and updates their subscriptions;
// Northwind removes one accepted customer's relationship. Kills come from the run's harness.
import { fabrikamDistribution, northwindResellers } from '../../infra/local/identity/demoDirectory';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { grantId } from '../../shared/domain/ids';
import type { CrashHarness } from '../support/crashHarness';
import type { Sent } from '../support/invitationCrashChecks';
import { roleUser } from '../support/indirectWorld';
import { between, seededUuid, shuffle } from '../support/prng';
import type { ProductStack } from '../support/productStack';
import { demoOperator } from '../../infra/local/identity/demoDirectory';

export type MultiPartyFate = 'accept' | 'decline' | 'revoke' | 'expire';

export interface PlannedMultiParty {
  id?: string;
  key: string;
  recipientEmail: string;
  customer: { tenantId: string; userId: string; email: string };
  fate: MultiPartyFate;
  includeDelegatedAdmin: boolean;
}

export interface PlannedCreation {
  key: string;
  domainPrefix: string;
  doubleSubmit: boolean;
  subscriptions: number;
  /** One more subscription added later (with its own key, sent twice), then its reseller set by PATCH. */
  addOne: boolean;
}

/** What the indirect workload did, for its invariants. */
export interface IndirectRun {
  partnershipId?: string;
  multiParty: PlannedMultiParty[];
  creations: Array<PlannedCreation & { customerTenantId?: string; replies: Sent[] }>;
  removedCustomer?: string;
  /** A grant the customer removed (DELETE /api/me/delegated-admin-grants/{id}, sent twice). */
  removedGrant?: { id: string; replies: Sent[] };
  /** The partnership the provider ended at the end (DELETE /api/indirect-resellers/{tenantId}). */
  partnershipRemoval?: Sent;
  answers: Array<{ p: PlannedMultiParty; sent: Sent }>;
}

export const provider = fabrikamDistribution;
export const reseller = northwindResellers;

export function planIndirect(
  rnd: () => number,
  label: string,
  short = false,
): { multiParty: PlannedMultiParty[]; creations: PlannedCreation[] } {
  const n = between(rnd, 2, short ? 3 : 5);
  const fates = shuffle(
    rnd,
    Array.from(
      { length: n },
      (_, i): MultiPartyFate => (['accept', 'decline', 'revoke', 'expire'] as const)[i % 4] as MultiPartyFate,
    ),
  );
  const multiParty = fates.map((fate, i) => ({
    key: `${label}-mp${i}-${seededUuid(rnd).slice(0, 8)}`,
    recipientEmail: `mp${i}@${label}-mp${i}.example`,
    customer: { tenantId: seededUuid(rnd), userId: seededUuid(rnd), email: `ga@${label}-mp${i}.example` },
    fate,
    includeDelegatedAdmin: rnd() < 0.5,
  }));
  const creations = Array.from({ length: between(rnd, 1, short ? 1 : 3) }, (_, i) => ({
    key: `${label}-cc${i}-${seededUuid(rnd).slice(0, 8)}`,
    domainPrefix: `${label.replace(/[^a-z0-9]/g, '')}cc${i}${seededUuid(rnd).slice(0, 6)}`,
    doubleSubmit: rnd() < 0.3,
    subscriptions: between(rnd, 1, 2),
    addOne: rnd() < 0.6,
  }));
  return { multiParty, creations };
}

export interface IndirectDeps {
  stack: ProductStack;
  harness: CrashHarness;
  killRnd: () => number;
  withKills: boolean;
  until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T>;
}

/** Runs everything but the expiry (the direct workload's month skip expires what is left open). */
export async function runIndirect(
  d: IndirectDeps,
  plan: { multiParty: PlannedMultiParty[]; creations: PlannedCreation[] },
): Promise<IndirectRun> {
  const { stack, harness, until } = d;
  const { portal } = harness;
  const bearer = async (u: {
    tenantId: string;
    userId: string;
    email: string;
    roles?: readonly string[];
    wids?: readonly string[];
  }) => ({
    authorization: `Bearer ${await stack.token({ tenantId: u.tenantId, userId: u.userId, email: u.email, ...(u.roles ? { roles: [...u.roles] } : {}), ...(u.wids ? { wids: [...u.wids] } : {}), tenantCountry: 'US' })}`,
  });
  const origin = { origin: stack.env.PUBLIC_BASE_URL as string };
  const providerGa = await bearer(roleUser(provider, 'GlobalAdmin'));
  const providerSales = await bearer(roleUser(provider, 'SalesAgent'));
  const resellerAdmin = roleUser(reseller, 'GlobalAdmin');
  const resellerGa = await bearer(resellerAdmin);
  const ok = (what: string, s: Sent, ...statuses: number[]): Sent => {
    if (!statuses.includes(s.reply.status))
      throw new Error(`${what}: ${s.reply.status} ${JSON.stringify(s.reply.body)} after ${s.attempts} tries`);
    return s;
  };
  const linkToken = async (to: string, id: string): Promise<string> => {
    const mail = await until(`the email to ${to}`, async () =>
      (await stack.inbox(to)).find((m) => m.links.some((l) => l.includes(`/invite/${id}`))),
    );
    return new URL(mail.links.find((l) => l.includes(`/invite/${id}`)) as string).hash.replace(/^#t=/, '');
  };
  const statusOf = async (id: string, headers: Record<string, string>) =>
    (await portal(`/api/invitations/${id}`, { headers })).reply.body?.status as string | undefined;
  const run: IndirectRun = { multiParty: plan.multiParty, creations: [], answers: [] };

  // The program's operator enrols both (201 the first time; 200 when a retry finds it done).
  const operator = await bearer(demoOperator);
  for (const t of [provider, reseller]) {
    ok(
      `enrol ${t.name}`,
      await portal(`/api/program/partners/${t.tenantId}`, {
        method: 'PUT',
        headers: operator,
        json: { name: t.name, kind: t.kind, mpnId: t.mpnId, country: t.country, cloud: t.cloud },
      }),
      200,
      201,
    );
  }
  // Kind 3: the partnership, accepted (multi-party requests and new customers need it).
  const request = ok(
    'partnership request',
    await portal('/api/indirect-resellers/requests', {
      headers: { ...providerGa, 'idempotency-key': `${plan.multiParty[0]?.key ?? 'p'}-partnership` },
      json: { recipientEmail: resellerAdmin.email },
    }),
    202,
  );
  const partnershipId = request.reply.body.id as string;
  run.partnershipId = partnershipId;
  const ptoken = await linkToken(resellerAdmin.email, partnershipId);
  ok(
    'partnership accept',
    await portal(`/api/invitations/${partnershipId}/accept`, {
      headers: { ...resellerGa, ...origin },
      json: { token: ptoken },
    }),
    200,
  );
  await until('the partnership recorded', async () =>
    (await statusOf(partnershipId, providerGa)) === 'recorded' ? true : undefined,
  );

  // Kind 2: multi-party requests, all at once; a kill may fall among them.
  const steps = plan.multiParty.length + plan.creations.length;
  let done = 0;
  const killing =
    d.withKills && d.killRnd() < 0.6 ? harness.crashWithin('indirect', steps, () => done, 40) : Promise.resolve();
  const sending = Promise.all(
    plan.multiParty.map(async (p) => {
      const s = ok(
        `multi-party ${p.key}`,
        await portal('/api/invitations/multi-party', {
          headers: { ...resellerGa, 'idempotency-key': p.key },
          json: {
            providerTenantId: provider.tenantId,
            recipientEmail: p.recipientEmail,
            customerTenantId: p.customer.tenantId,
            includeDelegatedAdmin: p.includeDelegatedAdmin,
          },
        }),
        202,
      );
      p.id = s.reply.body.id as string;
      done++;
    }),
  );
  // New customers for the reseller, concurrently with them.
  const creating = Promise.all(
    plan.creations.map(async (c) => {
      const body = {
        resellerTenantId: reseller.tenantId,
        companyName: `Company ${c.domainPrefix}`,
        domainPrefix: c.domainPrefix,
        country: 'US',
        contact: { firstName: 'Ada', lastName: 'Lind', email: `ada@${c.domainPrefix}.example` },
        subscriptions: Array.from({ length: c.subscriptions }, (_, i) => ({
          offerId: i ? 'teams-essentials' : 'o365-e3',
          quantity: 5 + i,
        })),
      };
      const send = () =>
        portal('/api/customers', { headers: { ...providerSales, 'idempotency-key': c.key }, json: body });
      const replies = await Promise.all(c.doubleSubmit ? [send(), send()] : [send()]);
      done++;
      const customerTenantId = replies.find((r) => r.reply.status === 201)?.reply.body?.customerTenantId as
        string | undefined;
      run.creations.push({ ...c, customerTenantId, replies });
      if (!customerTenantId || !c.addOne) return;
      const add = () =>
        portal(`/api/customers/${customerTenantId}/subscriptions`, {
          headers: { ...providerSales, 'idempotency-key': `${c.key}-add` },
          json: { offerId: 'm365-business-premium', quantity: 10 },
        });
      const [first, again] = await Promise.all([add(), add()]);
      replies.push(first, again);
      const subId = first.reply.body?.id as string | undefined;
      if (subId)
        replies.push(
          await portal(`/api/customers/${customerTenantId}/subscriptions/${subId}`, {
            method: 'PATCH',
            headers: providerSales,
            json: { resellerMpnId: reseller.mpnId },
          }),
        );
    }),
  );
  await Promise.all([sending, creating, killing]);

  // Answers: the customer's Global admin accepts or declines; the reseller revokes.
  run.answers = await Promise.all(
    plan.multiParty
      .filter((p) => p.fate !== 'expire')
      .map(async (p) => {
        const id = p.id as string;
        if (p.fate === 'revoke')
          return { p, sent: await portal(`/api/invitations/${id}/revoke`, { method: 'POST', headers: resellerGa }) };
        const token = await linkToken(p.recipientEmail, id);
        const customer = { ...(await bearer({ ...p.customer, wids: [GLOBAL_ADMINISTRATOR_WID] })), ...origin };
        const path = `/api/invitations/${id}/${p.fate === 'accept' ? 'accept' : 'decline'}`;
        return {
          p,
          sent: await portal(path, {
            headers: customer,
            json:
              p.fate === 'accept'
                ? { token, acceptCustomerAgreement: true, companyName: `Customer ${p.recipientEmail}` }
                : { token },
          }),
        };
      }),
  );
  const accepted = plan.multiParty.filter((p) => p.fate === 'accept');
  await until('the multi-party answers carried out', async () => {
    for (const p of plan.multiParty.filter((x) => x.fate !== 'expire')) {
      const s = await statusOf(p.id as string, resellerGa);
      if (s === 'pending' || s === 'accepted') return undefined;
    }
    return true;
  });
  // A removal: the reseller ends one accepted customer's relationship.
  const removed = accepted[0];
  if (removed) {
    ok(
      'relationship removal',
      await portal(`/api/customers/${removed.customer.tenantId}/relationship`, {
        method: 'DELETE',
        headers: resellerGa,
      }),
      200,
      204,
    );
    run.removedCustomer = removed.customer.tenantId;
  }
  // The customer of another acceptance with delegated admin removes its grant (twice, as a double click).
  const withGrant = accepted.find((p) => p !== removed && p.includeDelegatedAdmin);
  if (withGrant) {
    const id = grantId(withGrant.id as string);
    const customer = await bearer({ ...withGrant.customer, wids: [GLOBAL_ADMINISTRATOR_WID] });
    const remove = () => portal(`/api/me/delegated-admin-grants/${id}`, { method: 'DELETE', headers: customer });
    run.removedGrant = { id, replies: await Promise.all([remove(), remove()]) };
  }
  // The provider ends the partnership.
  run.partnershipRemoval = await portal(`/api/indirect-resellers/${reseller.tenantId}`, {
    method: 'DELETE',
    headers: providerGa,
  });
  return run;
}
