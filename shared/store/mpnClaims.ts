import type { Container } from '@azure/cosmos';
import { containers } from './containers';
import { appDatabase } from './database';
import { cosmosStatus, readItem, replaceIfMatch } from './cosmosOps';

/** One MPN id's owner: the document whose create-if-absent decides which partner has it. */
interface MpnClaim {
  id: string;
  scope: 'mpnIds';
  ownerTenantId: string;
}

const SCOPE = 'mpnIds';

/** Port: who holds each MPN id across the program. */
export interface MpnClaimStore {
  /** Claims the id for the tenant; the current owner when another tenant holds it. */
  claim(mpnId: string, tenantId: string): Promise<{ claimed: true } | { claimed: false; ownerTenantId: string }>;
  /** Moves a claim whose owner no longer uses the id (a crash between an MPN change and its release); false when it moved meanwhile. */
  takeOver(mpnId: string, fromTenantId: string, toTenantId: string): Promise<boolean>;
  /** Lets the id go, if the tenant holds it. */
  release(mpnId: string, tenantId: string): Promise<void>;
}

export function cosmosMpnClaimStore(container: Container): MpnClaimStore {
  const read = (mpnId: string) => readItem<MpnClaim>(container, mpnId, SCOPE, 'scope');
  async function claim(mpnId: string, tenantId: string): ReturnType<MpnClaimStore['claim']> {
    try {
      await container.items.create<MpnClaim>({ id: mpnId, scope: SCOPE, ownerTenantId: tenantId });
      return { claimed: true };
    } catch (e) {
      if (cosmosStatus(e) !== 409) throw e;
    }
    const held = await read(mpnId);
    // Released between our create and read: try again.
    if (!held) return claim(mpnId, tenantId);
    return held.doc.ownerTenantId === tenantId ? { claimed: true } : { claimed: false, ownerTenantId: held.doc.ownerTenantId };
  }
  return {
    claim,
    async takeOver(mpnId, fromTenantId, toTenantId) {
      const held = await read(mpnId);
      if (!held || held.doc.ownerTenantId !== fromTenantId) return false;
      return (await replaceIfMatch(container, { ...held.doc, ownerTenantId: toTenantId }, SCOPE, held.etag)) !== 'conflict';
    },
    async release(mpnId, tenantId) {
      const held = await read(mpnId);
      if (!held || held.doc.ownerTenantId !== tenantId) return;
      try {
        await container.item(mpnId, SCOPE).delete({ accessCondition: { type: 'IfMatch', condition: held.etag } });
      } catch (e) {
        if (cosmosStatus(e) !== 404 && cosmosStatus(e) !== 412) throw e;
      }
    },
  };
}

let shared: MpnClaimStore | undefined;
/** The process-wide claim store on the app's database. */
export function mpnClaimStore(): MpnClaimStore {
  shared ??= cosmosMpnClaimStore(appDatabase().container(containers.program.id));
  return shared;
}
