// In-process world for creating customers for resellers: the real Cosmos adapters on the local
// Cosmos-protocol server, with every container wrapped so a test can "crash" the use case after
// the n-th write (the write lands, then the process dies), and readers to count what is stored.
import { randomUUID } from 'node:crypto';
import type { Container, Database } from '@azure/cosmos';
import type { Partner } from '../../shared/domain/partner';
import { partnershipId } from '../../shared/domain/ids';
import type { CreationDeps } from '../../shared/newCustomers/ports';
import { generateTemporaryPassword, hashPassword } from '../../shared/newCustomers/password';
import { cosmosAuditLog } from '../../shared/store/audit';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { cosmosCreationStore } from '../../shared/store/customerCreations';
import { cosmosDueItemStore } from '../../shared/store/dueItems';
import { cosmosPartnerStore } from '../../shared/store/partners';
import { cosmosPartnershipLookup } from '../../shared/store/partnershipLookup';
import { cosmosRecordStore } from '../../shared/store/records';
import { cosmosSubscriptionStore } from '../../shared/store/subscriptions';
import { ensureContainers } from '../../shared/store/ensureContainers';

/** Thrown by a wrapped container when the write budget is spent: the process "died". */
export class Crash extends Error {}

/** A write budget shared by every wrapped container; Infinity = no crash. */
export interface Budget {
  left: number;
  writes: number;
}

const WRITES = new Set(['create', 'upsert', 'replace', 'delete', 'batch', 'bulk']);

function counted<T extends object>(target: T, budget: Budget): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      const v = Reflect.get(t, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (WRITES.has(String(prop))) {
        return async (...args: unknown[]) => {
          if (budget.left <= 0) throw new Crash('crashed before a write');
          const r = await (v as (...a: unknown[]) => Promise<unknown>).apply(t, args);
          budget.writes++;
          if (--budget.left <= 0) throw new Crash('crashed after a write');
          return r;
        };
      }
      return (...args: unknown[]) => {
        const r = (v as (...a: unknown[]) => unknown).apply(t, args);
        return r && typeof r === 'object' && (prop === 'item' || prop === 'items') ? counted(r as object, budget) : r;
      };
    },
  });
}

/** A container whose writes spend the budget (its `items` and `item(...)` are wrapped too). */
function crashable(c: Container, budget: Budget): Container {
  return new Proxy(c, {
    get(t, prop, receiver) {
      const v = Reflect.get(t, prop, receiver) as unknown;
      if (prop === 'items') return counted(v as object, budget);
      if (prop === 'item')
        return (...args: unknown[]) => counted((v as (...a: unknown[]) => object).apply(t, args), budget);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}

export interface CreationWorld {
  db: Database;
  container(name: keyof typeof containers): Container;
  /** Deps whose writes spend `budget` (crash when it reaches 0). */
  deps(budget?: Budget): CreationDeps;
  provider: Partner;
  reseller: Partner;
  /** Every document of a container (cross-partition), for counting and scanning. */
  all(name: keyof typeof containers): Promise<Array<Record<string, unknown>>>;
  close(): void;
}

/** The world on a fresh database: an indirect provider in partnership with an indirect reseller. */
export async function creationWorld(env: NodeJS.ProcessEnv): Promise<CreationWorld> {
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  const db = await ensureContainers(client, env.COSMOS_DATABASE as string);
  const container = (name: keyof typeof containers) => db.container(containers[name].id);
  const provider: Partner = {
    tenantId: randomUUID(),
    name: 'Fabrikam Distribution',
    kind: 'indirectProvider',
    mpnId: '2000001',
    country: 'SE',
    cloud: 'public',
  };
  const reseller: Partner = {
    tenantId: randomUUID(),
    name: 'Northwind Resellers',
    kind: 'indirectReseller',
    mpnId: '3000001',
    country: 'SE',
    cloud: 'public',
  };
  const partners = cosmosPartnerStore(container('partners'));
  await partners.upsert(provider);
  await partners.upsert(reseller);
  await seedPartnership(container, provider.tenantId, reseller.tenantId);
  const deps = (budget: Budget = { left: Infinity, writes: 0 }): CreationDeps => {
    const c = (name: keyof typeof containers) => crashable(container(name), budget);
    return {
      creations: cosmosCreationStore(c('customerCreations'), c('domainPrefixes'), c('customers')),
      subscriptions: cosmosSubscriptionStore(c('customers')),
      records: cosmosRecordStore(c('relationships'), c('customers')),
      dueItems: cosmosDueItemStore(c('dueItems')),
      audit: cosmosAuditLog(c('audit')),
      partners,
      partnerships: cosmosPartnershipLookup(container('partnerships'), partners),
      password: { generate: generateTemporaryPassword, hash: hashPassword },
    };
  };
  const all = async (name: keyof typeof containers) =>
    (await container(name).items.query<Record<string, unknown>>('SELECT * FROM c').fetchAll()).resources;
  return { db, container, deps, provider, reseller, all, close: () => client.dispose() };
}

/**
 * A partnership written straight into the provider's partition (as the partnership store keeps it;
 * its reseller-side mirror is not read here).
 */
export async function seedPartnership(
  container: (name: keyof typeof containers) => Container,
  providerTenantId: string,
  resellerTenantId: string,
  status: 'active' | 'removed' = 'active',
): Promise<void> {
  const doc = {
    id: partnershipId(providerTenantId, resellerTenantId),
    type: 'partnership',
    providerTenantId,
    resellerTenantId,
    status,
    createdAt: new Date().toISOString(),
  };
  await container('partnerships').items.upsert(doc);
}
