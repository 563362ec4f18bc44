// The soak's workload of the second wave's features (meanness 4 and up), through HTTP on the real
// stack, under the run's faults and kills: webhook endpoints of the three partners subscribed to
// every event type (the receiver failing its first answers), invitations whose email bounces and is
// resent to a corrected address, a grant short enough to end during the month skip (expiry notices,
// grant.expired), a grant renewed by its customer, a one-day grant whose renewal is accepted
// moments before its end while the sweep fires (the record and the expiry race), and an invitation
// batch with a bad row. These
// are Tailspin Gov's (a direct partner in the US Government cloud, where every request includes
// delegated admin), so the direct workload's checks of Contoso's invitations stay exact.
import { contosoDirect, demoOperator, tailspinGov } from '../../infra/local/identity/demoDirectory';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { grantId } from '../../shared/domain/ids';
import { deriveInvitationToken } from '../../shared/domain/token';
import { eventTypes } from '../../shared/webhooks/events';
import type { CrashHarness } from '../support/crashHarness';
import { call } from '../support/hostProcess';
import type { Sent } from '../support/invitationCrashChecks';
import { partnerAdmin } from '../support/invitationWorkload';
import { roleUser } from '../support/indirectWorld';
import { between, seededUuid } from '../support/prng';
import type { ProductStack } from '../support/productStack';
import type { Receiver } from '../support/webhookReceiver';
import { provider, reseller } from './indirectWorkload';
import { storeReader } from './storeReader';

/** The wave's inviter: Tailspin Gov's Global admin. */
export const waveAdmin = roleUser(tailspinGov, 'GlobalAdmin');
const FINAL_BATCH = ['succeeded', 'partiallySucceeded', 'failed', 'canceled'];
const RESEND_INTERVAL_MS = 11 * 60_000;

export type RacedOutcome = 'recordedFirst' | 'expiredFirst' | 'refusedPastEnd';

export interface WaveEndpoint {
  tenantId: string;
  id: string;
  secret: string;
  path: string;
  /** When it was registered (ms): every trail entry from 2 s later on must reach it. */
  since: number;
}

export interface WavePlan {
  label: string;
  /** Invitations whose first email bounces (resent to a corrected address). */
  bounces: number;
  /** Valid rows of the batch (one bad row is added). */
  batchRows: number;
  /** Answers each endpoint fails first (500 or 503 with Retry-After), then 204. */
  receiverFailures: number;
  customers: { short: Customer; renewed: Customer; raced: Customer };
  /** How long before the raced grant's end its renewal is accepted (virtual ms). */
  racedLeadMs: number;
  /** The acceptance and the move of durable time past the end at once, or the move right after the 200. */
  racedTogether: boolean;
}

interface Customer {
  tenantId: string;
  userId: string;
  email: string;
}

/** What the wave workload did, for its invariants (waveInvariants.ts). */
export interface WaveRun {
  endpoints: WaveEndpoint[];
  bounced: Array<{ id?: string; first: string; corrected: string; created?: Sent; resend?: Sent }>;
  shortGrant?: { invitationId: string; customerTenantId: string; accept?: Sent };
  renewal?: { invitationId: string; customerTenantId: string; renewalId?: string; request?: Sent; accept?: Sent };
  /** The one-day grant whose renewal is accepted just before its end, as the sweep comes due. */
  raced?: {
    invitationId: string;
    customerTenantId: string;
    renewalId?: string;
    accept?: Sent;
    /** How the race went (waveInvariants.ts): the record first, the sweep's expiry first, or refused as past the end. */
    outcome?: RacedOutcome;
  };
  batch?: { id?: string; validRows: number; rows: string[]; posted?: Sent; final?: Record<string, any> };
  /** Where it stopped early, if it did (a refused step: reported, the rest of the run goes on). */
  stopped?: string;
}

export function planWave(rnd: () => number, label: string): WavePlan {
  const customer = (): Customer => ({ tenantId: seededUuid(rnd), userId: seededUuid(rnd), email: '' });
  const short = customer();
  const renewed = customer();
  short.email = `ga@${label}-short.example`;
  renewed.email = `ga@${label}-renewed.example`;
  const bounces = between(rnd, 1, 2);
  const batchRows = between(rnd, 2, 6);
  const receiverFailures = between(rnd, 0, 4);
  // Drawn after the rest, so that adding it left every earlier seed's plan as it was.
  const raced = customer();
  raced.email = `ga@${label}-raced.example`;
  return {
    label,
    bounces,
    batchRows,
    receiverFailures,
    customers: { short, renewed, raced },
    racedLeadMs: between(rnd, 1, 120) * 1000,
    racedTogether: rnd() < 0.5,
  };
}

export interface WaveDeps {
  stack: ProductStack;
  harness: CrashHarness;
  killRnd: () => number;
  receiver: Receiver;
  until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T>;
}

async function bearerOf(stack: ProductStack, u: Customer & { roles?: readonly string[]; wids?: readonly string[] }) {
  const token = await stack.token({
    tenantId: u.tenantId,
    userId: u.userId,
    email: u.email,
    ...(u.roles ? { roles: [...u.roles] } : {}),
    ...(u.wids ? { wids: [...u.wids] } : {}),
    tenantCountry: 'US',
  });
  return { authorization: `Bearer ${token}` };
}

/**
 * Enrols the three partners and registers one endpoint each, subscribed to every event type, before
 * any fault is injected (a registration is a portal's setup, not the workload under test).
 */
export async function registerEndpoints(d: WaveDeps, plan: WavePlan): Promise<WaveEndpoint[]> {
  const { stack, harness, receiver } = d;
  const operator = await bearerOf(stack, demoOperator);
  const endpoints: WaveEndpoint[] = [];
  for (const [t, admin] of [
    [contosoDirect, partnerAdmin],
    [tailspinGov, waveAdmin],
    [provider, roleUser(provider, 'GlobalAdmin')],
    [reseller, roleUser(reseller, 'GlobalAdmin')],
  ] as const) {
    const enrol = await harness.portal(`/api/program/partners/${t.tenantId}`, {
      method: 'PUT',
      headers: operator,
      json: { name: t.name, kind: t.kind, mpnId: t.mpnId, country: t.country, cloud: t.cloud },
    });
    if (![200, 201].includes(enrol.reply.status)) throw new Error(`enrol ${t.name}: ${enrol.reply.status}`);
    const path = `/${plan.label}/${t.tenantId}`;
    const failures = Array.from({ length: plan.receiverFailures }, (_, i) => (i % 2 ? 503 : 500));
    receiver.script(path, failures, 204, { 'retry-after': '1' });
    // With a key: a registration the host died under is sent again and must not register twice.
    const r = await harness.portal('/api/webhooks', {
      headers: { ...(await bearerOf(stack, admin)), 'idempotency-key': `${plan.label}-hook` },
      json: { url: receiver.url(path), events: [...eventTypes], description: `soak ${plan.label}` },
    });
    if (![200, 201].includes(r.reply.status))
      throw new Error(`webhook of ${t.name}: ${r.reply.status} ${JSON.stringify(r.reply.body)}`);
    endpoints.push({ tenantId: t.tenantId, id: r.reply.body.id, secret: r.reply.body.secret, path, since: Date.now() });
  }
  return endpoints;
}

/**
 * Runs the wave's steps (before the month skip, which expires what is left open, sends the short
 * grant's notices and ends it); a kill may fall among them.
 */
export async function runWave(d: WaveDeps, plan: WavePlan, run: WaveRun): Promise<void> {
  const { stack, harness, until } = d;
  const { portal } = harness;
  const secret = stack.env.INVITATION_TOKEN_SECRET as string;
  const origin = { origin: stack.env.PUBLIC_BASE_URL as string };
  const partner = await bearerOf(stack, waveAdmin);
  const status = async (id: string): Promise<string | undefined> =>
    (await portal(`/api/invitations/${id}`, { headers: partner })).reply.body?.status;
  const invitation = async (id: string): Promise<Record<string, any> | undefined> =>
    (await portal(`/api/invitations/${id}`, { headers: partner })).reply.body;
  const ok = (what: string, s: Sent, ...statuses: number[]): Sent => {
    if (!statuses.includes(s.reply.status))
      throw new Error(`${what}: ${s.reply.status} ${JSON.stringify(s.reply.body)} after ${s.attempts} tries`);
    return s;
  };
  let done = 0;
  const steps = plan.bounces * 2 + 6;
  const killing = d.killRnd() < 0.6 ? harness.crashWithin('wave', steps, () => done, 40) : Promise.resolve();
  const accept = async (id: string, c: Customer, body: Record<string, unknown> = {}) =>
    portal(`/api/invitations/${id}/accept`, {
      headers: { ...(await bearerOf(stack, { ...c, wids: [GLOBAL_ADMINISTRATOR_WID] })), ...origin },
      json: { token: deriveInvitationToken(secret, id), ...body },
    });

  try {
    // Bounces: the first email to a typo bounces; the inviter resends to the corrected address.
    const bouncing: WaveRun['bounced'] = Array.from({ length: plan.bounces }, (_, i) => ({
      first: `typo${i}@${plan.label}-bounce.example`,
      corrected: `it${i}@${plan.label}-bounce.example`,
    }));
    stack.emailSink.deliveryReports.bounce(bouncing.map((b) => b.first));
    run.bounced = bouncing;
    // Three grants: one of 3 days (ends during the month skip), one of 60 renewed for 90, one of a
    // day renewed for 90 just before its end.
    const grants = [
      { c: plan.customers.short, duration: 'P3D', key: `${plan.label}-short` },
      { c: plan.customers.renewed, duration: 'P60D', key: `${plan.label}-renewed` },
      { c: plan.customers.raced, duration: 'P1D', key: `${plan.label}-raced` },
    ];
    const [creates, granted] = await Promise.all([
      Promise.all(
        bouncing.map(async (b, i) => {
          b.created = ok(
            'bouncing invitation',
            await portal('/api/invitations', {
              headers: { ...partner, 'idempotency-key': `${plan.label}-bounce${i}` },
              json: { recipientEmail: b.first },
            }),
            202,
          );
          b.id = b.created.reply.body.id as string;
          done++;
        }),
      ),
      Promise.all(
        grants.map(async (g) => {
          const s = ok(
            `invitation of a ${g.duration} grant`,
            await portal('/api/invitations', {
              headers: { ...partner, 'idempotency-key': g.key },
              json: {
                recipientEmail: g.c.email,
                customerTenantId: g.c.tenantId,
                delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: g.duration, autoExtend: false },
              },
            }),
            202,
          );
          const id = s.reply.body.id as string;
          const accepted = await accept(id, g.c, { acceptCustomerAgreement: true, companyName: `Customer ${g.key}` });
          done++;
          return { id, accepted };
        }),
      ),
    ]);
    void creates;
    const [short, renewed, raced] = granted as Array<{ id: string; accepted: Sent }> as [
      { id: string; accepted: Sent },
      { id: string; accepted: Sent },
      { id: string; accepted: Sent },
    ];
    run.shortGrant = {
      invitationId: short.id,
      customerTenantId: plan.customers.short.tenantId,
      accept: short.accepted,
    };
    run.renewal = { invitationId: renewed.id, customerTenantId: plan.customers.renewed.tenantId };
    ok('acceptance of the short grant', short.accepted, 200);
    ok('acceptance of the renewed grant', renewed.accepted, 200);
    ok('acceptance of the raced grant', raced.accepted, 200);
    run.raced = { invitationId: raced.id, customerTenantId: plan.customers.raced.tenantId };

    // A batch with one bad row; its rows ask for a role template's privileges (in the US Government
    // cloud every request includes delegated admin).
    const template = ok(
      'role template',
      await portal('/api/role-templates', {
        headers: { ...partner, 'idempotency-key': `${plan.label}-template` },
        json: { name: `Helpdesk ${plan.label}`, roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false },
      }),
      201,
      200,
    );
    const roleTemplateId = template.reply.body.id as string;
    const rows = [
      ...Array.from({ length: plan.batchRows }, (_, i) => ({
        recipientEmail: `row${i}@${plan.label}-batch.example`,
        roleTemplateId,
      })),
      { recipientEmail: 'not-an-address' },
    ];
    const posted = ok(
      'batch',
      await portal('/api/invitation-batches', {
        headers: { ...partner, 'idempotency-key': `${plan.label}-batch` },
        json: { rows },
      }),
      202,
    );
    run.batch = {
      id: posted.reply.body.id as string,
      validRows: plan.batchRows,
      rows: rows.slice(0, plan.batchRows).map((r) => r.recipientEmail),
      posted,
    };
    done++;

    // Each bounce on the timeline, then (after the resend interval) a resend to the corrected address.
    await until('the bounces reported', async () => {
      for (const b of bouncing) {
        const inv = await invitation(b.id as string);
        if (!inv?.timeline?.some((e: { type: string }) => e.type === 'bounced')) return undefined;
      }
      return true;
    });
    // Durable time moves on past the resend interval; a host restarted later resumes from there.
    const advance = async (ms: number): Promise<void> => {
      const r = await harness.track(call(`${stack.url}/dev/time/advance`, { json: { ms } })).catch(() => undefined);
      if (r?.body?.now) harness.clockAt(new Date(r.body.now));
    };
    await advance(RESEND_INTERVAL_MS);
    await Promise.all(
      bouncing.map(async (b) => {
        // As a portal honouring Retry-After: a 429 (a host killed under the advance may have lost
        // it) waits the interval again, in durable time.
        for (let tries = 1; ; tries++) {
          b.resend = await portal(`/api/invitations/${b.id}/resend`, {
            method: 'POST',
            headers: partner,
            json: { recipientEmail: b.corrected },
          });
          if (b.resend.reply.status !== 429 || tries === 3) break;
          await advance(RESEND_INTERVAL_MS);
        }
        done++;
      }),
    );

    // The grant to renew recorded, then its renewal asked and accepted by the customer's Global admin.
    await until('the acceptances recorded', async () =>
      (await status(short.id)) === 'recorded' &&
      (await status(renewed.id)) === 'recorded' &&
      (await status(raced.id)) === 'recorded'
        ? true
        : undefined,
    );
    const request = await portal(
      `/api/customers/${plan.customers.renewed.tenantId}/grants/${grantId(renewed.id)}/renewal-requests`,
      {
        headers: { ...partner, 'idempotency-key': `${plan.label}-renewal` },
        json: {
          recipientEmail: plan.customers.renewed.email,
          delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P90D' },
        },
      },
    );
    run.renewal.request = ok('renewal request', request, 202);
    const renewalId = request.reply.body.id as string;
    run.renewal.renewalId = renewalId;
    run.renewal.accept = ok('renewal acceptance', await accept(renewalId, plan.customers.renewed), 200);
    done++;
    await until('the renewal recorded', async () => ((await status(renewalId)) === 'recorded' ? true : undefined));
    run.batch.final = await until('the batch finished', async () => {
      const b = (await portal(`/api/invitation-batches/${run.batch?.id}`, { headers: partner })).reply.body;
      return FINAL_BATCH.includes(b?.status) ? b : undefined;
    });
    done++;
    await raceRenewalWithSweep({ ...d, advance, accept, partner }, plan, run.raced, raced.id);
    done++;
  } catch (e) {
    run.stopped = (e as Error).message.split('\n')[0];
  } finally {
    done = steps;
    await killing;
  }
}

/**
 * The one-day grant's renewal, accepted by its customer `racedLeadMs` of virtual time before the
 * grant's end while durable time moves 16 minutes on (at once, or right after the 200): the sweep
 * comes due past the end while the acceptance is being recorded (or before it is stored: then 409
 * grant_not_active), so the sweep's expiry and the renewal's record race. Its record is not waited
 * for here.
 */
async function raceRenewalWithSweep(
  d: WaveDeps & {
    advance(ms: number): Promise<void>;
    accept(id: string, c: Customer): Promise<Sent>;
    partner: Record<string, string>;
  },
  plan: WavePlan,
  raced: NonNullable<WaveRun['raced']>,
  grantInvitationId: string,
): Promise<void> {
  const { stack, harness, until } = d;
  const c = plan.customers.raced;
  const request = await harness.portal(
    `/api/customers/${c.tenantId}/grants/${grantId(grantInvitationId)}/renewal-requests`,
    {
      headers: { ...d.partner, 'idempotency-key': `${plan.label}-raced-renewal` },
      json: { recipientEmail: c.email, delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P90D' } },
    },
  );
  if (request.reply.status !== 202)
    throw new Error(`raced renewal request: ${request.reply.status} ${JSON.stringify(request.reply.body)}`);
  raced.renewalId = request.reply.body.id as string;
  const endsAt = await until('the raced grant read', async () => {
    const store = storeReader(stack);
    try {
      const g = (await store.all('customers')).find((x) => x.type === 'grant' && x.id === grantId(grantInvitationId));
      return g?.endsAt ? Date.parse(g.endsAt as string) : undefined;
    } finally {
      store.dispose();
    }
  });
  // The host may be down (a kill of this phase): read the clock once it is back.
  const now = await until('the virtual clock read', async () => {
    const at = Date.parse(String((await call(`${stack.url}/dev/time`)).body?.now));
    return Number.isNaN(at) ? undefined : at;
  });
  if (endsAt - now > plan.racedLeadMs) await d.advance(endsAt - now - plan.racedLeadMs);
  const past = () => d.advance(16 * 60_000);
  if (plan.racedTogether) [raced.accept] = await Promise.all([d.accept(raced.renewalId, c), past()]);
  else {
    raced.accept = await d.accept(raced.renewalId, c);
    await past();
  }
}
