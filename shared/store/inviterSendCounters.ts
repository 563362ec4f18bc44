import type { Container } from '@azure/cosmos';
import { containers } from './containers';
import { cosmosStatus, readItem } from './cosmosOps';
import { appDatabase } from './database';

/** The counter document of one partner's send window; old windows go with the container's TTL. */
export interface InviterSendCounter {
  /** The window's key (its ISO start). */
  id: string;
  partnerTenantId: string;
  sends: number;
}

/** Port: the sends every instance has counted for a partner in a window. */
export interface InviterSendCounters {
  /** The shared count (0 when nobody has counted in this window yet): one point read. */
  read(partnerTenantId: string, windowKey: string): Promise<number>;
  /** Adds `n` (negative gives sends back) and returns the shared count after it. */
  add(partnerTenantId: string, windowKey: string, n: number): Promise<number>;
}

/**
 * Cosmos adapter: container `inviterSends`, partition key the partner tenant, id the window. An add
 * is one PATCH `incr` (atomic on the server, so concurrent instances never lose each other's
 * counts), whose response carries the new total; the window's first add creates the document,
 * and losing that race to another instance (409) patches the one it made.
 */
export function cosmosInviterSendCounters(container: Container): InviterSendCounters {
  const patch = async (partnerTenantId: string, windowKey: string, n: number): Promise<number | undefined> => {
    try {
      const r = await container
        .item(windowKey, partnerTenantId)
        .patch<InviterSendCounter>([{ op: 'incr', path: '/sends', value: n }]);
      return r.resource?.sends;
    } catch (e) {
      if (cosmosStatus(e) === 404) return undefined;
      throw e;
    }
  };
  return {
    async read(partnerTenantId, windowKey) {
      return (
        (await readItem<InviterSendCounter>(container, windowKey, partnerTenantId, 'partnerTenantId'))?.doc.sends ?? 0
      );
    },
    async add(partnerTenantId, windowKey, n) {
      const patched = await patch(partnerTenantId, windowKey, n);
      if (patched !== undefined) return patched;
      try {
        await container.items.create<InviterSendCounter>({ id: windowKey, partnerTenantId, sends: n });
        return n;
      } catch (e) {
        if (cosmosStatus(e) !== 409) throw e;
      }
      const again = await patch(partnerTenantId, windowKey, n);
      if (again === undefined) throw new Error('inviter send counter vanished between its create and its patch');
      return again;
    },
  };
}

let shared: InviterSendCounters | undefined;
/** The process-wide counters on the app's database. */
export function inviterSendCounters(): InviterSendCounters {
  shared ??= cosmosInviterSendCounters(appDatabase().container(containers.inviterSends.id));
  return shared;
}
