// Registers the Event Grid–triggered function ACS email delivery reports reach (issue 17); its
// module (stores, SDKs) loads on the first event, as every function's does (../register.ts).
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import { emailDeliveryReportFunction } from '../names';
import { onFirstUse } from '../register';

const handler = onFirstUse(async () => (await import('./emailDeliveryReportEvent.js')).emailDeliveryReportHandler());

app.eventGrid(emailDeliveryReportFunction, {
  handler: async (event: EventGridEvent, context: InvocationContext) => (await handler())(event, context),
});
