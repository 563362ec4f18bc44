import type { Container } from '@azure/cosmos';
import type { Grant, Relationship } from '../domain/partner';
import { containers } from './containers';
import { appDatabase } from './database';
import { Versioned, createIfAbsent, queryPage, readItem, replaceIfMatch } from './cosmosOps';

/** A customer tenant as the program knows it: agreement acceptance and name. */
export interface CustomerRecord {
  id: string;
  tenantId: string;
  type: 'customer';
  companyName?: string;
  country?: string;
  agreementAcceptedAt?: string;
  agreementAcceptedBy?: string;
  /** The contact given when a partner created the customer (shared/newCustomers): told of its grants' notices. */
  contactEmail?: string;
}

export type RelationshipDoc = Relationship & { type: 'relationship' };
/** The customer-side copy of a relationship, so a customer lists its partners in one partition. */
export type RelationshipMirror = Relationship & { type: 'relationshipMirror'; tenantId: string };
export type GrantDoc = Grant & { type: 'grant'; tenantId: string };

/**
 * Relationships (partner partition), customers, grants and relationship mirrors (customer
 * partition). Every write is create-if-absent with a deterministic id, or ETag-conditional.
 */
export interface RecordStore {
  customer(tenantId: string): Promise<Versioned<CustomerRecord> | undefined>;
  putCustomer(c: CustomerRecord, etag?: string): Promise<'done' | 'conflict'>;
  createRelationship(r: Relationship): Promise<'created' | 'exists'>;
  relationship(partnerTenantId: string, id: string): Promise<Versioned<RelationshipDoc> | undefined>;
  replaceRelationship(r: RelationshipDoc, etag: string): Promise<'done' | 'conflict'>;
  relationshipsOf(
    partnerTenantId: string,
    pageSize: number,
    continuationToken?: string,
    resellerTenantId?: string,
  ): Promise<{ items: RelationshipDoc[]; continuationToken?: string }>;
  /** The active relationships mirrored into the customer's partition, each with the relationship's id. */
  partnersOf(customerTenantId: string): Promise<RelationshipMirror[]>;
  createGrant(g: Grant): Promise<'created' | 'exists'>;
  grant(customerTenantId: string, id: string): Promise<Versioned<GrantDoc> | undefined>;
  replaceGrant(g: GrantDoc, etag: string): Promise<'done' | 'conflict'>;
  grantsOf(customerTenantId: string, partnerTenantId?: string): Promise<GrantDoc[]>;
}

export function cosmosRecordStore(relationships: Container, customers: Container): RecordStore {
  const all = async <T>(
    c: Container,
    pk: string,
    query: string,
    params: Array<{ name: string; value: string }>,
  ): Promise<T[]> => {
    const out: T[] = [];
    let token: string | undefined;
    do {
      const page = await queryPage<T>(c, { field: 'tenantId', value: pk }, query, params, 100, token);
      out.push(...page.items);
      token = page.continuationToken;
    } while (token);
    return out;
  };
  const done = (r: unknown): 'done' | 'conflict' => (r === 'conflict' ? 'conflict' : 'done');
  return {
    customer: (tenantId) => readItem<CustomerRecord>(customers, tenantId, tenantId, 'tenantId'),
    async putCustomer(c, etag) {
      if (etag) return done(await replaceIfMatch(customers, c, c.tenantId, etag));
      return (await createIfAbsent(customers, c)) === 'created' ? 'done' : 'conflict';
    },
    async createRelationship(r) {
      const result = await createIfAbsent(relationships, { ...r, type: 'relationship' });
      await createIfAbsent(customers, {
        ...r,
        type: 'relationshipMirror',
        tenantId: r.customerTenantId,
        id: `mirror:${r.id}`,
      });
      return result;
    },
    relationship: (partnerTenantId, id) =>
      readItem<RelationshipDoc>(relationships, id, partnerTenantId, 'partnerTenantId'),
    async replaceRelationship(r, etag) {
      const result = done(await replaceIfMatch(relationships, r, r.partnerTenantId, etag));
      if (result === 'done')
        await customers.items.upsert({
          ...r,
          type: 'relationshipMirror',
          tenantId: r.customerTenantId,
          id: `mirror:${r.id}`,
        });
      return result;
    },
    relationshipsOf(partnerTenantId, pageSize, continuationToken, resellerTenantId) {
      const params = [{ name: '@active', value: 'active' }];
      let query = "SELECT * FROM c WHERE c.type = 'relationship' AND c.status = @active";
      if (resellerTenantId) {
        query += ' AND c.resellerTenantId = @reseller';
        params.push({ name: '@reseller', value: resellerTenantId });
      }
      return queryPage<RelationshipDoc>(
        relationships,
        { field: 'partnerTenantId', value: partnerTenantId },
        `${query} ORDER BY c.createdAt DESC`,
        params,
        pageSize,
        continuationToken,
      );
    },
    // A mirror's document id is `mirror:<relationship id>` (it shares the customer partition with the
    // grants); the API shows the relationship's own id, the one the partner side knows.
    partnersOf: async (customerTenantId) =>
      (
        await all<RelationshipMirror>(
          customers,
          customerTenantId,
          "SELECT * FROM c WHERE c.type = 'relationshipMirror' AND c.status = 'active'",
          [],
        )
      ).map((m) => ({ ...m, id: m.id.replace(/^mirror:/, '') })),
    createGrant: (g) => createIfAbsent(customers, { ...g, type: 'grant', tenantId: g.customerTenantId }),
    grant: (customerTenantId, id) => readItem<GrantDoc>(customers, id, customerTenantId, 'tenantId'),
    async replaceGrant(g, etag) {
      return done(await replaceIfMatch(customers, g, g.customerTenantId, etag));
    },
    grantsOf(customerTenantId, partnerTenantId) {
      return partnerTenantId
        ? all<GrantDoc>(
            customers,
            customerTenantId,
            "SELECT * FROM c WHERE c.type = 'grant' AND c.partnerTenantId = @p",
            [{ name: '@p', value: partnerTenantId }],
          )
        : all<GrantDoc>(customers, customerTenantId, "SELECT * FROM c WHERE c.type = 'grant'", []);
    },
  };
}

let shared: RecordStore | undefined;
export function recordStore(): RecordStore {
  shared ??= cosmosRecordStore(
    appDatabase().container(containers.relationships.id),
    appDatabase().container(containers.customers.id),
  );
  return shared;
}
