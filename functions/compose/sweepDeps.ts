// The sweep's composition root: its ports (shared/sweep/ports.ts) on the process-wide Cosmos stores
// and the durable client of the timer's invocation.
import type { InvocationContext } from '@azure/functions';
import type * as df from 'durable-functions';
import { ensureBatchOrchestration } from '../../shared/batches/batchOrchestration';
import { config } from '../../shared/config';
import { sweepEmailSender } from '../../shared/email/senderFromConfig';
import { auditLog } from '../../shared/store/audit';
import { dueItemStore } from '../../shared/store/dueItems';
import { invitationBatchStore } from '../../shared/store/invitationBatches';
import { invitationIndex } from '../../shared/store/invitationIndex';
import { invitationStore } from '../../shared/store/invitations';
import { partnerStore } from '../../shared/store/partners';
import { recordStore } from '../../shared/store/records';
import { storeGrantNoticeContacts } from '../../shared/sweep/grantNoticeContacts';
import { durableNotices } from '../../shared/sweep/durableNotices';
import { durableOrchestrations } from '../../shared/sweep/durableOrchestrations';
import type { SweepDeps } from '../../shared/sweep/ports';
import { recordAcceptanceHandler } from '../activities/recordAcceptance';
import { invitationAnsweredEvent, orchestrators } from '../names';

/** Everything one sweep run reads and writes; an orphaned acceptance is recorded by the activity's own handler. */
export function sweepDeps(client: df.DurableClient, context: InvocationContext): SweepDeps {
  return {
    dueItems: dueItemStore(),
    invitations: invitationStore(),
    index: invitationIndex(),
    records: recordStore(),
    audit: auditLog(),
    orchestrations: durableOrchestrations(client, invitationAnsweredEvent),
    notices: durableNotices(client, orchestrators.inviterNotice),
    grantNotices: {
      // Waits at most 5 minutes for a quota slot: a deferred notice keeps its item for the next run.
      email: sweepEmailSender(),
      contacts: storeGrantNoticeContacts({
        partners: partnerStore(),
        records: recordStore(),
        invitations: invitationStore(),
      }),
      offsets: config().GRANT_EXPIRY_NOTICE_DAYS,
    },
    batches: {
      status: async (batchId) => (await invitationBatchStore().get(batchId))?.doc.status,
      ensureStarted: (batchId) => ensureBatchOrchestration(client, batchId),
    },
    recordAcceptance: async (invitationId) => {
      await recordAcceptanceHandler()({ invitationId });
    },
    log: (m) => context.warn(m),
  };
}
