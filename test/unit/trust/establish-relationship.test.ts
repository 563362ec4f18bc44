import { establishRelationship } from '../../../shared/customers/establishRelationship';
import { publishedRecords, type CustomerCreation } from '../../../shared/domain/customerCreation';
import { relationshipId } from '../../../shared/domain/ids';
import { removeRelationshipAt, withFirstPeriod } from '../../../shared/domain/relationshipPeriods';
import { at, CUSTOMER_TENANT, PARTNER_TENANT, PROVIDER_TENANT } from '../domain/fixtures';
import { memoryRelationships } from './memoryRecords';

const FIRST = 'a0000000-0000-4000-8000-000000000001';
const SECOND = 'a0000000-0000-4000-8000-000000000002';
const base = { id: relationshipId(PARTNER_TENANT, CUSTOMER_TENANT), partnerTenantId: PARTNER_TENANT, customerTenantId: CUSTOMER_TENANT, kind: 'reseller' as const, status: 'active' as const };
const by = (invitationId: string, day: number) => withFirstPeriod({ ...base, createdAt: at(day).toISOString(), invitationId }, invitationId);

async function removeNow(store: ReturnType<typeof memoryRelationships>, day: number) {
  const found = (await store.relationship(PARTNER_TENANT, base.id))!;
  expect(await store.replaceRelationship({ ...found.doc, ...removeRelationshipAt(found.doc, at(day).toISOString()) }, found.etag)).toBe('done');
}

describe('establishRelationship', () => {
  it('a relationship from before periods (no periods field) is re-established with its old span kept as the first period', async () => {
    const store = memoryRelationships();
    await store.createRelationship({ ...base, createdAt: at(0).toISOString(), invitationId: FIRST, status: 'removed', removedAt: at(3).toISOString() });
    expect(await establishRelationship(store, by(SECOND, 5))).toBe('reestablished');
    expect(store.all()[0]).toMatchObject({
      status: 'active',
      invitationId: SECOND,
      periods: [{ from: at(0).toISOString(), to: at(3).toISOString(), establishedBy: FIRST }, { from: at(5).toISOString(), establishedBy: SECOND }],
    });
    expect(store.all()[0]!.removedAt).toBeUndefined();
  });

  it('an acceptance answered before the removal and recorded after it starts its period at the removal', async () => {
    const store = memoryRelationships();
    await establishRelationship(store, by(FIRST, 0));
    await removeNow(store, 10);
    await establishRelationship(store, by(SECOND, 8));
    expect(store.all()[0]!.periods!.map((p) => [p.from, p.to])).toEqual([[at(0).toISOString(), at(10).toISOString()], [at(10).toISOString(), undefined]]);
  });

  it('a concurrent change between the read and the write throws, so the activity retries on fresh data', async () => {
    const store = memoryRelationships();
    await establishRelationship(store, by(FIRST, 0));
    await removeNow(store, 1);
    const racing = { ...store, replaceRelationship: async () => 'conflict' as const };
    await expect(establishRelationship(racing, by(SECOND, 2))).rejects.toThrow(/changed while establishing/);
  });

  it('a customer created for a reseller: both relationships open their period with the creation', () => {
    const creation = { id: FIRST, providerTenantId: PROVIDER_TENANT, resellerTenantId: PARTNER_TENANT, customerTenantId: CUSTOMER_TENANT, startedAt: at(0).toISOString(), completedAt: at(0).toISOString() } as CustomerCreation;
    const { relationships } = publishedRecords(creation);
    expect(relationships.map((r) => r.periods)).toEqual([[{ from: at(0).toISOString(), establishedBy: FIRST }], [{ from: at(0).toISOString(), establishedBy: FIRST }]]);
  });
});
