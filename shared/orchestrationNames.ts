/**
 * The registered orchestration names (names only: no code). In shared/ because use cases start
 * orchestrations by name; functions/names.ts re-exports them beside the activity and event names.
 */
export const orchestrators = {
  invitation: 'InvitationOrchestrator',
  /** A notice to an inviter that no invitation orchestration will send (the sweep's expiry notice). */
  inviterNotice: 'InviterNoticeOrchestrator',
  /** Tells an applicant the operator's decision on its enrolment request. */
  enrolmentNotice: 'EnrolmentNoticeOrchestrator',
  /** Delivers one event to one webhook endpoint, retrying with backoff for 24 hours. */
  webhookDelivery: 'WebhookDeliveryOrchestrator',
  /** One invitation batch (instance id `batch-{batchId}`): in shared/ because the sweep starts a stranded one. */
  batch: 'InvitationBatchOrchestrator',
} as const;
