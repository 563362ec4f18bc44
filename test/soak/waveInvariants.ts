// The invariants of the wave workload (waveWorkload.ts), read from Cosmos (faults off), the email
// sink and the webhook receiver once the run is over:
// - webhooks: every event of every trail entry written after an endpoint's registration reached it
//   (a 2xx), none it got is missing from its tenant's trail, each verifies with its secret and
//   matches its documented schema, and a redelivery (same id: allowed, at least once) carries the
//   same body;
// - a bounce: on the timeline once, the inviter told once, the corrected address emailed and its
//   delivery reported;
// - the short grant expired once; the renewed grant extended once, to the renewal's terms; the
//   raced renewal (accepted moments before its grant's end as the sweep fires) renews it to its
//   terms whichever came first, or is refused as past the end and the grant expires once;
// - the batch: every valid row one invitation, the bad row refused, one batch.completed.
import { grantId } from '../../shared/domain/ids';
import type { AuditEntry } from '../../shared/store/audit';
import { eventsOf } from '../../shared/webhooks/outbox';
import type { ProductStack } from '../support/productStack';
import { documentedEvents, type Receiver, verifyDelivery } from '../support/webhookReceiver';
import { type Doc, storeReader } from './storeReader';
import { type WaveEndpoint, type WaveRun, waveAdmin } from './waveWorkload';

/** Entries committed this long after a registration must reach the endpoint (the publisher's lag). */
const SETTLE_MS = 2_000;

export interface WebhookTally {
  /** Distinct events each endpoint had to get. */
  expected: number;
  /** Requests the receiver answered 2xx. */
  delivered: number;
  /** Of those, events delivered again (same id; at least once allows it). */
  redelivered: number;
  /** Requests the receiver failed on purpose. */
  refused: number;
}

export async function readTrail(stack: ProductStack): Promise<Array<AuditEntry & { _ts: number }>> {
  const store = storeReader(stack);
  try {
    return await store.all<AuditEntry & { _ts: number }>('audit');
  } finally {
    store.dispose();
  }
}

/** Per endpoint: the event ids it must get (entries after its registration) and all it may get. */
export function expectedEvents(
  trail: ReadonlyArray<AuditEntry & { _ts: number }>,
  e: WaveEndpoint,
  baseUrl: string,
): { must: Map<string, string>; may: Set<string> } {
  const must = new Map<string, string>();
  const may = new Set<string>();
  for (const entry of trail) {
    if (entry.tenantId !== e.tenantId) continue;
    for (const ev of eventsOf(entry, baseUrl)) {
      may.add(ev.id);
      if (entry._ts * 1000 >= e.since + SETTLE_MS) must.set(ev.id, `${ev.type} ${ev.subject ?? ''}`.trim());
    }
  }
  return { must, may };
}

/** The events still missing at the endpoints (empty when every one arrived). */
export function missingEvents(
  trail: ReadonlyArray<AuditEntry & { _ts: number }>,
  run: Pick<WaveRun, 'endpoints'>,
  receiver: Receiver,
  baseUrl: string,
): string[] {
  const missing: string[] = [];
  for (const e of run.endpoints) {
    const got = new Set(
      receiver
        .forPath(e.path)
        .filter((r) => r.status < 300)
        .map((r) => String(r.headers['webhook-id'])),
    );
    for (const [id, what] of expectedEvents(trail, e, baseUrl).must)
      if (!got.has(id)) missing.push(`webhook: ${what} (${id}) never delivered to ${e.tenantId}`);
  }
  return missing;
}

export async function webhookInvariants(
  stack: ProductStack,
  run: Pick<WaveRun, 'endpoints'>,
  receiver: Receiver,
): Promise<{ broken: string[]; tally: WebhookTally }> {
  const baseUrl = stack.env.PUBLIC_BASE_URL as string;
  const trail = await readTrail(stack);
  const violations = await documentedEvents(stack.url);
  const broken = missingEvents(trail, run, receiver, baseUrl);
  const tally: WebhookTally = { expected: 0, delivered: 0, redelivered: 0, refused: 0 };
  for (const e of run.endpoints) {
    const { must, may } = expectedEvents(trail, e, baseUrl);
    tally.expected += must.size;
    const bodies = new Map<string, string>();
    for (const r of receiver.forPath(e.path)) {
      let event: { id: string; type: string };
      try {
        event = verifyDelivery(e.secret, r, { atArrival: true });
      } catch (err) {
        broken.push(`webhook: a delivery to ${e.tenantId} fails verification: ${(err as Error).message}`);
        continue;
      }
      if (r.status >= 300) {
        tally.refused++;
        continue;
      }
      tally.delivered++;
      if (!may.has(event.id))
        broken.push(`webhook: ${event.type} ${event.id} delivered to ${e.tenantId} is in no entry of its trail`);
      const before = bodies.get(event.id);
      if (before === undefined) {
        bodies.set(event.id, r.body);
        broken.push(...violations(event).map((v) => `webhook: ${v}`));
      } else {
        tally.redelivered++;
        if (before !== r.body) broken.push(`webhook: ${event.type} ${event.id} delivered again with another body`);
      }
    }
  }
  return { broken, tally };
}

export async function waveInvariants(stack: ProductStack, run: WaveRun): Promise<string[]> {
  const store = storeReader(stack);
  const all = store.all;
  try {
    const [invitations, customerDocs, audit] = await Promise.all([all('invitations'), all('customers'), all('audit')]);
    const bad: string[] = [];
    if (run.stopped) bad.push(`wave stopped: ${run.stopped}`);
    const byId = new Map(invitations.map((i) => [i.id as string, i]));
    const entries = (tenantId: string, action: string, subjectId: string) =>
      audit.filter((a) => a.tenantId === tenantId && a.action === action && a.subject?.id === subjectId);
    const partner = waveAdmin.tenantId;

    // Bounces.
    const inviterMail = await stack.inbox(waveAdmin.email);
    for (const b of run.bounced) {
      const inv = b.id ? byId.get(b.id) : undefined;
      if (!inv) {
        if (b.created) bad.push(`bounced invitation to ${b.first}: not stored`);
        continue;
      }
      const timeline = inv.timeline as Array<{ type: string; detail?: Doc }>;
      const types = timeline.map((t) => t.type);
      const count = (t: string) => types.filter((x) => x === t).length;
      // The first send's bounce (a reminder to the same address may bounce too: its own entry).
      const firstBounce = (t: { type: string; detail?: Doc }) =>
        t.type === 'bounced' && t.detail?.sendNumber === 1 && t.detail?.reminder === undefined;
      if (timeline.filter(firstBounce).length !== 1)
        bad.push(`bounced invitation ${inv.id}: ${timeline.filter(firstBounce).length} bounces of its first send`);
      const notices = inviterMail.filter((m) => m.subject === `Your invitation to ${b.first} was not delivered`);
      if (notices.length !== 1) bad.push(`bounced invitation ${inv.id}: the inviter got ${notices.length} notices`);
      const bouncedEntries = entries(partner, 'invitation.bounced', inv.id).filter(
        (a) => a.detail?.sendNumber === 1 && a.detail?.reminder === undefined,
      );
      if (bouncedEntries.length !== 1)
        bad.push(`bounced invitation ${inv.id}: ${bouncedEntries.length} audit entries of its first bounce`);
      const first = (await stack.inbox(b.first)).filter((m) => !m.subject.startsWith('Reminder: '));
      if (first.length !== 1) bad.push(`bounced invitation ${inv.id}: ${first.length} emails to ${b.first}`);
      if (b.resend?.reply.status !== 202) {
        bad.push(`bounced invitation ${inv.id}: the corrected resend answered ${b.resend?.reply.status}`);
        continue;
      }
      if (inv.recipientEmail !== b.corrected || count('readdressed') !== 1)
        bad.push(
          `bounced invitation ${inv.id}: to ${inv.recipientEmail} with ${count('readdressed')} readdressed entries`,
        );
      const second = (await stack.inbox(b.corrected)).filter((m) => !m.subject.startsWith('Reminder: '));
      if (second.length !== 1 || inv.sendCount !== 2)
        bad.push(`bounced invitation ${inv.id}: ${second.length} emails to ${b.corrected}, sendCount ${inv.sendCount}`);
      const delivered = (inv.timeline as Array<{ type: string; detail?: Doc }>).filter(
        (t) => t.type === 'delivered' && t.detail?.sendNumber === 2 && t.detail?.reminder === undefined,
      );
      if (delivered.length !== 1)
        bad.push(`bounced invitation ${inv.id}: the corrected send's delivery recorded ${delivered.length} times`);
    }

    // The short grant ended during the month skip, once.
    if (run.shortGrant) {
      const id = grantId(run.shortGrant.invitationId);
      const g = customerDocs.find((d) => d.type === 'grant' && d.id === id);
      if (g?.status !== 'expired') {
        const due = (await all('dueItems')).filter((i) => i.targetId === id);
        bad.push(
          `short grant ${id}: ${g?.status ?? 'missing'} after its end (${g?.endsAt}; due items ${JSON.stringify(due.map((i) => [i.kind, i.dueAt, i.bucket]))})`,
        );
      }
      if (entries(partner, 'grant.expired', id).length !== 1)
        bad.push(`short grant ${id}: ${entries(partner, 'grant.expired', id).length} grant.expired entries`);
    }

    // The renewed grant: extended once, to 90 days of Helpdesk Administrator.
    if (run.renewal?.renewalId) {
      const id = grantId(run.renewal.invitationId);
      const g = customerDocs.find((d) => d.type === 'grant' && d.id === id);
      const renewal = byId.get(run.renewal.renewalId);
      if (renewal?.status !== 'recorded') bad.push(`renewal ${run.renewal.renewalId}: ${renewal?.status}`);
      if (g?.status !== 'active' || g?.duration !== 'P90D')
        bad.push(`renewed grant ${id}: ${g?.status} ${g?.duration}, expected active P90D`);
      if (entries(partner, 'grant.extended', id).length !== 1)
        bad.push(`renewed grant ${id}: ${entries(partner, 'grant.extended', id).length} grant.extended entries`);
    }

    // The raced renewal: accepted before the end, the grant renewed to its terms whichever of the
    // record and the sweep came first (the sweep's expiry, if first, undone by the record, once);
    // refused as past the end, the grant expired once and not extended.
    if (run.raced?.renewalId && run.raced.accept) {
      const id = grantId(run.raced.invitationId);
      const g = customerDocs.find((d) => d.type === 'grant' && d.id === id);
      const renewal = byId.get(run.raced.renewalId);
      const expired = entries(partner, 'grant.expired', id).length;
      const extended = entries(partner, 'grant.extended', id).length;
      const answer = run.raced.accept.reply;
      if (answer.status === 200) {
        const end = renewal?.answeredAt ? new Date(Date.parse(renewal.answeredAt) + 90 * 86_400_000).toISOString() : '';
        if (renewal?.status !== 'recorded') bad.push(`raced renewal ${run.raced.renewalId}: ${renewal?.status}`);
        if (g?.status !== 'active' || g?.duration !== 'P90D' || g?.endsAt !== end)
          bad.push(`raced grant ${id}: ${g?.status} ${g?.duration} to ${g?.endsAt}, expected active P90D to ${end}`);
        if (extended !== 1 || expired > 1)
          bad.push(`raced grant ${id}: ${extended} grant.extended and ${expired} grant.expired entries`);
        run.raced.outcome = expired === 1 ? 'expiredFirst' : 'recordedFirst';
      } else if (answer.status === 409 && answer.body?.code === 'grant_not_active') {
        if (g?.status !== 'expired' || extended !== 0 || expired !== 1)
          bad.push(
            `raced grant ${id}: refused renewal, yet ${g?.status} with ${extended} extended, ${expired} expired`,
          );
        if (['accepted', 'recorded'].includes(renewal?.status))
          bad.push(`raced renewal ${run.raced.renewalId}: refused, yet ${renewal?.status}`);
        run.raced.outcome = 'refusedPastEnd';
      } else bad.push(`raced renewal ${run.raced.renewalId}: the acceptance answered ${answer.status}`);
    }

    // The batch: one invitation per valid row, the bad row refused, completed once.
    if (run.batch?.id) {
      const f = run.batch.final;
      if (
        f?.status !== 'partiallySucceeded' ||
        f?.counts?.created !== run.batch.validRows ||
        f?.counts?.rejected !== 1 ||
        f?.counts?.total !== run.batch.validRows + 1
      )
        bad.push(`batch ${run.batch.id}: ${f?.status} ${JSON.stringify(f?.counts)}`);
      for (const to of run.batch.rows) {
        const n = invitations.filter((x) => x.recipientEmail === to).length;
        if (n !== 1) bad.push(`batch ${run.batch.id}: ${n} invitations to ${to}`);
      }
      if (entries(partner, 'batch.completed', run.batch.id).length !== 1)
        bad.push(
          `batch ${run.batch.id}: ${entries(partner, 'batch.completed', run.batch.id).length} batch.completed entries`,
        );
    }
    return bad;
  } finally {
    store.dispose();
  }
}
