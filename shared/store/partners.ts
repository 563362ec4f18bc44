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
          ? await container.item(doc.id, doc.id).replace(doc, { accessCondition: { type: 'IfMatch', condition: options.ifMatch } })
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

let shared: PartnerStore | undefined;
/** The process-wide partner store on the app's database. */
export function partnerStore(): PartnerStore {
  shared ??= cosmosPartnerStore(appDatabase().container(containers.partners.id));
  return shared;
}
