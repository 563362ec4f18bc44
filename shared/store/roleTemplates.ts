import type { Container } from '@azure/cosmos';
import { type RoleTemplate, roleTemplateDocumentSchema } from '../schemas/roleTemplates';
import { containers } from './containers';
import { createIfAbsent, cosmosStatus, queryPage, readItem, replaceIfMatch, type Versioned } from './cosmosOps';
import { appDatabase } from './database';

/** Port: a partner's role templates, in its own partition (id unique within it). */
export interface RoleTemplateStore {
  /** The tenant's template; undefined when absent or another tenant's. */
  get(partnerTenantId: string, id: string): Promise<Versioned<RoleTemplate> | undefined>;
  create(template: RoleTemplate): Promise<'created' | 'exists'>;
  /** Replaces over the version read; 'conflict' when it changed (or went) meanwhile. */
  replace(template: RoleTemplate, etag: string): Promise<Versioned<RoleTemplate> | 'conflict'>;
  /** Deletes over the version read; 'conflict' when it changed meanwhile, 'absent' when already gone. */
  delete(partnerTenantId: string, id: string, etag: string): Promise<'deleted' | 'conflict' | 'absent'>;
  list(
    partnerTenantId: string,
    pageSize: number,
    continuationToken?: string,
  ): Promise<{ items: RoleTemplate[]; continuationToken?: string }>;
}

const parse = (doc: unknown): RoleTemplate => roleTemplateDocumentSchema.parse(doc);

export function cosmosRoleTemplateStore(container: Container): RoleTemplateStore {
  return {
    async get(partnerTenantId, id) {
      const found = await readItem<unknown>(container, id, partnerTenantId, 'partnerTenantId');
      return found ? { doc: parse(found.doc), etag: found.etag } : undefined;
    },
    create: (template) => createIfAbsent(container, template),
    async replace(template, etag) {
      return replaceIfMatch(container, template, template.partnerTenantId, etag);
    },
    async delete(partnerTenantId, id, etag) {
      try {
        await container.item(id, partnerTenantId).delete({ accessCondition: { type: 'IfMatch', condition: etag } });
        return 'deleted';
      } catch (e) {
        if (cosmosStatus(e) === 404) return 'absent';
        if (cosmosStatus(e) === 412) return 'conflict';
        throw e;
      }
    },
    async list(partnerTenantId, pageSize, continuationToken) {
      const page = await queryPage<unknown>(
        container,
        { field: 'partnerTenantId', value: partnerTenantId },
        'SELECT * FROM c ORDER BY c.name',
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

let shared: RoleTemplateStore | undefined;
/** The process-wide store on the app's database. */
export function roleTemplateStore(): RoleTemplateStore {
  shared ??= cosmosRoleTemplateStore(appDatabase().container(containers.roleTemplates.id));
  return shared;
}
