import type { Container } from '@azure/cosmos';
import { containers } from './containers';
import { appDatabase } from './database';
import { cosmosStatus, readItem, replaceIfMatch } from './cosmosOps';

/** One MPN id's owner: the document whose create-if-absent decides which partner has it. */
interface MpnClaim {
  id: string;
  scope: 'mpnIds';
  ownerTenantId: string;
  /** When the owner claimed it: a young claim may belong to an enrolment still in flight. */
  claimedAt?: string;
}

const SCOPE = 'mpnIds';

/** Port: who holds each MPN id across the program. */
export interface MpnClaimStore {
  /** Claims the id for the tenant; the current owner when another tenant holds it. */
  claim(
    mpnId: string,
    tenantId: string,
    now: Date,
  ): Promise<{ claimed: true } | { claimed: false; ownerTenantId: string; claimedAt?: string }>;
  /**
   * Moves a claim whose owner does not use the id (left by a request that died or lost a race),
   * only while it is still `from`'s and was last claimed before `settledBefore`; false otherwise.
   */
  takeOver(mpnId: string, fromTenantId: string, toTenantId: string, now: Date, settledBefore: Date): Promise<boolean>;
  /** Lets the id go, if the tenant holds it. */
  release(mpnId: string, tenantId: string): Promise<void>;
}

export function cosmosMpnClaimStore(container: Container): MpnClaimStore {
  const read = (mpnId: string) => readItem<MpnClaim>(container, mpnId, SCOPE, 'scope');
  async function claim(mpnId: string, tenantId: string, now: Date): ReturnType<MpnClaimStore['claim']> {
    try {
      await container.items.create<MpnClaim>({
        id: mpnId,
        scope: SCOPE,
        ownerTenantId: tenantId,
        claimedAt: now.toISOString(),
      });
      return { claimed: true };
    } catch (e) {
      if (cosmosStatus(e) !== 409) throw e;
    }
    const held = await read(mpnId);
    // Released between our create and read: try again.
    if (!held) return claim(mpnId, tenantId, now);
    if (held.doc.ownerTenantId === tenantId) {
      // Claimed again by its holder: young again, so nobody takes it over while this enrolment
      // runs. Over the version read: losing to a takeover means it is no longer ours.
      if (
        (await replaceIfMatch(container, { ...held.doc, claimedAt: now.toISOString() }, SCOPE, held.etag)) !==
        'conflict'
      )
        return { claimed: true };
      return claim(mpnId, tenantId, now);
    }
    return {
      claimed: false,
      ownerTenantId: held.doc.ownerTenantId,
      ...(held.doc.claimedAt ? { claimedAt: held.doc.claimedAt } : {}),
    };
  }
  return {
    claim,
    async takeOver(mpnId, fromTenantId, toTenantId, now, settledBefore) {
      const held = await read(mpnId);
      if (!held || held.doc.ownerTenantId !== fromTenantId) return false;
      if (held.doc.claimedAt && Date.parse(held.doc.claimedAt) > settledBefore.getTime()) return false;
      return (
        (await replaceIfMatch(
          container,
          { ...held.doc, ownerTenantId: toTenantId, claimedAt: now.toISOString() },
          SCOPE,
          held.etag,
        )) !== 'conflict'
      );
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
