import { randomUUID } from 'node:crypto';
import type { Database } from '@azure/cosmos';
import type { DemoTenant } from '../../infra/local/identity/demoDirectory';
import { createInvitation } from '../../shared/domain/createInvitation';
import type { DelegatedAdminRequest, Invitation } from '../../shared/domain/invitation';
import { userActor } from '../../shared/domain/invitation';
import type { Partner } from '../../shared/domain/partner';
import { unwrap } from '../../shared/http/errors';
import { addDays } from '../../shared/domain/time';
import { type ProductStack, startProductStack } from './productStack';
import { deriveInvitationToken, hashToken } from '../../shared/domain/token';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import type { Versioned } from '../../shared/store/cosmosOps';
import { cosmosInvitationStore, type InvitationStore } from '../../shared/store/invitations';
import { cosmosPartnerStore } from '../../shared/store/partners';
import { cosmosRecordStore, type CustomerRecord } from '../../shared/store/records';

/** A partner profile, or a demo tenant that is a partner. */
export type SeedPartner = Partner | DemoTenant;

/** The profile of a partner tenant (a demo customer tenant is refused). */
export function asPartner(t: SeedPartner): Partner {
  if (t.kind === 'customer' || t.kind === 'operator' || !t.mpnId) throw new Error(`${t.name} is not a partner`);
  return { tenantId: t.tenantId, name: t.name, kind: t.kind, mpnId: t.mpnId, country: t.country, cloud: t.cloud };
}

export interface SeedOptions {
  inviter: SeedPartner;
  customerTenantId?: string;
  includeDelegatedAdmin?: boolean;
  delegatedAdmin?: DelegatedAdminRequest;
  recipientName?: string;
  expiresInDays?: number;
  /** When it was created; a day in the past with expiresInDays 1 makes an expired one. */
  createdAt?: Date;
}

export interface Seeded {
  id: string;
  /** The link token, derived as the app derives it. */
  token: string;
  invitation: Invitation;
}

/** Writes invitations and partner profiles straight into the stack's Cosmos database (no API needed). */
export interface Seeder {
  invitation(o: SeedOptions): Promise<Seeded>;
  partner(p: SeedPartner): Promise<void>;
  get(id: string): Promise<Versioned<Invitation> | undefined>;
  customer(tenantId: string): Promise<Versioned<CustomerRecord> | undefined>;
  store: InvitationStore;
  close(): void;
}

/** A seeder on the database of a product stack's environment (COSMOS_* and INVITATION_TOKEN_SECRET). */
export function seeder(env: NodeJS.ProcessEnv): Seeder {
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  const db: Database = client.database(env.COSMOS_DATABASE as string);
  const store = cosmosInvitationStore(db.container(containers.invitations.id));
  const partners = cosmosPartnerStore(db.container(containers.partners.id));
  const records = cosmosRecordStore(db.container(containers.relationships.id), db.container(containers.customers.id));
  const secret = env.INVITATION_TOKEN_SECRET as string;
  return {
    store,
    async partner(p) {
      await partners.upsert(asPartner(p));
    },
    async invitation(o) {
      const inviter = asPartner(o.inviter);
      await partners.upsert(inviter);
      const id = randomUUID();
      const token = deriveInvitationToken(secret, id);
      const createdAt = o.createdAt ?? new Date();
      const invitation = unwrap(
        createInvitation(
          {
            id,
            kind: 'customerRelationship',
            inviter,
            createdBy: userActor({ tenantId: inviter.tenantId, userId: randomUUID(), email: 'admin@partner.example' }),
            recipientEmail: 'admin@customer.example',
            includeDelegatedAdmin: o.includeDelegatedAdmin ?? true,
            email: { subject: 'Invitation', text: 'Open {{invitationLink}}' },
            tokenHash: hashToken(token),
            ...(o.customerTenantId ? { customerTenantId: o.customerTenantId } : {}),
            ...(o.delegatedAdmin ? { delegatedAdmin: o.delegatedAdmin } : {}),
            ...(o.recipientName ? { recipientName: o.recipientName } : {}),
            ...(o.expiresInDays ? { expiresInDays: o.expiresInDays } : {}),
          },
          createdAt,
        ),
      );
      if ((await store.create(invitation)) !== 'created') throw new Error(`invitation ${id} exists`);
      return { id, token, invitation };
    },
    get: (id) => store.get(id),
    customer: (tenantId) => records.customer(tenantId),
    close: () => client.dispose(),
  };
}

/** An instant `days` ago (for expired invitations). */
export const daysAgo = (days: number): Date => addDays(new Date(), -days);

/**
 * Pushes every timeline entry of the invitations `ms` into the past, straight in the stack's Cosmos
 * database, so a resend is not refused for coming too soon after the last email. Only while
 * nothing else writes them (settle the host first): the replace is unconditional.
 */
export async function backdateTimelines(env: NodeJS.ProcessEnv, ids: readonly string[], ms = 3_600_000): Promise<void> {
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  try {
    const c = client.database(env.COSMOS_DATABASE as string).container(containers.invitations.id);
    for (const id of ids) {
      // Over the version read (the app may be writing it too), and again on any failure: the soak
      // injects Cosmos faults, and this helper is not what it tests.
      for (let tries = 1; ; tries++) {
        try {
          const { resource, etag } = await c.item(id, id).read<Invitation>();
          if (!resource) throw new Error(`invitation ${id} not found`);
          resource.timeline = resource.timeline.map((e) => ({
            ...e,
            at: new Date(Date.parse(e.at) - ms).toISOString(),
          }));
          await c.item(id, id).replace(resource, { accessCondition: { type: 'IfMatch', condition: etag as string } });
          break;
        } catch (e) {
          if (tries >= 50 || /not found/.test((e as Error).message)) throw e;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    }
  } finally {
    client.dispose();
  }
}

/** The product stack with a seeder on its Cosmos, for one test file; `stop` closes both. */
export async function startSeededStack(
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<{ stack: ProductStack; seed: Seeder; stop(): Promise<void> }> {
  const stack = await startProductStack(extraEnv);
  const seed = seeder(stack.env);
  return {
    stack,
    seed,
    stop: async () => {
      seed.close();
      await stack.stop();
    },
  };
}
