// The process's one in-process webhook publisher (webhooksDeps.ts inProcessPublisher), set up by
// whichever invocation with a durable client comes first: an HTTP request, the sweep, the
// publisher's timer. In Azure a timer runs on one instance at a time, so a publisher set up only by
// the timer left the other instances' changes to the timer's catch-up read of the trail.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { AuditEntry } from '../../shared/store/audit';
import type { PublishDeps } from '../../shared/webhooks/ports';
import type { PublishSoon } from '../../shared/webhooks/publishSoon';
import { inProcessPublisher } from './webhooksDeps';

export interface ProcessPublisher {
  soon: PublishSoon<AuditEntry>;
  deps: PublishDeps;
}

let publisher: ProcessPublisher | undefined;

/**
 * This process's publisher, set up on the first call (later calls return it: one subscription to
 * the audit appends per process). Synchronous from check to set, so concurrent invocations share
 * one. The durable client is kept from that invocation: it is the host's HTTP endpoints and the
 * task hub (durable-functions `getClient` builds it from the binding's data), valid while the host runs.
 */
export function processPublisher(context: InvocationContext): ProcessPublisher {
  publisher ??= inProcessPublisher(df.getClient(context), logged);
  return publisher;
}

/** Runs outlive the invocation that set the publisher up: they log to the worker's console. */
export const logged = (r: { entries: number; deliveries: number }): void => {
  if (r.deliveries > 0) console.log(`webhookPublisher: ${r.entries} events, ${r.deliveries} deliveries`);
};
