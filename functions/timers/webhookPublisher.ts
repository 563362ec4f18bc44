import type { InvocationContext, Timer } from '@azure/functions';
import { publishFromAudit } from '../../shared/webhooks/outbox';
import { logged, processPublisher } from '../compose/processPublisher';

/**
 * The publisher's catch-up (shared/webhooks/outbox.ts): audit entries since the checkpoint →
 * deliveries, for what the in-process publishers did not publish (entries appended by an instance
 * whose publisher is not set up, or whose notice a crash lost). The in-process publisher is set up
 * by any invocation with a durable client (functions/register.ts); this run's trail read goes
 * after whatever it is publishing.
 */
export async function webhookPublisherTimer(_timer: Timer, context: InvocationContext): Promise<void> {
  const { soon, deps } = processPublisher(context);
  await soon.runNow(async () => logged(await publishFromAudit(deps)));
}
