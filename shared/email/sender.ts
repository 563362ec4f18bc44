/** One email to one recipient, ready to send; `operationId` is the idempotency key (a GUID). */
export interface OutgoingEmail {
  operationId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** 'alreadySent': this sender knows the operation id went out before and sent nothing new. */
export type SendOutcome = { outcome: 'sent' | 'alreadySent' };

/**
 * Port: sends an email at most once per operation id. Resolves when the email is accepted for
 * delivery; throws on any failure a later retry could fix (throttling, outage, timeout).
 */
export interface EmailSender {
  send(email: OutgoingEmail): Promise<SendOutcome>;
}
