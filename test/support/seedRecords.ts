// Seeds records straight into the product's Cosmos database (the stack's env), through the same
// adapters the app uses, so e2e tests can start from any state: relationships, grants, invitations,
// due items, audit entries, partner profiles.
import { randomUUID } from 'node:crypto';
import type { Container, Database } from '@azure/cosmos';
import { grantId, relationshipId } from '../../shared/domain/ids';
import type { Invitation } from '../../shared/domain/invitation';
import type { Grant, Partner, Relationship } from '../../shared/domain/partner';
import { type AuditEntry, cosmosAuditLog } from '../../shared/store/audit';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { readItem } from '../../shared/store/cosmosOps';
import { cosmosDueItemStore, type DueItem } from '../../shared/store/dueItems';
import { ensureContainers } from '../../shared/store/ensureContainers';
import { cosmosInvitationIndex } from '../../shared/store/invitationIndex';
import { cosmosInvitationStore } from '../../shared/store/invitations';
import { cosmosPartnerStore } from '../../shared/store/partners';
import { cosmosRecordStore, type GrantDoc, type RelationshipDoc } from '../../shared/store/records';

const DAY = 86_400_000;
/** Helpdesk Administrator and User Administrator: roles a grant may auto-extend with. */
export const HELPDESK_ADMIN = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

export interface Seeder {
  db: Database;
  container(name: keyof typeof containers): Container;
  partner(p: Partner): Promise<void>;
  customer(tenantId: string, companyName?: string): Promise<void>;
  relationship(partnerTenantId: string, customerTenantId: string, createdAt?: Date): Promise<Relationship>;
  grant(partnerTenantId: string, customerTenantId: string, o?: Partial<Grant>): Promise<Grant>;
  invitation(o: Partial<Invitation> & { partnerTenantId: string }): Promise<Invitation>;
  due(item: Omit<DueItem, 'id' | 'bucket'>): Promise<void>;
  audit(tenantId: string, entry: Omit<AuditEntry, 'id' | 'tenantId'>): Promise<void>;
  readGrant(customerTenantId: string, id: string): Promise<GrantDoc | undefined>;
  readRelationship(partnerTenantId: string, customerTenantId: string): Promise<RelationshipDoc | undefined>;
  readInvitation(id: string): Promise<Invitation | undefined>;
  dueItems(bucket: string): Promise<DueItem[]>;
}

/** A seeder on the stack's database (created with its containers if the host has not yet). */
export async function seedRecords(env: NodeJS.ProcessEnv): Promise<Seeder> {
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  const db = await ensureContainers(client, env.COSMOS_DATABASE as string);
  const container = (name: keyof typeof containers) => db.container(containers[name].id);
  const records = cosmosRecordStore(container('relationships'), container('customers'));
  const invitations = cosmosInvitationStore(container('invitations'));
  const index = cosmosInvitationIndex(container('invitationIndex'));
  const dueItems = cosmosDueItemStore(container('dueItems'));
  const audit = cosmosAuditLog(container('audit'));
  const partners = cosmosPartnerStore(container('partners'));
  return {
    db,
    container,
    partner: async (p) => void (await partners.upsert(p)),
    customer: async (tenantId, companyName) =>
      void (await records.putCustomer({
        id: tenantId,
        tenantId,
        type: 'customer',
        ...(companyName ? { companyName } : {}),
      })),
    async relationship(partnerTenantId, customerTenantId, createdAt = new Date()) {
      const r: Relationship = {
        id: relationshipId(partnerTenantId, customerTenantId),
        partnerTenantId,
        customerTenantId,
        kind: 'reseller',
        status: 'active',
        createdAt: createdAt.toISOString(),
      };
      await records.createRelationship(r);
      return r;
    },
    async grant(partnerTenantId, customerTenantId, o = {}) {
      const invitationId = o.invitationId ?? randomUUID();
      const startsAt = new Date(Date.now() - DAY);
      const g: Grant = {
        id: grantId(invitationId),
        partnerTenantId,
        customerTenantId,
        invitationId,
        roles: [HELPDESK_ADMIN],
        duration: 'P30D',
        autoExtend: false,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 30 * DAY).toISOString(),
        status: 'active',
        ...o,
      };
      await records.createGrant(g);
      return g;
    },
    async invitation(o) {
      const now = Date.now();
      const inv: Invitation = {
        id: randomUUID(),
        kind: 'customerRelationship',
        recipientEmail: 'admin@customer.example',
        includeDelegatedAdmin: false,
        email: { subject: 'Invitation', text: 'Accept: {{invitationLink}}' },
        status: 'pending',
        createdAt: new Date(now - 31 * DAY).toISOString(),
        createdBy: { type: 'user', tenantId: o.partnerTenantId, userId: randomUUID() },
        expiresAt: new Date(now - DAY).toISOString(),
        tokenHash: 'ab'.repeat(32),
        sendCount: 1,
        timeline: [],
        ...o,
      };
      await invitations.create(inv);
      await index.put(inv);
      return inv;
    },
    due: (item) => dueItems.put(item),
    audit: (tenantId, entry) => audit.append([tenantId], entry),
    readGrant: async (c, id) => (await records.grant(c, id))?.doc,
    readRelationship: async (p, c) => (await records.relationship(p, relationshipId(p, c)))?.doc,
    readInvitation: async (id) => (await invitations.get(id))?.doc,
    async dueItems(bucket) {
      const r = await container('dueItems')
        .items.query<DueItem>({ query: 'SELECT * FROM c' }, { partitionKey: bucket })
        .fetchAll();
      return r.resources;
    },
  };
}

/** An invitation summary in a partner's index, read by point. */
export async function readIndexed(
  s: Seeder,
  partnerTenantId: string,
  id: string,
): Promise<{ status: string } | undefined> {
  return (await readItem<{ status: string }>(s.container('invitationIndex'), id, partnerTenantId))?.doc;
}
