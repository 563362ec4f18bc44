import type { EmailClient, EmailMessage } from '@azure/communication-email';
import type { Pacer } from './pacer';
import type { EmailSender, OutgoingEmail } from './sender';

export interface AcsSenderOptions {
  senderAddress: string;
  /** Paces sends under the ACS quota; absent = unlimited. */
  pacer?: Pacer;
  /** Longest wait for a quota slot; a later one fails the send (QuotaExhaustedError) for a retry later. */
  maxPaceWaitMs?: number;
  /** Interval between status polls of the send operation. */
  pollIntervalMs?: number;
  /**
   * Bound on one send, Retry-After waits included. Past it the activity fails and the
   * orchestrator's retry tries again later, rather than an activity outliving its host timeout
   * (the two bounds' defaults add up to 4 minutes, under the Consumption plan's 5).
   */
  timeoutMs?: number;
}

// Operation ids this process saw succeed: a re-run activity then spends no quota on a send ACS would drop.
const REMEMBERED = 10_000;

/**
 * The EmailSender on ACS Email. The operation id goes out as the Operation-Id header, so ACS sends
 * it once however often it is retried; the SDK's retry policy waits out a 429's Retry-After; the
 * operation is polled until it ends; anything but success throws.
 */
export function acsEmailSender(client: Pick<EmailClient, 'beginSend'>, o: AcsSenderOptions): EmailSender {
  const succeeded = new Set<string>();
  return {
    async send(email) {
      if (succeeded.has(email.operationId)) return { outcome: 'alreadySent' };
      await o.pacer?.acquire(o.maxPaceWaitMs ?? 120_000);
      const abortSignal = AbortSignal.timeout(o.timeoutMs ?? 120_000);
      let status: string;
      try {
        const poller = await client.beginSend(message(o.senderAddress, email), {
          operationId: email.operationId,
          updateIntervalInMs: o.pollIntervalMs ?? 1000,
          abortSignal,
        });
        const result = await poller.pollUntilDone({ abortSignal });
        status = result.status + (result.error?.code ? ` (${result.error.code})` : '');
      } catch (e) {
        throw sendFailure(email.operationId, e);
      }
      if (status !== 'Succeeded') throw new Error(`ACS send ${email.operationId} ended ${status}`);
      if (succeeded.size >= REMEMBERED) succeeded.delete(succeeded.values().next().value as string);
      succeeded.add(email.operationId);
      return { outcome: 'sent' };
    },
  };
}

function message(senderAddress: string, email: OutgoingEmail): EmailMessage {
  return {
    senderAddress,
    recipients: { to: [{ address: email.to }] },
    content: { subject: email.subject, plainText: email.text, html: email.html },
    // Click tracking would route the personal link (and its token) through a tracking service.
    disableUserEngagementTracking: true,
  };
}

/**
 * A failure that says what went wrong without what was sent: SDK errors carry the request, whose
 * body holds the recipient and the personal link, and activity errors end up in logs and history.
 */
export function sendFailure(operationId: string, e: unknown): Error {
  const err = e as { statusCode?: unknown; code?: unknown; name?: unknown } | undefined;
  const parts = [err?.statusCode, err?.code, err?.name].filter((p) => typeof p === 'string' || typeof p === 'number');
  const failure = new Error(`ACS send ${operationId} failed: ${parts.join(' ') || 'unknown error'}`);
  if (typeof err?.statusCode === 'number') (failure as Error & { statusCode?: number }).statusCode = err.statusCode;
  return failure;
}
