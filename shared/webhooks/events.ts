/**
 * The event catalogue (issue 16): every type a webhook endpoint may subscribe to. Types follow the
 * Standard Webhooks recommendation (full-stop delimited, [a-zA-Z0-9_] identifiers); each event is
 * sent in the CloudEvents 1.0 envelope.
 */
export const eventTypes = [
  'invitation.created',
  'invitation.emailed',
  'invitation.reminded',
  'invitation.accepted',
  'invitation.declined',
  'invitation.revoked',
  'invitation.expired',
  'invitation.recorded',
  'invitation.bounced',
  'relationship.created',
  'relationship.removed',
  'grant.created',
  'grant.extended',
  'grant.expiring',
  'grant.expired',
  'grant.removed',
  'partnership.requested',
  'partnership.created',
  'partnership.removed',
  'customer.created',
  'subscription.created',
  'subscription.updated',
  'partner.enrolled',
  'partner.suspended',
  'partner.reinstated',
  'batch.completed',
] as const;
export type EventType = (typeof eventTypes)[number];

/** Sent by POST /api/webhooks/{id}/test only; no endpoint subscribes to it. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** The CloudEvents 1.0 envelope (JSON format) every delivery's body is. */
export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

export function cloudEvent(e: {
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  data: Record<string, unknown>;
}): CloudEvent {
  return {
    specversion: '1.0',
    id: e.id,
    source: e.source,
    type: e.type,
    ...(e.subject ? { subject: e.subject } : {}),
    time: e.time,
    datacontenttype: 'application/json',
    data: e.data,
  };
}
