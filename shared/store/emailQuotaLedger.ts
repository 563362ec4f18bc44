import type { Container } from '@azure/cosmos';
import type { QuotaLedger } from '../email/quotaLedger';
import { containers } from './containers';
import { cosmosStatus, readItem, replaceIfMatch } from './cosmosOps';
import { appDatabase } from './database';

/** The one ledger document: the send slots granted under the ACS resource's quota. */
interface EmailQuotaDoc {
  id: string;
  slots: number[];
  /** Slots held for put-off notices and reminders, by their send's key (QuotaLedgerState.holds). */
  holds?: Record<string, number>;
}

const LEDGER_ID = 'acs-email';

/**
 * Cosmos adapter: container `emailQuota`, one document whose ETag orders the claims of every
 * instance. Its TTL outlasts the longest quota window, so a ledger left alone that long, which
 * would only hold slots that no longer count, simply goes.
 */
export function cosmosQuotaLedger(container: Container): QuotaLedger {
  return {
    async read() {
      const found = await readItem<EmailQuotaDoc>(container, LEDGER_ID, LEDGER_ID);
      return found
        ? { slots: found.doc.slots, ...(found.doc.holds ? { holds: found.doc.holds } : {}), etag: found.etag }
        : { slots: [] };
    },
    async write(slots, etag, holds) {
      const doc: EmailQuotaDoc = { id: LEDGER_ID, slots, ...(holds && Object.keys(holds).length > 0 ? { holds } : {}) };
      if (etag !== undefined) {
        const replaced = await replaceIfMatch(container, doc, LEDGER_ID, etag);
        return replaced === 'conflict' ? 'conflict' : replaced.etag;
      }
      try {
        return (await container.items.create(doc)).etag as string;
      } catch (e) {
        if (cosmosStatus(e) === 409) return 'conflict';
        throw e;
      }
    },
  };
}

/** The app's email quota ledger on its database. */
export const emailQuotaLedger = (): QuotaLedger => cosmosQuotaLedger(appDatabase().container(containers.emailQuota.id));
