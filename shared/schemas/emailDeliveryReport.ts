import * as z from 'zod';

/** The Event Grid event type ACS publishes per recipient of each email it sent. */
export const EMAIL_DELIVERY_REPORT_EVENT = 'Microsoft.Communication.EmailDeliveryReportReceived';

/**
 * The part of an EmailDeliveryReportReceived event this app reads (Learn: @azure/eventgrid-system-events
 * AcsEmailDeliveryReportReceivedEventData: sender, recipient, messageId, status,
 * deliveryStatusDetails, deliveryAttemptTimestamp, internetMessageId). `messageId` is the operation
 * id of the send, i.e. the Operation-Id the app sent with. Other fields are allowed and ignored.
 */
export const emailDeliveryReportEventSchema = z.object({
  id: z.string(),
  eventType: z.string(),
  data: z.looseObject({
    messageId: z.string().min(1).max(100),
    status: z.string().min(1).max(50),
    recipient: z.string().max(320).optional(),
    deliveryAttemptTimestamp: z.string().optional(),
  }),
});
export type EmailDeliveryReportEvent = z.infer<typeof emailDeliveryReportEventSchema>;
