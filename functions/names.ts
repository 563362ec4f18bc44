/** Function and event names shared by starters, orchestrators and activities (names only: no code). */
export { orchestrators } from '../shared/orchestrationNames';
import { orchestrators } from '../shared/orchestrationNames';

export const activities = {
  sendInvitationEmail: 'SendInvitationEmail',
  sendReminderEmail: 'SendReminderEmail',
  notifyInviter: 'NotifyInviter',
  notifyApplicant: 'NotifyApplicant',
  recordAcceptance: 'RecordAcceptance',
  expireInvitation: 'ExpireInvitation',
  attemptWebhookDelivery: 'AttemptWebhookDelivery',
  disableFailingWebhook: 'DisableFailingWebhook',
} as const;

/**
 * The Event Grid–triggered function ACS email delivery reports go to: the event subscription
 * (infra/azure/hooks/subscribe-email-events.sh) and the local email sink name it.
 */
export const emailDeliveryReportFunction = 'EmailDeliveryReport';

/** Raised after an answer (accept, decline, revoke) was written to Cosmos. */
export const invitationAnsweredEvent = 'InvitationAnswered';

/** Raised by POST /api/invitations/{id}/resend after its rate limit passed. */
export const resendRequestedEvent = 'ResendRequested';

/** Invitation batches (issue 18). */
export const batchOrchestratorName = orchestrators.batch;

export const batchActivities = {
  start: 'BatchStart',
  capacity: 'BatchCapacity',
  runChunk: 'BatchRunChunk',
  markWaiting: 'BatchMarkWaiting',
  pollEmails: 'BatchPollEmails',
  cancelRows: 'BatchCancelRows',
  finish: 'BatchFinish',
} as const;

/** Raised by POST /api/invitation-batches/{id}/cancel after the batch was marked: wakes a waiting batch. */
export const batchCancelEvent = 'BatchCancel';
