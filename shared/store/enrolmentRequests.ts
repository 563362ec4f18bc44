import type { Container } from '@azure/cosmos';
import { type EnrolmentRequest, enrolmentRequestDocumentSchema } from '../schemas/partner';
import { containers } from './containers';
import { appDatabase } from './database';
import { queryPage, readItem, replaceIfMatch, type Versioned } from './cosmosOps';

const SCOPE = 'enrolmentRequests';

/** Port: the operator's queue of enrolment requests. */
export interface EnrolmentRequestStore {
  get(id: string): Promise<Versioned<EnrolmentRequest> | undefined>;
  /** The tenant's request still waiting for a decision, if any. */
  pendingOf(tenantId: string): Promise<EnrolmentRequest | undefined>;
  create(request: EnrolmentRequest): Promise<void>;
  /** Replaces over the version read; 'conflict' when it changed meanwhile. */
  replace(request: EnrolmentRequest, etag: string): Promise<'ok' | 'conflict'>;
  list(
    status: EnrolmentRequest['status'] | undefined,
    pageSize: number,
    continuationToken?: string,
  ): Promise<{ items: EnrolmentRequest[]; continuationToken?: string }>;
}

const parse = (doc: unknown): EnrolmentRequest => enrolmentRequestDocumentSchema.parse(doc);

export function cosmosEnrolmentRequestStore(container: Container): EnrolmentRequestStore {
  const scope = { field: 'scope', value: SCOPE };
  return {
    async get(id) {
      const found = await readItem<unknown>(container, id, SCOPE, 'scope');
      return found ? { doc: parse(found.doc), etag: found.etag } : undefined;
    },
    async pendingOf(tenantId) {
      const page = await queryPage<unknown>(
        container,
        scope,
        "SELECT * FROM c WHERE c.tenantId = @tenantId AND c.status = 'pending'",
        [{ name: '@tenantId', value: tenantId }],
        1,
      );
      return page.items[0] ? parse(page.items[0]) : undefined;
    },
    async create(request) {
      await container.items.create({ ...request, scope: SCOPE });
    },
    async replace(request, etag) {
      return (await replaceIfMatch(container, { ...request, scope: SCOPE }, SCOPE, etag)) === 'conflict'
        ? 'conflict'
        : 'ok';
    },
    async list(status, pageSize, continuationToken) {
      const page = status
        ? await queryPage<unknown>(
            container,
            scope,
            'SELECT * FROM c WHERE c.status = @status ORDER BY c.createdAt',
            [{ name: '@status', value: status }],
            pageSize,
            continuationToken,
          )
        : await queryPage<unknown>(
            container,
            scope,
            'SELECT * FROM c ORDER BY c.createdAt',
            [],
            pageSize,
            continuationToken,
          );
      return {
        items: page.items.map(parse),
        ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
      };
    },
  };
}

let shared: EnrolmentRequestStore | undefined;
/** The process-wide queue on the app's database. */
export function enrolmentRequestStore(): EnrolmentRequestStore {
  shared ??= cosmosEnrolmentRequestStore(appDatabase().container(containers.program.id));
  return shared;
}
