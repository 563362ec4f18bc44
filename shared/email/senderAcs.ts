import type { EmailClient, EmailMessage } from '@azure/communication-email';
import { type Pacer, QuotaExhaustedError } from './pacer';
import type { AcceptedOutcome, EmailSender, OutgoingEmail } from './sender';

export interface AcsSenderOptions {
  senderAddress: string;
  /** Paces sends under the ACS quota; absent = unlimited. */
  pacer?: Pick<Pacer, 'acquire'>;
  /** Longest wait for a quota slot; a later one fails the send (QuotaExhaustedError) for a retry later. */
  maxPaceWaitMs?: number;
  /**
   * Bound on one send, Retry-After waits included. Past it the activity fails and the
   * orchestrator's retry tries again later, rather than an activity outliving its host timeout
   * (the two bounds' defaults add up to 4 minutes, under the Consumption plan's 5).
   */
  timeoutMs?: number;
}

// Operation ids this process saw succeed: a re-run activity then spends no quota on a send ACS would drop.
const REMEMBERED = 10_000;
// When ACS still answers 429 after the SDK's retries and names no Retry-After: a minute, its shortest quota window.
const THROTTLED_RETRY_AFTER_SECONDS = 60;

/**
 * The EmailSender on ACS Email. The operation id goes out as the Operation-Id header, so ACS sends
 * it once however often it is retried; the SDK's retry policy waits out a 429's Retry-After. An
 * accepted send (202) is done: beginSend returns after the POST and one status read, and the
 * operation is not polled further (the Azure-managed domain allows 10 status reads a minute and 20
 * an hour per subscription; acsLimits.ts), so only a send ACS already reports Failed or Canceled
 * throws. A quota used up for longer than the pacer may wait, or a 429 that outlasts the SDK's
 * retries, is 'deferred', not thrown.
 */
export function acsEmailSender(client: Pick<EmailClient, 'beginSend'>, o: AcsSenderOptions): EmailSender {
  const succeeded = new Set<string>();
  return {
    async send(email) {
      if (succeeded.has(email.operationId)) return { outcome: 'alreadySent' };
      try {
        await o.pacer?.acquire(o.maxPaceWaitMs ?? 120_000, {
          priority: email.priority ?? 'invitation',
          key: email.operationId,
        });
      } catch (e) {
        if (e instanceof QuotaExhaustedError) return deferred(e.waitMs / 1000);
        throw e;
      }
      const abortSignal = AbortSignal.timeout(o.timeoutMs ?? 120_000);
      let status: string;
      try {
        const poller = await client.beginSend(message(o.senderAddress, email), {
          operationId: email.operationId,
          abortSignal,
        });
        const state = poller.getOperationState();
        status =
          state.status === 'failed' || state.status === 'canceled'
            ? `${state.status}${state.error?.message ? ` (${state.error.name})` : ''}`
            : 'accepted';
      } catch (e) {
        // Still throttled after the SDK waited out every Retry-After it retries: the quota is used up.
        if (statusOf(e) === 429) return deferred(retryAfterOf(e) ?? THROTTLED_RETRY_AFTER_SECONDS);
        throw sendFailure(email.operationId, e);
      }
      if (status !== 'accepted') throw new Error(`ACS send ${email.operationId} ended ${status}`);
      if (succeeded.size >= REMEMBERED) succeeded.delete(succeeded.values().next().value as string);
      succeeded.add(email.operationId);
      return { outcome: 'sent' };
    },

    async wasAccepted(operationId): Promise<AcceptedOutcome> {
      if (succeeded.has(operationId)) return { outcome: 'accepted' };
      const read = sendResultReader(client);
      try {
        // A status read counts against the same ACS request limits as a send's (acsLimits.ts).
        await o.pacer?.acquire(o.maxPaceWaitMs ?? 120_000);
      } catch (e) {
        if (e instanceof QuotaExhaustedError) return deferred(e.waitMs / 1000);
        throw e;
      }
      let status: string | undefined;
      try {
        status = (await read(operationId, { abortSignal: AbortSignal.timeout(o.timeoutMs ?? 120_000) })).status;
      } catch (e) {
        if (statusOf(e) === 404) return { outcome: 'notAccepted' };
        if (statusOf(e) === 429) return deferred(retryAfterOf(e) ?? THROTTLED_RETRY_AFTER_SECONDS);
        throw sendFailure(operationId, e);
      }
      // Failed or Canceled: ACS holds the operation but sent nothing, so nothing went out to count.
      return { outcome: status === 'Failed' || status === 'Canceled' ? 'notAccepted' : 'accepted' };
    },
  };
}

type SendResultReader = (operationId: string, options: { abortSignal: AbortSignal }) => Promise<{ status?: string }>;

/**
 * The Email REST API's `GET /emails/operations/{operationId}`: @azure/communication-email 1.1
 * generates it (`getSendResult` on its generated client, dist/commonjs/generated/src/operations/
 * email.js) but exposes only beginSend on EmailClient. Reached through the generated client so the
 * read keeps the SDK's pipeline (auth, retries, the request counter); an SDK without it throws
 * rather than answering a guess (test/integration/email-acs-sender.test.ts pins it).
 */
function sendResultReader(client: object): SendResultReader {
  const email = (client as { generatedClient?: { email?: { getSendResult?: SendResultReader } } }).generatedClient
    ?.email;
  if (typeof email?.getSendResult !== 'function')
    throw new Error("this @azure/communication-email cannot read a send's status (no getSendResult)");
  return email.getSendResult.bind(email);
}

function deferred(seconds: number): { outcome: 'deferred'; retryAfterSeconds: number } {
  return { outcome: 'deferred', retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
}

function statusOf(e: unknown): unknown {
  return (e as { statusCode?: unknown } | undefined)?.statusCode;
}

/** The Retry-After of the SDK error's response, in seconds (RFC 9110: delay-seconds or an HTTP date). */
function retryAfterOf(e: unknown): number | undefined {
  const value = (
    e as { response?: { headers?: { get?(name: string): string | undefined } } } | undefined
  )?.response?.headers?.get?.('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
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
