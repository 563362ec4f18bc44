import type { Container } from '@azure/cosmos';
import { partnershipId } from '../domain/ids';
import type { Partnership } from '../domain/partner';
import { containers } from './containers';
import { appDatabase } from './database';
import { type Versioned, createIfAbsent, queryPage, readItem, replaceIfMatch } from './cosmosOps';

/** A partnership as stored, with the names the lists filter and show (copied at recording time). */
export type PartnershipDoc = Partnership & {
  type: 'partnership';
  providerName?: string;
  resellerName?: string;
  resellerNameLower?: string;
};

type Page<T> = { items: T[]; continuationToken?: string };

/**
 * Port: partnerships in the provider's partition, mirrored in the reseller's. The id derives from
 * the pair (partnershipId), so create-if-absent makes a re-run of the recording a no-op.
 */
export interface PartnershipStore {
  create(p: PartnershipDoc): Promise<'created' | 'exists'>;
  /** The pair's partnership (active or removed), if there ever was one. */
  get(providerTenantId: string, resellerTenantId: string): Promise<Versioned<PartnershipDoc> | undefined>;
  replace(p: PartnershipDoc, etag: string): Promise<'done' | 'conflict'>;
  /** Active partnerships of a provider, newest first; `name` filters by a fragment of the reseller's name. */
  resellersOf(
    providerTenantId: string,
    q: { pageSize: number; continuationToken?: string; name?: string },
  ): Promise<Page<PartnershipDoc>>;
  /** Active partnerships of a reseller (the mirror), newest first. */
  providersOf(
    resellerTenantId: string,
    q: { pageSize: number; continuationToken?: string },
  ): Promise<Page<PartnershipDoc>>;
}

export function cosmosPartnershipStore(byProvider: Container, byReseller: Container): PartnershipStore {
  // The mirror is written after the provider's document and repaired by every re-run (upsert).
  const mirror = (p: PartnershipDoc) => byReseller.items.upsert(p);
  return {
    async create(p) {
      const result = await createIfAbsent(byProvider, p);
      if (result === 'created') await mirror(p);
      else {
        const current = await readItem<PartnershipDoc>(byProvider, p.id, p.providerTenantId, 'providerTenantId');
        if (current) await mirror(current.doc);
      }
      return result;
    },
    get: (providerTenantId, resellerTenantId) =>
      readItem<PartnershipDoc>(
        byProvider,
        partnershipId(providerTenantId, resellerTenantId),
        providerTenantId.toLowerCase(),
        'providerTenantId',
      ),
    async replace(p, etag) {
      const r = await replaceIfMatch(byProvider, p, p.providerTenantId, etag);
      if (r === 'conflict') return 'conflict';
      await mirror(p);
      return 'done';
    },
    resellersOf(providerTenantId, q) {
      const params: Array<{ name: string; value: string }> = [{ name: '@active', value: 'active' }];
      let where = "c.type = 'partnership' AND c.status = @active";
      if (q.name) {
        where += ' AND CONTAINS(c.resellerNameLower, @name)';
        params.push({ name: '@name', value: q.name.toLowerCase() });
      }
      return queryPage<PartnershipDoc>(
        byProvider,
        { field: 'providerTenantId', value: providerTenantId },
        `SELECT * FROM c WHERE ${where} ORDER BY c.createdAt DESC`,
        params,
        q.pageSize,
        q.continuationToken,
      );
    },
    providersOf(resellerTenantId, q) {
      return queryPage<PartnershipDoc>(
        byReseller,
        { field: 'resellerTenantId', value: resellerTenantId },
        "SELECT * FROM c WHERE c.type = 'partnership' AND c.status = @active ORDER BY c.createdAt DESC",
        [{ name: '@active', value: 'active' }],
        q.pageSize,
        q.continuationToken,
      );
    },
  };
}

let shared: PartnershipStore | undefined;
/** The process-wide partnership store on the app's database. */
export function partnershipStore(): PartnershipStore {
  shared ??= cosmosPartnershipStore(
    appDatabase().container(containers.partnerships.id),
    appDatabase().container(containers.resellerPartnerships.id),
  );
  return shared;
}
