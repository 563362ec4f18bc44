import type * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { batchOrchestrationInputSchema as inputSchema } from '../../shared/schemas/orchestration';
import { batchActivities, batchCancelEvent } from '../names';
import { activityRetry as retry } from './activityRetry';

/** Chunks created at once when nothing limits the batch. */
const PARALLEL_CHUNKS = 4;
/** Longest wait between two looks at whether the created invitations were emailed. */
const MAX_POLL_SECONDS = 300;

type ChunkResult = { pending: number; waitSeconds?: number; created: number };

/**
 * One invitation batch (instance id `batch-{batchId}`): creates its rows' invitations chunk by chunk
 * (four chunk activities at once when nothing limits it; one, with the quota's budget, when the
 * email quota does), waits on a durable timer when the inviter's send limit or the email quota
 * has no room (the batch says so, and when its next slot comes), stops at a cancel, follows the
 * created invitations until each was emailed, then sets the final status. Every activity is
 * idempotent: a row's invitation id derives from the batch id and row number.
 */
export const batchOrchestrator: df.OrchestrationHandler = function* (context: OrchestrationContext) {
  const { batchId } = inputSchema.parse(context.df.getInput());
  const call = (name: string, input: Record<string, unknown>): Task =>
    context.df.callActivityWithRetry(name, retry(), { batchId, ...input });
  const started = (yield call(batchActivities.start, {})) as {
    chunkCount: number;
    cancelRequested: boolean;
    status: string;
  };
  if (['succeeded', 'partiallySucceeded', 'failed', 'canceled'].includes(started.status)) return started.status;
  let canceled = started.cancelRequested;
  let pending = Array.from({ length: started.chunkCount }, (_, i) => i);

  // Waits until `until` or a cancel, whichever comes first; true on a cancel.
  function* waitFor(reason: 'inviterSendLimit' | 'emailQuota', until: Date): Generator<Task, boolean, unknown> {
    yield call(batchActivities.markWaiting, { waitingFor: reason, nextSlotAt: until.toISOString() });
    const timer = context.df.createTimer(until);
    const cancel = context.df.waitForExternalEvent(batchCancelEvent);
    const winner: unknown = yield context.df.Task.any([timer, cancel]);
    if (winner !== timer) timer.cancel();
    return winner === cancel;
  }

  // Follows the created invitations until each was emailed (or no longer waits for it), at most `polls` looks.
  function* awaitEmails(polls: number): Generator<Task, void, unknown> {
    let wait = 1;
    for (let i = 0; i < polls; i++) {
      const { outstanding } = (yield call(batchActivities.pollEmails, {})) as { outstanding: number };
      if (outstanding === 0) return;
      yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + wait * 1000));
      wait = Math.min(MAX_POLL_SECONDS, wait * 2);
    }
  }

  while (pending.length > 0 && !canceled) {
    const cap = (yield call(batchActivities.capacity, { at: context.df.currentUtcDateTime.toISOString() })) as {
      allowed: number;
      nextSlotAt?: string;
      cancelRequested: boolean;
    };
    if (cap.cancelRequested) {
      canceled = true;
      break;
    }
    if (cap.allowed === 0) {
      canceled = yield* waitFor('emailQuota', new Date(cap.nextSlotAt as string));
      if (canceled) break;
      // A fresh history after every wait: a batch that waits for weeks keeps a short one. The new
      // execution marks the batch running and finds the chunks still pending.
      context.df.continueAsNew({ batchId });
      return undefined;
    }
    const wave = cap.allowed < 0 ? pending.slice(0, PARALLEL_CHUNKS) : pending.slice(0, 1);
    const results = (yield context.df.Task.all(
      wave.map((index) => call(batchActivities.runChunk, { index, budget: cap.allowed })),
    )) as ChunkResult[];
    pending = pending.filter((index) => {
      const at = wave.indexOf(index);
      return at < 0 || (results[at] as ChunkResult).pending > 0;
    });
    const limited = results.find((r) => r.waitSeconds !== undefined);
    if (limited) {
      // A few seconds for the rows just created to be emailed, so the counts are right during the wait.
      yield* awaitEmails(4);
      canceled = yield* waitFor(
        'inviterSendLimit',
        new Date(context.df.currentUtcDateTime.getTime() + Math.max(1, limited.waitSeconds as number) * 1000),
      );
      if (canceled) break;
      context.df.continueAsNew({ batchId });
      return undefined;
    } else if (cap.allowed > 0 && results.some((r) => r.created > 0)) {
      // Under the email quota: let the rows just created take their send slots before the quota
      // is counted again, so the batch never admits more than the quota sends.
      yield* awaitEmails(12);
    }
  }
  if (canceled) yield call(batchActivities.cancelRows, {});
  yield* awaitEmails(200);
  return (yield call(batchActivities.finish, {})) as string;
};
