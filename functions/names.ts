/** Function and event names shared by starters, orchestrators and activities (names only: no code). */
export const orchestrators = {
  invitation: 'InvitationOrchestrator',
  /** A notice to an inviter that no invitation orchestration will send (the sweep's expiry notice). */
  inviterNotice: 'InviterNoticeOrchestrator',
  /** Tells an applicant the operator's decision on its enrolment request. */
  enrolmentNotice: 'EnrolmentNoticeOrchestrator',
  /** Delivers one event to one webhook endpoint, retrying with backoff for 24 hours (issue 16). */
  webhookDelivery: 'WebhookDeliveryOrchestrator',
} as const;

export const activities = {
  sendInvitationEmail: 'SendInvitationEmail',
  sendReminderEmail: 'SendReminderEmail',
  notifyInviter: 'NotifyInviter',
  notifyApplicant: 'NotifyApplicant',
  recordAcceptance: 'RecordAcceptance',
  expireInvitation: 'ExpireInvitation',
  markReminded: 'MarkReminded',
  attemptWebhookDelivery: 'AttemptWebhookDelivery',
  disableFailingWebhook: 'DisableFailingWebhook',
} as const;

/** Raised after an answer (accept, decline, revoke) was written to Cosmos. */
export const invitationAnsweredEvent = 'InvitationAnswered';

/** Raised by POST /api/invitations/{id}/resend after its rate limit passed. */
export const resendRequestedEvent = 'ResendRequested';
