import type { InvocationContext, Timer } from '@azure/functions';
import { creationDeps } from '../compose/newCustomersDeps';
import { sweepCreations } from '../../shared/newCustomers/sweepCreations';

/** Recovery of new-customer creations a crash left open: publishes committed ones, rolls back abandoned ones. */
export async function creationSweep(_timer: Timer, context: InvocationContext): Promise<void> {
  const report = await sweepCreations(creationDeps(), new Date());
  if (Object.keys(report).length > 0) context.log(`creation sweep: ${JSON.stringify(report)}`);
}
