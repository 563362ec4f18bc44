import { establishRelationship } from '../../../shared/customers/establishRelationship';
import { publishedRecords, type CustomerCreation } from '../../../shared/domain/customerCreation';
import { relationshipId } from '../../../shared/domain/ids';
import { removeRelationshipAt, withFirstPeriod } from '../../../shared/domain/relationshipPeriods';
import { at, CUSTOMER_TENANT, PARTNER_TENANT, PROVIDER_TENANT } from '../domain/fixtures';
import { memoryRelationships } from './memoryRecords';

const FIRST = 'a0000000-0000-4000-8000-000000000001';
const SECOND = 'a0000000-0000-4000-8000-000000000002';
const base = {
  id: relationshipId(PARTNER_TENANT, CUSTOMER_TENANT),
  partnerTenantId: PARTNER_TENANT,
  customerTenantId: CUSTOMER_TENANT,
  kind: 'reseller' as const,
  status: 'active' as const,
};
const by = (invitationId: string, day: number) =>
  withFirstPeriod({ ...base, createdAt: at(day).toISOString(), invitationId }, invitationId);

async function removeNow(store: ReturnType<typeof memoryRelationships>, day: number) {
  const found = (await store.relationship(PARTNER_TENANT, base.id))!;
  expect(
    await store.replaceRelationship(
      { ...found.doc, ...removeRelationshipAt(found.doc, at(day).toISOString()) },
      found.etag,
    ),
  ).toBe('done');
}

describe('establishRelationship', () => {
  it('a relationship from before periods (no periods field) is re-established with its old span kept as the first period', async () => {
    const store = memoryRelationships();
    await store.createRelationship({
      ...base,
      createdAt: at(0).toISOString(),
      invitationId: FIRST,
      status: 'removed',
      removedAt: at(3).toISOString(),
    });
    expect(await establishRelationship(store, by(SECOND, 5))).toBe('reestablished');
    expect(store.all()[0]).toMatchObject({
      status: 'active',
      invitationId: SECOND,
      periods: [
        { from: at(0).toISOString(), to: at(3).toISOString(), establishedBy: FIRST },
        { from: at(5).toISOString(), establishedBy: SECOND },
      ],
    });
    expect(store.all()[0]!.removedAt).toBeUndefined();
  });

  it('an acceptance answered before the removal and recorded after it starts its period at the removal', async () => {
    const store = memoryRelationships();
    await establishRelationship(store, by(FIRST, 0));
    await removeNow(store, 10);
    await establishRelationship(store, by(SECOND, 8));
    expect(store.all()[0]!.periods!.map((p) => [p.from, p.to])).toEqual([
      [at(0).toISOString(), at(10).toISOString()],
      [at(10).toISOString(), undefined],
    ]);
  });

  it('a change that keeps racing between the read and the write throws after a few tries, so the activity retries later', async () => {
    const store = memoryRelationships();
    await establishRelationship(store, by(FIRST, 0));
    await removeNow(store, 1);
    const racing = { ...store, replaceRelationship: async () => 'conflict' as const };
    await expect(establishRelationship(racing, by(SECOND, 2))).rejects.toThrow(/changed while establishing/);
  });

  it('two recorders of one acceptance racing (the accept request and the orchestration): the loser reads again and finds its period', async () => {
    const store = memoryRelationships();
    await establishRelationship(store, by(FIRST, 0));
    await removeNow(store, 1);
    let raced = false;
    // The other recorder writes the same new period between this one's read and write.
    const racing = {
      ...store,
      replaceRelationship: async (doc: Parameters<typeof store.replaceRelationship>[0], etag: string) => {
        if (raced) return store.replaceRelationship(doc, etag);
        raced = true;
        await store.replaceRelationship(doc, etag);
        return 'conflict' as const;
      },
    };
    await expect(establishRelationship(racing, by(SECOND, 2))).resolves.toBe('reestablished');
    expect(store.all()[0]!.periods!.map((p) => p.establishedBy)).toEqual([FIRST, SECOND]);
  });

  it('a customer created for a reseller: both relationships open their period with the creation', () => {
    const creation = {
      id: FIRST,
      providerTenantId: PROVIDER_TENANT,
      resellerTenantId: PARTNER_TENANT,
      customerTenantId: CUSTOMER_TENANT,
      startedAt: at(0).toISOString(),
      completedAt: at(0).toISOString(),
    } as CustomerCreation;
    const { relationships } = publishedRecords(creation);
    expect(relationships.map((r) => r.periods)).toEqual([
      [{ from: at(0).toISOString(), establishedBy: FIRST }],
      [{ from: at(0).toISOString(), establishedBy: FIRST }],
    ]);
  });
});
