import type { EventGridEvent, InvocationContext } from '@azure/functions';
import type { DeliveryReportDeps } from '../../shared/invitations/ports';
import { recordDeliveryReport } from '../../shared/invitations/recordDeliveryReport';
import { EMAIL_DELIVERY_REPORT_EVENT, emailDeliveryReportEventSchema } from '../../shared/schemas/emailDeliveryReport';
import { emailDeliveryReportDeps } from '../compose/invitationsDeps';

/**
 * One Event Grid event from the Communication Services system topic. Anything but a well-formed
 * delivery report is logged and dropped (a throw would only make Event Grid send it again); a
 * report that should come again later throws, and Event Grid retries it. Logs ids and outcomes
 * only: the recipient's address stays out of logs.
 */
export function makeEmailDeliveryReportHandler(d: DeliveryReportDeps) {
  return async (event: EventGridEvent, context: InvocationContext): Promise<void> => {
    const parsed = emailDeliveryReportEventSchema.safeParse(event);
    if (!parsed.success || parsed.data.eventType !== EMAIL_DELIVERY_REPORT_EVENT) {
      context.log(`event ${String(event?.id)} (${String(event?.eventType)}) is not an email delivery report: ignored`);
      return;
    }
    const { messageId, status, recipient } = parsed.data.data;
    const result = await recordDeliveryReport(d, { messageId, status, ...(recipient ? { recipient } : {}) });
    context.log(
      `delivery report ${messageId} ${status}: ${result.outcome}${result.detail ? ` (${result.detail})` : ''}`,
    );
  };
}

let wired: ReturnType<typeof makeEmailDeliveryReportHandler> | undefined;
/** The handler on the process-wide stores (../compose/invitationsDeps.ts), built on first use. */
export function emailDeliveryReportHandler(): ReturnType<typeof makeEmailDeliveryReportHandler> {
  wired ??= makeEmailDeliveryReportHandler(emailDeliveryReportDeps());
  return wired;
}
