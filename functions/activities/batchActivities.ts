import type { InvocationContext } from '@azure/functions';
import {
  batchCapacityInputSchema,
  batchMarkWaitingInputSchema,
  batchOrchestrationInputSchema,
  batchRunChunkInputSchema,
} from '../../shared/schemas/orchestration';
import {
  batchCapacity,
  cancelRows,
  finishBatch,
  markWaiting,
  pollEmails,
  runChunk,
  startBatch,
} from '../../shared/batches/run';
import { batchRunDeps as deps } from '../compose/batchesDeps';
import { batchActivities } from '../names';

const base = batchOrchestrationInputSchema;

/** The batch activities by name, each parsing its input. */
export const batchActivityHandlers: Record<string, (raw: unknown, context: InvocationContext) => Promise<unknown>> = {
  [batchActivities.start]: (raw, ctx) => startBatch(deps(ctx), base.parse(raw).batchId),
  [batchActivities.capacity]: (raw, ctx) => {
    const i = batchCapacityInputSchema.parse(raw);
    return batchCapacity(deps(ctx), i.batchId, i.at);
  },
  [batchActivities.runChunk]: (raw, ctx) => {
    const i = batchRunChunkInputSchema.parse(raw);
    return runChunk(deps(ctx), i.batchId, i.index, i.budget);
  },
  [batchActivities.markWaiting]: async (raw, ctx) => {
    const i = batchMarkWaitingInputSchema.parse(raw);
    await markWaiting(deps(ctx), i.batchId, i.waitingFor, i.nextSlotAt);
    return 'waiting';
  },
  [batchActivities.pollEmails]: (raw, ctx) => pollEmails(deps(ctx), base.parse(raw).batchId),
  [batchActivities.cancelRows]: (raw, ctx) => cancelRows(deps(ctx), base.parse(raw).batchId),
  [batchActivities.finish]: (raw, ctx) => finishBatch(deps(ctx), base.parse(raw).batchId),
};
