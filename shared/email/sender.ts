import type { SendPriority } from './sendPriority';

/** One email to one recipient, ready to send; `operationId` is the idempotency key (a GUID). */
export interface OutgoingEmail {
  operationId: string;
  /** Who goes first under a used-up quota (sendPriority.ts); absent: 'invitation'. */
  priority?: SendPriority;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * 'alreadySent': this sender knows the operation id went out before and sent nothing new.
 * 'deferred': nothing was sent because the email quota is used up for now; try again after
 * `retryAfterSeconds`. Waiting that out is the caller's job (the orchestrator waits on a durable
 * timer), because a quota can stay used up for up to an hour: far longer than an activity may
 * run, and than the orchestrator's retries of a failing activity last.
 */
export type SendOutcome = { outcome: 'sent' | 'alreadySent' } | { outcome: 'deferred'; retryAfterSeconds: number };

/**
 * Port: sends an email at most once per operation id. Resolves when the email is accepted for
 * delivery, or deferred by the quota; throws on any other failure a later retry could fix (outage,
 * timeout).
 */
export interface EmailSender {
  send(email: OutgoingEmail): Promise<SendOutcome>;
  /**
   * Whether an email with this operation id was accepted for delivery before (ACS holds its
   * operation). Asked only before a send is given up as no longer wanted: the process may have died
   * after the email went out and before its record, and an email that went out must be counted.
   * 'deferred' when the status read itself is throttled; throws on any other failure.
   */
  wasAccepted(operationId: string): Promise<AcceptedOutcome>;
}

export type AcceptedOutcome =
  { outcome: 'accepted' | 'notAccepted' } | { outcome: 'deferred'; retryAfterSeconds: number };
