import type { Relationship } from '../domain/partner';
import { periodsOf, reestablish } from '../domain/relationshipPeriods';
import type { RecordStore } from '../store/records';

/** What establishing a relationship reads and writes. */
export type EstablishDeps = Pick<RecordStore, 'createRelationship' | 'relationship' | 'replaceRelationship'>;

/**
 * Puts an accepted invitation's (or a published customer creation's) relationship on record:
 * create-if-absent under the pair's id; a removed one gets a new active period (ETag-conditional).
 * A replay finds its own period and changes nothing — save repairing the customer-side mirror,
 * which the host may have died before writing. The answer says what this establishment did, on a
 * replay as on the first run.
 */
export async function establishRelationship(
  records: EstablishDeps,
  r: Relationship,
): Promise<'created' | 'reestablished' | 'exists'> {
  // Two recorders of one acceptance race (the accept request records before it answers while the
  // orchestration's activity records too): the loser of the conditional write reads again and finds
  // the winner's period, which is its own.
  for (let attempt = 1; ; attempt++) {
    try {
      return await establishOnce(records, r);
    } catch (e) {
      if (!(e instanceof RaceLost) || attempt >= 5) throw e;
    }
  }
}

class RaceLost extends Error {}

async function establishOnce(records: EstablishDeps, r: Relationship): Promise<'created' | 'reestablished' | 'exists'> {
  if ((await records.createRelationship(r)) === 'created') return 'created';
  const current = await records.relationship(r.partnerTenantId, r.id);
  // Thrown so the caller's retry re-reads: the document vanished between the create and the read.
  if (!current) throw new RaceLost(`relationship ${r.id} vanished while establishing`);
  const next = reestablish(current.doc, r);
  if (!next) {
    const periods = periodsOf(current.doc);
    if (current.doc.status !== 'active' || periods.at(-1)?.establishedBy !== r.periods?.[0]?.establishedBy)
      return 'exists';
    await records.replaceRelationship(current.doc, current.etag);
    // Still 'reestablished' on a replay, so the caller's keyed audit entry is written if it was lost.
    return periods.length > 1 ? 'reestablished' : 'exists';
  }
  if ((await records.replaceRelationship({ ...next, type: 'relationship' }, current.etag)) === 'conflict') {
    throw new RaceLost(`relationship ${r.id} changed while establishing`);
  }
  return 'reestablished';
}
