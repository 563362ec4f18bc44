// The soak's invariants beyond the direct workload's (test/support/invitationCrashChecks.ts):
// over every invitation of every kind, the partners' list entries, the records an acceptance
// writes, new customers and their subscriptions, the audit trail and every HTTP answer the
// portals got. Read straight from Cosmos (faults off) and the durable management API.
import type { Invitation } from '../../shared/domain/invitation';
import type { SeenReply } from '../support/crashHarness';
import { call } from '../support/hostProcess';
import type { ProductStack } from '../support/productStack';
import { type IndirectRun, provider, reseller } from './indirectWorkload';
import { type Doc, storeReader } from './storeReader';

const TERMINAL: Record<string, string> = {
  recorded: 'accepted',
  declined: 'declined',
  revoked: 'revoked',
  expired: 'expired',
};
const MP_STATUS: Record<string, string> = {
  accept: 'recorded',
  decline: 'declined',
  revoke: 'revoked',
  expire: 'expired',
};

/** Each key with more than one item: `key → count`. */
function duplicates<T>(items: readonly T[], key: (t: T) => string): string[] {
  const n = new Map<string, number>();
  for (const i of items) n.set(key(i), (n.get(key(i)) ?? 0) + 1);
  return [...n].filter(([, c]) => c > 1).map(([k, c]) => `${k} ×${c}`);
}

/** Every HTTP answer: never a 500; a 503 only with Retry-After. */
export function repliesInvariants(seen: readonly SeenReply[]): string[] {
  const bad: string[] = [];
  for (const r of seen) {
    if (r.status >= 500 && r.status !== 503) bad.push(`${r.path} answered ${r.status} ${r.code ?? ''}`.trim());
    if (r.status === 503 && !r.retryAfter) bad.push(`${r.path} answered 503 without Retry-After`);
  }
  return bad;
}

export async function storeInvariants(stack: ProductStack, indirect: IndirectRun | undefined): Promise<string[]> {
  const store = storeReader(stack);
  const all = store.all;
  try {
    const [invitations, index, relationships, customerDocs, audit, partnerships] = await Promise.all([
      all('invitations'),
      all('invitationIndex'),
      all('relationships'),
      all('customers'),
      all('audit'),
      all('partnerships'),
    ]);
    const bad: string[] = [];
    const byId = new Map(invitations.map((i) => [i.id as string, i as unknown as Invitation]));

    // Exactly one terminal state per invitation, its orchestration completed with it.
    for (const inv of byId.values()) {
      const terminal = inv.timeline
        .map((e) => e.type)
        .filter((t) => ['accepted', 'declined', 'revoked', 'expired'].includes(t));
      if (!TERMINAL[inv.status])
        bad.push(`invitation ${inv.id} (${inv.kind}) is still ${inv.status} after its deadline and a sweep`);
      else if (terminal.join() !== TERMINAL[inv.status])
        bad.push(
          `invitation ${inv.id} (${inv.kind}) is ${inv.status} with terminal entries ${JSON.stringify(terminal)}`,
        );
      const o = (await call(`${stack.url}/runtime/webhooks/durabletask/instances/${inv.id}`)).body;
      if (o?.runtimeStatus !== 'Completed' || o.output !== inv.status)
        bad.push(
          `invitation ${inv.id} (${inv.kind}): orchestration ${o?.runtimeStatus} with ${JSON.stringify(o?.output)}, invitation ${inv.status}`,
        );
    }
    // Every list entry agrees with its invitation; none without one, none twice.
    for (const s of index) {
      const inv = byId.get(s.invitationId);
      if (!inv) bad.push(`list entry ${s.id} of ${s.partnerTenantId} names no invitation`);
      else if (s.status !== inv.status)
        bad.push(
          `list entry of ${s.partnerTenantId} says ${s.invitationId} is ${s.status}, the invitation ${inv.status}`,
        );
    }
    for (const inv of byId.values())
      if (!index.some((s) => s.invitationId === inv.id && s.partnerTenantId === inv.partnerTenantId))
        bad.push(`invitation ${inv.id} (${inv.kind}) is not in its partner's list`);
    bad.push(...duplicates(index, (s) => `${s.partnerTenantId}/${s.invitationId}`).map((k) => `list entry ${k}`));
    // One relationship period and one grant per acceptance; one record of each kind per customer.
    bad.push(
      ...duplicates(
        relationships,
        (r) => `${r.type}:${r.partnerTenantId}/${r.customerTenantId}/${r.invitationId ?? ''}`,
      ).map((k) => `relationship ${k}`),
    );
    bad.push(
      ...duplicates(
        customerDocs.filter((d) => d.type === 'grant'),
        (g) => `${g.customerTenantId}/${g.partnerTenantId}/${g.invitationId}`,
      ).map((k) => `grant ${k}`),
    );
    bad.push(
      ...duplicates(
        customerDocs.filter((d) => d.type === 'customer'),
        (c) => c.tenantId,
      ).map((k) => `customer record ${k}`),
    );
    for (const inv of byId.values()) {
      if (
        inv.status === 'recorded' &&
        !relationships.some((r) => r.invitationId === inv.id) &&
        inv.kind !== 'partnership' &&
        inv.kind !== 'renewal' // a renewal extends a grant in place
      )
        bad.push(`invitation ${inv.id} (${inv.kind}) recorded without a relationship`);
    }
    // One invitation per Idempotency-Key of a partner.
    bad.push(
      ...duplicates(
        [...byId.values()].filter((i) => i.idempotencyKey),
        (i) => `${i.partnerTenantId}/${i.idempotencyKey}`,
      ).map((k) => `invitations for the key ${k}`),
    );
    // One email per send of each indirect invitation (the sink keeps one per Operation-Id).
    for (const p of indirect?.multiParty ?? []) {
      const inv = p.id ? byId.get(p.id) : undefined;
      const mails = (await stack.inbox(p.recipientEmail)).filter((m) => !m.subject.startsWith('Reminder: '));
      if (inv && mails.length !== inv.sendCount)
        bad.push(`multi-party ${inv.id}: ${mails.length} emails for ${inv.sendCount} sends`);
    }
    // No audit entry twice (same tenant, action, subject and detail).
    bad.push(
      ...duplicates(audit, (e) => `${e.tenantId}:${e.action}:${e.subject?.id}:${JSON.stringify(e.detail ?? {})}`).map(
        (k) => `audit entry ${k}`,
      ),
    );

    // One partnership per provider and reseller; the one the provider ended is removed.
    bad.push(
      ...duplicates(partnerships, (p) => `${p.providerTenantId}/${p.resellerTenantId}`).map((k) => `partnership ${k}`),
    );
    if (
      indirect?.partnershipRemoval?.reply.status === 200 &&
      !partnerships.some(
        (p) =>
          p.providerTenantId === provider.tenantId &&
          p.resellerTenantId === reseller.tenantId &&
          p.status === 'removed',
      )
    )
      bad.push('the partnership the provider ended is not removed');
    if (indirect) bad.push(...indirectInvariants(indirect, byId, relationships, customerDocs));
    return bad;
  } finally {
    store.dispose();
  }
}

function indirectInvariants(
  run: IndirectRun,
  byId: Map<string, Invitation>,
  relationships: Doc[],
  customerDocs: Doc[],
): string[] {
  const bad: string[] = [];
  for (const p of run.multiParty) {
    const inv = p.id ? byId.get(p.id) : undefined;
    if (!inv) {
      bad.push(`multi-party ${p.key}: not stored`);
      continue;
    }
    if (inv.status !== MP_STATUS[p.fate]) bad.push(`multi-party ${p.id} (${p.fate}): ${inv.status}`);
    const answered = run.answers.find((a) => a.p === p)?.sent;
    if (answered && answered.reply.status !== 200)
      bad.push(
        `multi-party ${p.id} (${p.fate}): answer ${answered.reply.status} ${JSON.stringify(answered.reply.body)}`,
      );
    const periods = relationships.filter((r) => r.invitationId === p.id);
    if (p.fate === 'accept' && periods.length === 0) bad.push(`multi-party ${p.id}: accepted without relationships`);
    if (p.fate !== 'accept' && periods.length)
      bad.push(`multi-party ${p.id} (${p.fate}): ${periods.length} relationships`);
  }
  for (const c of run.creations) {
    const created = c.replies.slice(0, c.doubleSubmit ? 2 : 1);
    const tenants = new Set(created.map((r) => r.reply.body?.customerTenantId));
    if (created.some((r) => r.reply.status !== 201) || tenants.size !== 1)
      bad.push(
        `new customer ${c.key}: ${created.map((r) => `${r.reply.status} ${r.reply.body?.customerTenantId ?? r.reply.body?.code}`).join(', ')}`,
      );
    if (!c.customerTenantId) continue;
    const records = customerDocs.filter((d) => d.type === 'customer' && d.tenantId === c.customerTenantId);
    if (records.length !== 1) bad.push(`new customer ${c.key}: ${records.length} customer records`);
    const subs = customerDocs.filter((d) => d.type === 'subscription' && d.tenantId === c.customerTenantId);
    const want = c.subscriptions + (c.addOne ? 1 : 0);
    if (subs.length !== want) bad.push(`new customer ${c.key}: ${subs.length} subscriptions, expected ${want}`);
    const later = c.replies.slice(created.length);
    if (later.some((r) => r.reply.status >= 300))
      bad.push(`new customer ${c.key}: subscription calls answered ${later.map((r) => r.reply.status).join(', ')}`);
    if (c.addOne && later[0]?.reply.body?.id !== later[1]?.reply.body?.id)
      bad.push(
        `new customer ${c.key}: the same subscription key gave ${later[0]?.reply.body?.id} and ${later[1]?.reply.body?.id}`,
      );
  }
  if (run.removedGrant) {
    const grants = customerDocs.filter((d) => d.type === 'grant' && d.id === run.removedGrant?.id);
    if (grants.length !== 1 || grants[0]?.status !== 'removed')
      bad.push(`removed grant ${run.removedGrant.id}: ${JSON.stringify(grants.map((g) => g.status))}`);
    if (run.removedGrant.replies.some((r) => r.reply.status !== 200))
      bad.push(
        `grant removal answered ${run.removedGrant.replies.map((r) => `${r.reply.status} ${r.reply.body?.code ?? ''}`).join(', ')}`,
      );
  }
  if (run.partnershipRemoval && ![200, 204].includes(run.partnershipRemoval.reply.status))
    bad.push(
      `partnership removal answered ${run.partnershipRemoval.reply.status} ${JSON.stringify(run.partnershipRemoval.reply.body)}`,
    );
  if (run.removedCustomer) {
    const active = relationships.filter(
      (r) =>
        r.customerTenantId === run.removedCustomer && r.partnerTenantId === reseller.tenantId && r.status === 'active',
    );
    if (active.length)
      bad.push(`removed customer ${run.removedCustomer} still has an active relationship with its reseller`);
  }
  return bad;
}
