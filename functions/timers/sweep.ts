import type { InvocationContext, Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { runSweep } from '../../shared/sweep/runSweep';
import { sweepDeps } from '../compose/sweepDeps';

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
  const report = await runSweep(sweepDeps(client, context), firedAt(timer));
  if (Object.keys(report).length > 0) context.log(`sweep: ${JSON.stringify(report)}`);
}

/** The registered timer: the durable client comes from its input binding, which registration adds. */
export async function sweepTimer(timer: Timer, context: InvocationContext): Promise<void> {
  await sweep(timer, df.getClient(context), context);
}
