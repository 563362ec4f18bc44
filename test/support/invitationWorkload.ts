// The direct-invitation workload of test/reliability/invitation-crash.test.ts and the soak
// (test/soak/): a few dozen invitations of the demo partner are created (concurrently, with
// Idempotency-Keys, some double-submitted), some resent, then accepted, declined or revoked, some
// accepted just as their deadline fires, the rest left to expire a month later in virtual time,
// while the host is SIGKILLed at seeded steps. What it observes goes to invitationCrashChecks.ts.
import { contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { deriveInvitationToken } from '../../shared/domain/token';
import type { CrashHarness } from './crashHarness';
import { unfinished } from './crashHarness';
import { call } from './hostProcess';
import { invitationReader, type Observed, observe, type Requests, type Sent } from './invitationCrashChecks';
import { createBody, type PlannedInvitation, planInvitations } from './invitationCrashPlan';
import { between, prng } from './prng';
import type { ProductStack } from './productStack';
import { backdateTimelines } from './seedInvitation';
import { enrolPartner, operatorAuth } from './enrolment';

const DAY = 86_400_000;
/** Past the default 30-day deadline (the reminder comes 3 days before it). */
const SKIP_MS = 31 * DAY;

export const partnerAdmin = demoUsers.find(
  (u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin'),
) as DemoUser;

export type Phase = 'create' | 'resend' | 'answer' | 'expire' | 'observe';

export interface WorkloadOptions {
  seed: number;
  /** Names the invitations' keys and addresses (one label per run on a database). */
  label: string;
  withKills: boolean;
  stack: ProductStack;
  harness: CrashHarness;
  /** The draw of the kill moments (the harness's). */
  killRnd: () => number;
  /** How many invitations (default 28 to 36). */
  count?: [number, number];
  /** Share of the invitations left to expire that are instead accepted as their deadline fires (default none). */
  raceShare?: number;
  /** Answers go out while the resends are still on their way (an answer may beat a resend's email or its record). */
  overlapResends?: boolean;
  /** Waits for a condition (default the stack's `until`). */
  until?: <T>(what: string, probe: () => Promise<T | undefined>) => Promise<T>;
  /** Called as each phase starts (the soak injects its faults there). */
  onPhase?: (phase: Phase) => Promise<void>;
}

/** Runs the workload on `stack` (the caller starts and stops it) and reads back what it left. */
export async function runInvitationWorkload(
  o: WorkloadOptions,
): Promise<{ observed: Observed; phases: Record<string, number> }> {
  const { stack, harness, killRnd, withKills, label } = o;
  const planRnd = prng(o.seed);
  const [least, most] = o.count ?? [28, 36];
  const planned = planInvitations(planRnd, label, between(planRnd, least, most));
  // Drawn apart from the plan, so a seed plans the same invitations with and without races.
  const raceRnd = prng(o.seed ^ 0x2545f491);
  for (const p of planned) if (p.fate === 'expire' && raceRnd() < (o.raceShare ?? 0)) p.fate = 'race';
  const { portal, crashWithin, sendAll } = harness;
  const until = o.until ?? stack.until;
  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const phaseDone = (name: string): void => {
    phases[name] = Date.now() - phaseStart;
    phaseStart = Date.now();
  };
  const reader = invitationReader(stack.env);

  /** Settles until each of `invitations` has gone out `sends` times (or more). */
  const emailed = (invitations: PlannedInvitation[], sends: number): Promise<true> =>
    until(`${sends} sends of ${invitations.length} invitations`, async () => {
      const stored = await reader.byId();
      return invitations.every((p) => (stored.get(p.id)?.sendCount ?? 0) >= sends) || undefined;
    });

  try {
    const partner = await stack.bearer(partnerAdmin);
    await enrolPartner(stack.url, await operatorAuth(stack), contosoDirect);
    const customerAuth = new Map<string, string>();
    for (const p of planned) {
      const token = await stack.token({
        tenantId: p.customer.tenantId,
        userId: p.customer.userId,
        email: p.customer.email,
        wids: [GLOBAL_ADMINISTRATOR_WID],
        tenantCountry: contosoDirect.country,
      });
      customerAuth.set(p.id, `Bearer ${token}`);
    }
    phaseDone('setup');

    await o.onPhase?.('create');
    // 1. Creates, all at once; a double-submitted one twice with the same key.
    const createOne = (p: PlannedInvitation) =>
      portal('/api/invitations', { headers: { ...partner, 'idempotency-key': p.key }, json: createBody(p) });
    const toCreate = planned.flatMap((p) => (p.doubleSubmit ? [p, p] : [p]));
    const creating = sendAll(toCreate, createOne);
    if (withKills) await crashWithin('creating', toCreate.length, creating.done);
    const creates = await creating.replies;
    await emailed(planned, 1);
    phaseDone('create');

    await o.onPhase?.('resend');
    // 2. Resends, after pushing the first emails back an hour (a resend must wait 10 minutes).
    const toResend = planned.filter((p) => p.resend);
    await backdateTimelines(
      stack.env,
      toResend.map((p) => p.id),
    );
    const resending = sendAll(toResend, (p) =>
      portal(`/api/invitations/${p.id}/resend`, { method: 'POST', headers: partner }),
    );
    const killWhileResending = withKills && killRnd() < 0.3;
    if (killWhileResending) await crashWithin('resending', toResend.length, resending.done);
    const overlap = o.overlapResends ?? false;
    if (!overlap) {
      await resending.replies;
      await emailed(toResend, 2);
    }
    phaseDone('resend');

    await o.onPhase?.('answer');
    // 3. Answers, all at once, with the token from the emailed link.
    let races: Requests = [];
    const tokens = new Map<string, string>();
    for (const p of planned) {
      const link = (await stack.inbox(p.recipientEmail))
        .flatMap((m) => m.links)
        .find((l) => l.includes(`/invite/${p.id}`));
      const token = link ? new URL(link).hash.replace(/^#t=/, '') : undefined;
      if (token !== deriveInvitationToken(stack.env.INVITATION_TOKEN_SECRET as string, p.id))
        throw new Error(`invitation ${p.id}: no working link in the email`);
      tokens.set(p.id, token);
    }
    const answer = (p: PlannedInvitation): Promise<Sent> => {
      const token = tokens.get(p.id) as string;
      const customer = { authorization: customerAuth.get(p.id) as string, origin: stack.env.PUBLIC_BASE_URL as string };
      if (p.fate === 'accept' || p.fate === 'race')
        return portal(`/api/invitations/${p.id}/accept`, {
          headers: customer,
          json: { token, acceptCustomerAgreement: true, companyName: `Customer of ${p.recipientEmail}` },
        });
      if (p.fate === 'decline')
        return portal(`/api/invitations/${p.id}/decline`, { headers: customer, json: { token } });
      return portal(`/api/invitations/${p.id}/revoke`, { method: 'POST', headers: partner });
    };
    const toAnswer = planned.filter((p) => p.fate !== 'expire' && p.fate !== 'race');
    const answering = sendAll(toAnswer, answer);
    if (withKills && !killWhileResending) await crashWithin('answering', toAnswer.length, answering.done);
    const answers = await answering.replies;
    const resends = await resending.replies;
    // Those left open must have their second email, whatever the answers did meanwhile.
    await emailed(
      toResend.filter((p) => p.fate === 'expire' || p.fate === 'race'),
      2,
    );
    await until('the answers carried out', async () =>
      (
        await unfinished(
          stack,
          toAnswer.map((p) => p.id),
        )
      ).length === 0
        ? true
        : undefined,
    );
    // Much later, each answer once more, as it was: the same person gets the same result.
    const repeats = await Promise.all(toAnswer.map(async (p) => ({ p, sent: await answer(p) })));
    phaseDone('answer');

    await o.onPhase?.('expire');
    // 4. A month later: reminders, deadlines, expiry notices and the sweep. A host killed meanwhile
    // is restarted at the end of the skip, as a real one would be after being down until then.
    const virtualNow = Date.parse(String((await call(`${stack.url}/dev/time`)).body?.now ?? new Date().toISOString()));
    harness.clockAt(new Date(virtualNow + SKIP_MS + 60_000));
    // Not sent again if the host dies under it: its successor starts at the end of the skip anyway.
    const skipStarted = Date.now();
    const racing = planned.filter((p) => p.fate === 'race');
    const advance = (ms: number) =>
      harness.track(call(`${stack.url}/dev/time/advance`, { json: { ms } })).then(
        (r) => r.status,
        () => 'died',
      );
    // With races: first to a minute before the deadlines, then the acceptances go out as the rest
    // of the skip fires them.
    const beforeDeadlines = 30 * DAY - 60_000;
    const advancing = (racing.length ? advance(beforeDeadlines) : Promise.resolve(200))
      .then(async () => {
        if (!racing.length) return advance(SKIP_MS);
        const rest = advance(SKIP_MS - beforeDeadlines);
        races = await Promise.all(racing.map(async (p) => ({ p, sent: await answer(p) })));
        return rest;
      })
      .finally(() => {
        phases['skip'] = Date.now() - skipStarted;
      });
    // Its steps: each open invitation's reminder, then its expiry.
    const toExpire = planned.filter((p) => p.fate === 'expire' || p.fate === 'race');
    const expiringSteps = async (): Promise<number> => {
      const stored = await reader.byId();
      return toExpire.reduce(
        (n, p) => n + (stored.get(p.id)?.reminderSentAt ? 1 : 0) + (stored.get(p.id)?.status === 'expired' ? 1 : 0),
        0,
      );
    };
    if (withKills) await crashWithin('expiring', 2 * toExpire.length, expiringSteps);
    await advancing;
    await until('the deadlines carried out', async () =>
      (
        await unfinished(
          stack,
          planned.map((p) => p.id),
        )
      ).length === 0
        ? true
        : undefined,
    );
    // An hour on, so the sweep runs after everything (it also ran at the end of the skip).
    await call(`${stack.url}/dev/time/advance`, { json: { ms: 3_600_000 } });
    await until('the sweep to finish', async () => true);
    phaseDone('expire');

    await o.onPhase?.('observe');
    const observed = await observe(stack, {
      planned,
      partner,
      inviterEmail: partnerAdmin.email,
      creates,
      resends,
      answers: [...answers, ...races],
      repeats,
    });
    phaseDone('observe');
    return { observed, phases };
  } finally {
    reader.close();
  }
}
