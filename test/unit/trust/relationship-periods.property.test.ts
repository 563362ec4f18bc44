import fc from 'fast-check';
import { establishRelationship } from '../../../shared/customers/establishRelationship';
import { relationshipId } from '../../../shared/domain/ids';
import type { Relationship } from '../../../shared/domain/partner';
import { periodsOf, removeRelationshipAt, withFirstPeriod } from '../../../shared/domain/relationshipPeriods';
import { toMs } from '../../../shared/domain/time';
import { at, CUSTOMER_TENANT, PARTNER_TENANT } from '../domain/fixtures';
import { memoryRelationships } from './memoryRecords';

const ID = relationshipId(PARTNER_TENANT, CUSTOMER_TENANT);
const invitationIds = [
  'a0000000-0000-4000-8000-000000000001',
  'a0000000-0000-4000-8000-000000000002',
  'a0000000-0000-4000-8000-000000000003',
  'a0000000-0000-4000-8000-000000000004',
];

/** What an acceptance of invitation `n`, answered on `day`, records: the relationship with its one period. */
const establishment = (n: number, day: number): Relationship =>
  withFirstPeriod(
    {
      id: ID,
      partnerTenantId: PARTNER_TENANT,
      customerTenantId: CUSTOMER_TENANT,
      kind: 'reseller',
      status: 'active',
      createdAt: at(day).toISOString(),
      invitationId: invitationIds[n]!,
    },
    invitationIds[n]!,
  );

// Acceptances (any invitation, recorded any number of times, answered on any day — even before a
// removal it is recorded after) and removals, in the order the store sees them, on rising days.
type Step = { op: 'establish'; n: number; answeredDay: number } | { op: 'remove' };
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('establish' as const),
    n: fc.integer({ min: 0, max: 3 }),
    answeredDay: fc.integer({ min: 0, max: 60 }),
  }),
  fc.constant({ op: 'remove' as const }),
);

async function run(steps: Step[]) {
  const store = memoryRelationships();
  const outcomes: string[] = [];
  for (const [i, step] of steps.entries()) {
    if (step.op === 'establish')
      outcomes.push(await establishRelationship(store, establishment(step.n, step.answeredDay)));
    else {
      const found = await store.relationship(PARTNER_TENANT, ID);
      if (found && found.doc.status === 'active')
        await store.replaceRelationship(
          { ...found.doc, ...removeRelationshipAt(found.doc, at(i + 61).toISOString()) },
          found.etag,
        );
    }
  }
  return { doc: store.all()[0], outcomes };
}

describe('relationship periods (any sequence of acceptances, replays and removals)', () => {
  it('active periods never overlap, at most the last is open, and it is open exactly when the relationship is active', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 20 }), async (steps) => {
        const { doc } = await run(steps);
        if (!doc) return;
        const periods = periodsOf(doc);
        for (const [i, p] of periods.entries()) {
          if (p.to) expect(toMs(p.to)).toBeGreaterThanOrEqual(toMs(p.from));
          const next = periods[i + 1];
          if (next) {
            expect(p.to).toBeDefined();
            expect(toMs(next.from)).toBeGreaterThanOrEqual(toMs(p.to!));
          }
        }
        expect(periods.filter((p) => !p.to).length).toBe(doc.status === 'active' ? 1 : 0);
        if (doc.status === 'active') expect(periods.at(-1)!.to).toBeUndefined();
      }),
    );
  });

  it('one invitation opens at most one period, however often its recording is replayed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 20 }), async (steps) => {
        const { doc } = await run(steps);
        if (!doc) return;
        const openers = periodsOf(doc).map((p) => p.establishedBy);
        expect(new Set(openers).size).toBe(openers.length);
      }),
    );
  });

  it('removed, a later acceptance re-establishes it; replaying that recording after another removal leaves it removed', async () => {
    const { doc, outcomes } = await run([
      { op: 'establish', n: 0, answeredDay: 1 },
      { op: 'remove' },
      { op: 'establish', n: 1, answeredDay: 2 },
      { op: 'establish', n: 1, answeredDay: 2 },
      { op: 'remove' },
      { op: 'establish', n: 1, answeredDay: 2 },
    ]);
    expect(outcomes).toEqual(['created', 'reestablished', 'reestablished', 'exists']);
    expect(doc).toMatchObject({ status: 'removed' });
    expect(periodsOf(doc!).map((p) => p.establishedBy)).toEqual([invitationIds[0], invitationIds[1]]);
  });
});
