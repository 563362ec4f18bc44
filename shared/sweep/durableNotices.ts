import type { DurableClient } from 'durable-functions';
import { noticeInstanceId } from '../domain/ids';
import type { NotifyInviterInput } from '../schemas/orchestration';
import { instanceStatus } from './durableStatus';
import type { NoticePort } from './ports';

/**
 * Statuses in which a notice's instance is started again: it ended without delivering the notice
 * (its retries ran out, or someone stopped it). Any other existing instance is under way or done.
 */
const RESTARTABLE = new Set(['Failed', 'Terminated', 'Canceled']);

/**
 * Adapter: the NoticePort over a DurableClient (the notice orchestrator's name is passed in).
 *
 * Starting an instance id that exists is not idempotent in the Durable extension: `startNew` on a
 * Running, Pending or Suspended instance fails (HTTP 500), and on a Completed, Failed or Terminated
 * one it *replaces* it with a fresh run, which would email the inviter again (only the ACS
 * Operation-Id would then keep it to one email, for as long as ACS remembers it). So the status is
 * read first, and an instance that exists and has not failed counts as done. Two sweeps racing
 * between the read and the start: the second start fails while the first instance runs, and the
 * read after the failure finds that instance; only if the first instance completed within those
 * milliseconds is it run again, and then the Operation-Id keeps it to one email.
 */
export function durableNotices(
  client: Pick<DurableClient, 'getStatus' | 'startNew'>,
  orchestratorName: string,
): NoticePort {
  const exists = async (instanceId: string) => {
    const status = await instanceStatus(client, instanceId);
    return status !== undefined && !RESTARTABLE.has(status);
  };
  return {
    async startExpiryNotice(invitationId) {
      const input: NotifyInviterInput = { invitationId, notice: 'expired' };
      const instanceId = noticeInstanceId(invitationId, input.notice);
      if (await exists(instanceId)) return 'exists';
      try {
        await client.startNew(orchestratorName, { instanceId, input });
        return 'started';
      } catch (e) {
        if (await exists(instanceId)) return 'exists';
        throw e;
      }
    },
  };
}
