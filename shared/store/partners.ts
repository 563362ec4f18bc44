import type { Container } from '@azure/cosmos';
import type { Partner } from '../domain/partner';
import { AppError } from '../http/errors';
import { partnerDocumentSchema } from '../schemas/documents';
import { containers } from './containers';
import { appDatabase } from './database';

/** A stored profile and the ETag of the version read or written. */
export interface StoredPartner {
  partner: Partner;
  etag: string;
}

/** Port: partner profiles, one per partner tenant. */
export interface PartnerStore {
  /** The tenant's profile, or undefined when none was set yet. */
  get(tenantId: string): Promise<StoredPartner | undefined>;
  /**
   * Creates or replaces the tenant's profile. With `ifMatch` the write succeeds only over that
   * version (AppError 412 `precondition_failed` otherwise).
   */
  upsert(partner: Partner, options?: { ifMatch?: string }): Promise<StoredPartner>;
}

/** The operator's view of the program: every partner, filtered, a page at a time. */
export interface PartnerDirectory {
  list(
    filter: PartnerFilter,
    pageSize: number,
    continuationToken?: string,
  ): Promise<{ items: Partner[]; continuationToken?: string }>;
}

export interface PartnerFilter {
  kind?: Partner['kind'];
  status?: 'active' | 'suspended';
  /** Case-insensitive part of the name. */
  name?: string;
}

const statusOf = (e: unknown): number | undefined => (e as { code?: unknown }).code as number | undefined;

function stored(resource: unknown, etag: string | undefined): StoredPartner {
  if (!etag) throw new Error('Cosmos returned a partner document without an ETag');
  // Parsing strips id, _etag, _ts… and refuses a document that does not hold a profile.
  return { partner: partnerDocumentSchema.parse(resource), etag };
}

/** Cosmos adapter: container `partners`, partition key and id both the tenant id. */
export function cosmosPartnerStore(container: Container): PartnerStore {
  return {
    async get(tenantId) {
      try {
        const r = await container.item(tenantId, tenantId).read();
        return r.resource ? stored(r.resource, r.etag) : undefined;
      } catch (e) {
        if (statusOf(e) === 404) return undefined;
        throw e;
      }
    },
    async upsert(partner, options = {}) {
      const doc = { id: partner.tenantId, ...partner };
      try {
        const r = options.ifMatch
          ? await container
              .item(doc.id, doc.id)
              .replace(doc, { accessCondition: { type: 'IfMatch', condition: options.ifMatch } })
          : await container.items.upsert(doc);
        return stored(r.resource, r.etag);
      } catch (e) {
        if (statusOf(e) === 412 || (options.ifMatch && statusOf(e) === 404)) {
          throw new AppError('precondition_failed', 'The profile changed since the version named in If-Match.');
        }
        throw e;
      }
    },
  };
}

/**
 * Cosmos adapter of the directory: a cross-partition query over the partners container, the one
 * query of the product that spans partitions. Only the operator runs it, rarely, over thousands
 * of small documents at most.
 */
export function cosmosPartnerDirectory(container: Container): PartnerDirectory {
  return {
    async list(filter, pageSize, continuationToken) {
      const where: string[] = [];
      const parameters: Array<{ name: string; value: string }> = [];
      if (filter.kind) {
        where.push('c.kind = @kind');
        parameters.push({ name: '@kind', value: filter.kind });
      }
      // A profile written before suspensions existed has no status and is active.
      if (filter.status === 'suspended') where.push("c.status = 'suspended'");
      if (filter.status === 'active') where.push("(NOT IS_DEFINED(c.status) OR c.status = 'active')");
      if (filter.name) {
        where.push('CONTAINS(LOWER(c.name), @name)');
        parameters.push({ name: '@name', value: filter.name.toLowerCase() });
      }
      const query = `SELECT * FROM c${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
      const page = await container.items
        .query({ query, parameters }, { maxItemCount: pageSize, continuationToken })
        .fetchNext();
      return {
        items: (page.resources ?? []).map((r) => partnerDocumentSchema.parse(r)),
        continuationToken: page.continuationToken || undefined,
      };
    },
  };
}

let directory: PartnerDirectory | undefined;
/** The process-wide partner directory. */
export function partnerDirectory(): PartnerDirectory {
  directory ??= cosmosPartnerDirectory(appDatabase().container(containers.partners.id));
  return directory;
}

let shared: PartnerStore | undefined;
/** The process-wide partner store on the app's database. */
export function partnerStore(): PartnerStore {
  shared ??= cosmosPartnerStore(appDatabase().container(containers.partners.id));
  return shared;
}
