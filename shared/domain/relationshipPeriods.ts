import type { Relationship, RelationshipPeriod } from './partner';
import { toMs } from './time';

/**
 * A relationship's periods, oldest first. A document written before periods existed has one: from
 * its creation to its removal, opened by the invitation that created it.
 */
export function periodsOf(r: Relationship): RelationshipPeriod[] {
  if (r.periods?.length) return r.periods;
  return [
    {
      from: r.createdAt,
      ...(r.removedAt ? { to: r.removedAt } : {}),
      ...(r.invitationId ? { establishedBy: r.invitationId } : {}),
    },
  ];
}

/**
 * A new relationship with its first period, opened at `createdAt` by `establishedBy` (an invitation
 * or a customer creation).
 */
export function withFirstPeriod(r: Relationship, establishedBy: string): Relationship {
  return { ...r, periods: [{ from: r.createdAt, establishedBy }] };
}

/** The removal closes the open period: the history keeps it, the relationship leaves every list. */
export function removeRelationshipAt(r: Relationship, at: string): Relationship {
  const periods = periodsOf(r).map((p, i, all) => (i === all.length - 1 && !p.to ? { ...p, to: at } : p));
  return { ...r, status: 'removed', removedAt: at, periods };
}

/**
 * What a later establishment (`next`, carrying the one period it opens) makes of the stored
 * relationship: a new active period after the last one, or undefined when nothing is to change —
 * the relationship is active, or this very establishment opened a period already (a replayed
 * recording never opens a second one, even after a removal in between). The new period starts no
 * earlier than the previous one ended: an acceptance answered before a removal that was recorded
 * after it must not reach back into the removed period.
 */
export function reestablish(current: Relationship, next: Relationship): Relationship | undefined {
  const opened = next.periods?.[0];
  if (!opened?.establishedBy) throw new Error('an establishment names what opened it');
  const periods = periodsOf(current);
  if (current.status === 'active' || periods.some((p) => p.establishedBy === opened.establishedBy)) return undefined;
  const lastEnd = periods[periods.length - 1]?.to;
  const from = lastEnd && toMs(lastEnd) > toMs(opened.from) ? lastEnd : opened.from;
  const { removedAt: _removed, resellerTenantId: _reseller, invitationId: _invitation, ...kept } = current;
  return {
    ...kept,
    kind: next.kind,
    ...(next.resellerTenantId ? { resellerTenantId: next.resellerTenantId } : {}),
    status: 'active',
    ...(next.invitationId ? { invitationId: next.invitationId } : {}),
    periods: [...periods, { from, establishedBy: opened.establishedBy }],
  };
}
