import type { InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { config } from '../../shared/config';
import { sweepEmailSender } from '../../shared/email/senderFromConfig';
import { durableNotices } from '../../shared/sweep/durableNotices';
import { storeGrantNoticeContacts } from '../../shared/sweep/grantNoticeContacts';
import { durableOrchestrations } from '../../shared/sweep/durableOrchestrations';
import { runSweep } from '../../shared/sweep/runSweep';
import { ensureBatchOrchestration } from '../../shared/batches/durable';
import { auditLog } from '../../shared/store/audit';
import { invitationBatchStore } from '../../shared/store/invitationBatches';
import { dueItemStore } from '../../shared/store/dueItems';
import { invitationIndex } from '../../shared/store/invitationIndex';
import { invitationStore } from '../../shared/store/invitations';
import { partnerStore } from '../../shared/store/partners';
import { recordStore } from '../../shared/store/records';
import { recordAcceptanceHandler } from '../activities/recordAcceptance';
import { invitationAnsweredEvent, orchestrators } from '../names';

/**
 * The instant of this run: the host's firing time, never before the wall clock. (The local host
 * runs timers on its own, possibly skipped-ahead, clock; in Azure this is the wall clock.)
 */
function firedAt(timer: Timer | undefined): Date {
  const host = Date.parse(timer?.scheduleStatus?.lastUpdated ?? '');
  return new Date(Number.isNaN(host) ? Date.now() : Math.max(Date.now(), host));
}

/**
 * The sweep: expires what no orchestration will, re-raises lost answers, ends or extends grants,
 * sends grant notices.
 */
export async function sweep(timer: Timer, client: df.DurableClient, context: InvocationContext): Promise<void> {
  const report = await runSweep(
    {
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
    },
    firedAt(timer),
  );
  if (Object.keys(report).length > 0) context.log(`sweep: ${JSON.stringify(report)}`);
}

/** The registered timer: the durable client comes from its input binding, which registration adds. */
export async function sweepTimer(timer: Timer, context: InvocationContext): Promise<void> {
  await sweep(timer, df.getClient(context), context);
}
