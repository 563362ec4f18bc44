import type { Container } from '@azure/cosmos';
import { grantId, nameBasedUuid } from '../domain/ids';
import type { AuditEntry } from '../store/audit';
import { clean, cosmosStatus } from '../store/cosmosOps';
import { batchCompletedData } from './batchEvent';
import { cloudEvent, type CloudEvent, type EventType, eventTypes } from './events';
import { resourceViewOf, runReads, viewKeyOf } from './eventViews';
import type { PublishDeps } from './ports';
import { enqueueDelivery } from './deliveryOrchestration';
import type { WebhookEndpoint } from './store';

/**
 * Events are derived from the audit trail (issue 16, "No event lost or invented"). Every state
 * change already appends a keyed audit entry with its conditional write, into the trail of each
 * tenant concerned, so the trail is the outbox: the publisher reads the entries appended since its
 * checkpoint, turns each into an event and fans it out to that tenant's subscribed endpoints.
 *
 * - A crash between a change and its publication: the entry is in the trail; the checkpoint has
 *   not moved past it, so the next run publishes it.
 * - A repeated step: its keyed entry lands once (AuditLog.append), and the event id is derived from
 *   the entry's key, the delivery id from the event id and the orchestration's instance id from
 *   both (queue.ts), so re-reading an entry publishes nothing twice.
 * - Tenants: an entry is in the trail of exactly the tenants the change concerns (the partner and
 *   its customer, the provider and its reseller, the operator and the partner), which are the
 *   tenants that may read the resource; each gets the event from its own copy, and only its own
 *   endpoints receive it.
 * - Data: what changed, as that tenant's audit log shows it (GET /api/audit: `change`, `by` without
 *   the person's identity, `detail`), and the resource's public view as the API shows it to that
 *   tenant (eventViews.ts: the functions the GET handlers answer with, so never a token hash or a
 *   temporary password), under the resource's name (`invitation`, `grant`, `customer`, …).
 * - The view is snapshotted when the change is written: the change puts the resource, as the API
 *   shows it to its owner, into its audit entry (AuditEntry.resource, written in the same append,
 *   never shown by GET /api/audit), and the publisher renders each tenant's view from it (the
 *   inviter's invitation, or the answering tenant's answer). So the event shows the resource as this
 *   change left it, also when it is published late (a crash, an outage) or when the next change came
 *   within milliseconds (a suspension and a reinstatement: each event its own status). It costs no
 *   read at publish time and a few hundred bytes per entry. Read at publish time instead, one point
 *   read per entry with subscribers (none without): customer.created (each partner's customer view
 *   joins records the creation wrote just before), invitation.recorded and the records it derives
 *   (relationship|grant|partnership.created, written just before it), a re-established
 *   relationship, and entries written without one (before snapshots existed).
 * - The delivery's body is fixed at its first publication (create-if-absent), so retries and
 *   replays send the same view, and `change`/`detail` always say what this change was.
 */

/** Audit actions that are events, by their event type (the rest are internal bookkeeping). */
const actionTypes: Record<string, EventType> = {
  ...Object.fromEntries(eventTypes.map((t) => [t, t])),
  'relationship.reestablished': 'relationship.created',
};

export const eventTypeOf = (action: string): EventType | undefined => actionTypes[action];

/** The event id of an audit entry: derived from its key, the same in every run; no '.' (Standard Webhooks). */
export const eventIdOf = (auditId: string): string => `evt_${nameBasedUuid(`audit:${auditId}`).replace(/-/g, '')}`;

/**
 * The events of one audit entry: its own type; for a partnership request's creation also
 * partnership.requested; for a recorded acceptance the records it created (relationship.created,
 * grant.created, partnership.created). Each has an id derived from the entry's key and the type,
 * so these too are published once.
 */
export function eventsOf(entry: AuditEntry, baseUrl: string): CloudEvent[] {
  const own = eventOf(entry, baseUrl);
  if (!own) return [];
  const invitationId = entry.subject.id;
  const derived: CloudEvent[] = [];
  const also = (type: EventType, subject: string, data: Record<string, unknown>) =>
    derived.push(
      cloudEvent({
        id: eventIdOf(`${entry.id}#${type}`),
        source: `${baseUrl}/api`,
        type,
        subject,
        time: entry.at,
        data: { ...data, invitationId, change: type, by: byOf(entry), correlationId: entry.correlationId },
      }),
    );
  // A partnership request is an invitation of kind `partnership` (the provider's).
  if (entry.action === 'invitation.created' && entry.detail?.kind === 'partnership')
    also('partnership.requested', `invitation/${invitationId}`, {});
  if (entry.action !== 'invitation.recorded') return [own, ...derived];
  if (Number(entry.detail?.relationships ?? 0) > 0)
    also('relationship.created', `invitation/${invitationId}`, { relationships: Number(entry.detail?.relationships) });
  if (entry.detail?.grant === true)
    also('grant.created', `grant/${grantId(invitationId)}`, { grantId: grantId(invitationId) });
  if (entry.detail?.partnership === true) also('partnership.created', `invitation/${invitationId}`, {});
  return [own, ...derived];
}

/** Who changed it: the tenant of a user (never the person), or the system. */
const byOf = (entry: AuditEntry) =>
  entry.actor.type === 'system'
    ? { type: 'system' }
    : { type: 'user', ...(entry.actor.tenantId ? { tenantId: entry.actor.tenantId } : {}) };

export function eventOf(entry: AuditEntry, baseUrl: string): CloudEvent | undefined {
  const type = eventTypeOf(entry.action);
  if (!type) return undefined;
  return cloudEvent({
    id: eventIdOf(entry.id),
    source: `${baseUrl}/api`,
    type,
    subject: `${entry.subject.type}/${entry.subject.id}`,
    time: entry.at,
    data: {
      [entry.subject.type === 'partner' ? 'partnerTenantId' : `${entry.subject.type}Id`]: entry.subject.id,
      subject: entry.subject,
      change: entry.action,
      by: byOf(entry),
      ...(entry.detail ? { detail: entry.detail } : {}),
      correlationId: entry.correlationId,
      ...batchCompletedData(entry),
    },
  });
}

/** Deliveries enqueued at once (each: one create, one start). */
const ENQUEUE_CONCURRENCY = 16;

/** Runs the tasks, `limit` at a time; the first failure fails the run (the checkpoint then stays). */
async function inParallel(tasks: ReadonlyArray<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/** Seconds re-read behind the newest entry seen: a write committed late with an older _ts is not skipped. */
export const CHECKPOINT_LAG_SECONDS = 2;
const CHECKPOINT = { id: 'outbox-checkpoint', tenantId: '_outbox' };

/**
 * Deliveries this process enqueued (created and started): the trail run re-reads the last seconds
 * (CHECKPOINT_LAG_SECONDS) and meets entries the push (publishEntries) already published, so it
 * skips what was enqueued instead of a create (409) and a status read per delivery again. Only a
 * cache: another process, or this one after a restart, enqueues again and the ids make that a no-op.
 */
const recentlyEnqueued = new Set<string>();
const RECENT_LIMIT = 50_000;
function remember(key: string): void {
  recentlyEnqueued.add(key);
  if (recentlyEnqueued.size > RECENT_LIMIT) recentlyEnqueued.delete(recentlyEnqueued.values().next().value as string);
}

/** The events with their resource view for the entry's tenant, each read once per run. */
async function withViews(
  d: PublishDeps,
  reads: ReturnType<typeof runReads>,
  entry: AuditEntry,
  events: CloudEvent[],
): Promise<CloudEvent[]> {
  return Promise.all(
    events.map(async (e) => {
      const view = await resourceViewOf(d.views, reads, entry, e.type, d.now());
      return view ? { ...e, data: { ...e.data, [viewKeyOf(e.type)]: view } } : e;
    }),
  );
}

async function readCheckpoint(c: Container): Promise<{ ts: number; etag?: string }> {
  try {
    const r = await c.item(CHECKPOINT.id, CHECKPOINT.tenantId).read<{ ts: number }>();
    return r.resource ? { ts: r.resource.ts, etag: r.etag as string } : { ts: 0 };
  } catch (e) {
    if (cosmosStatus(e) === 404) return { ts: 0 };
    throw e;
  }
}

/**
 * One run of the publisher: every audit entry with _ts at or after the checkpoint, published to
 * the subscribed endpoints of its tenant; then the checkpoint moves (conditionally: two runs racing
 * publish the same ids, which land once). On a first run the checkpoint starts now: the trail
 * before webhooks existed is not sent.
 */
export async function publishFromAudit(d: PublishDeps): Promise<{ entries: number; deliveries: number }> {
  const cp = await readCheckpoint(d.webhooksContainer);
  const nowSeconds = Math.floor(d.now().getTime() / 1000);
  if (cp.ts === 0) {
    await d.webhooksContainer.items.upsert({ ...CHECKPOINT, ts: nowSeconds - CHECKPOINT_LAG_SECONDS });
    return { entries: 0, deliveries: 0 };
  }
  const iterator = d.audit.items.query<AuditEntry & { _ts: number }>(
    { query: 'SELECT * FROM c WHERE c._ts >= @ts', parameters: [{ name: '@ts', value: cp.ts }] },
    { maxItemCount: 500 },
  );
  let newest = cp.ts;
  const run = publishRun(d);
  const counts = { entries: 0, deliveries: 0 };
  while (iterator.hasMoreResults()) {
    const page = await iterator.fetchNext();
    const entries: AuditEntry[] = [];
    for (const raw of page.resources ?? []) {
      newest = Math.max(newest, raw._ts);
      entries.push(clean<AuditEntry>(raw));
    }
    const r = await run(entries);
    counts.entries += r.entries;
    counts.deliveries += r.deliveries;
  }
  const next = Math.max(cp.ts, Math.min(newest, nowSeconds) - CHECKPOINT_LAG_SECONDS);
  if (next > cp.ts) {
    try {
      await d.webhooksContainer.items.upsert(
        { ...CHECKPOINT, ts: next },
        cp.etag ? { accessCondition: { type: 'IfMatch', condition: cp.etag } } : {},
      );
    } catch (e) {
      if (cosmosStatus(e) !== 412) throw e; // another run moved it: its publications are the same ids
    }
  }
  return counts;
}

/**
 * Publishes entries this process has just appended (AuditLog's notice, publishSoon.ts), without
 * reading the trail: the push. It neither reads nor moves the checkpoint; the trail run (the
 * timer) still reads these entries and finds their deliveries already enqueued.
 */
export async function publishEntries(d: PublishDeps, entries: readonly AuditEntry[]): Promise<Published> {
  return publishRun(d)(entries);
}

type Published = { entries: number; deliveries: number };

/**
 * One run's publication of entries: each entry's events with its tenant's views, to that tenant's
 * enabled endpoints subscribed to them; endpoints listed and invitations read once per run.
 */
function publishRun(d: PublishDeps): (entries: readonly AuditEntry[]) => Promise<Published> {
  const subscribed = new Map<string, Promise<WebhookEndpoint[]>>();
  const endpointsOf = (tenantId: string) => {
    let p = subscribed.get(tenantId);
    if (!p) {
      p = d.endpoints.list(tenantId, 100).then((page) => page.items.filter((e) => e.status === 'enabled'));
      subscribed.set(tenantId, p);
    }
    return p;
  };
  const reads = runReads(d.views);
  return async (batch) => {
    let entries = 0;
    let deliveries = 0;
    const viewing: Array<() => Promise<void>> = [];
    const work: Array<() => Promise<void>> = [];
    for (const entry of batch) {
      const events = eventsOf(entry, d.baseUrl);
      if (events.length === 0) continue;
      entries++;
      const pairs: Array<{ endpoint: WebhookEndpoint; type: string; key: string }> = [];
      for (const endpoint of await endpointsOf(entry.tenantId)) {
        for (const event of events) {
          const key = `${endpoint.id}/${event.id}`;
          if (!endpoint.events.includes(event.type) || recentlyEnqueued.has(key)) continue;
          pairs.push({ endpoint, type: event.type, key });
        }
      }
      if (pairs.length === 0) continue;
      const wanted = events.filter((e) => pairs.some((p) => p.type === e.type));
      viewing.push(async () => {
        const viewed = await withViews(d, reads, entry, wanted);
        for (const { endpoint, type, key } of pairs) {
          const event = viewed.find((e) => e.type === type) as CloudEvent;
          work.push(async () => {
            await enqueueDelivery({ deliveries: d.deliveries, client: d.client, now: d.now }, endpoint, event);
            remember(key);
          });
          deliveries++;
        }
      });
    }
    await inParallel(viewing, ENQUEUE_CONCURRENCY);
    await inParallel(work, ENQUEUE_CONCURRENCY);
    return { entries, deliveries };
  };
}
