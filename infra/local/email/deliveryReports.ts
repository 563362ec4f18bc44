import { randomUUID } from 'node:crypto';
import type { StoredMessage } from './store';

/** What ACS publishes per recipient of each email it sent (shared/schemas/emailDeliveryReport.ts). */
const EVENT_TYPE = 'Microsoft.Communication.EmailDeliveryReportReceived';
// A made-up resource id in ACS's shape: the system topic of a Communication Services resource.
const TOPIC =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Communication/communicationServices/local-email-sink';
// Event Grid retries a failed delivery for up to 24 hours (10 s, 30 s, 1 min, 5 min, … then hourly:
// learn.microsoft.com/azure/event-grid/delivery-and-retry), so a host that is down or restarting
// gets its reports later. Locally compressed: 250 ms doubling to 4 s between tries, for 2 minutes
// (a host killed by the soak is back within seconds; the first local tries stayed under 8 s, which
// a slow restart outlasted).
export const REPORT_RETRY = { firstWaitMs: 250, maxWaitMs: 4_000, giveUpAfterMs: 120_000 };

export interface DeliveryReporter {
  /** The Event Grid webhook reports go to (`…/runtime/webhooks/eventgrid?functionName=…`); undefined: none sent. */
  reportTo(url: string | undefined): void;
  /** Addresses whose emails are reported Bounced from now on (compared case-insensitively). */
  bounce(addresses: readonly string[]): void;
  clearBounces(): void;
  bounces(): string[];
  /** Reports an accepted email, one event per recipient, in the background (retried as Event Grid does). */
  report(message: StoredMessage): void;
  /** Resolves when every report under way was delivered or given up on. */
  idle(): Promise<void>;
  /** Reports delivered (2xx) so far. */
  delivered(): number;
  /** The sink is closing: reports under way stop at their next try, silently (nobody is listening). */
  stop(): void;
}

/** The sink's Event Grid side: a delivery report after each send, `Delivered` unless told to bounce the address. */
export function createDeliveryReporter(
  now: () => Date,
  log: (line: string) => void = () => undefined,
  retry: typeof REPORT_RETRY = REPORT_RETRY,
): DeliveryReporter {
  let target: string | undefined;
  const bounced = new Set<string>();
  const inflight = new Set<Promise<void>>();
  let deliveredCount = 0;
  let stopped = false;

  const post = async (url: string, event: Record<string, unknown>): Promise<void> => {
    const started = Date.now();
    let attempt = 1;
    for (; ; attempt++) {
      if (stopped) return;
      try {
        const r = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'aeg-event-type': 'Notification',
            'aeg-subscription-name': 'EMAIL-DELIVERY-REPORTS',
            'aeg-delivery-count': String(attempt - 1),
          },
          body: JSON.stringify([event]),
        });
        await r.arrayBuffer();
        if (r.ok) {
          deliveredCount++;
          return;
        }
        // Event Grid drops a delivery the endpoint refuses outright (400, 401, 403, 413); retries the rest.
        if ([400, 401, 403, 413].includes(r.status))
          return stopped ? undefined : log(`[email-sink] delivery report ${String(event.id)} refused: ${r.status}`);
      } catch {
        // The host is restarting or not up yet: tried again below.
      }
      const wait = Math.min(retry.maxWaitMs, retry.firstWaitMs * 2 ** (attempt - 1));
      if (Date.now() + wait - started > retry.giveUpAfterMs) break;
      // Unref: a retry waiting here must not keep a closing process (or a test worker) alive.
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
    }
    if (!stopped) log(`[email-sink] delivery report ${String(event.id)} not delivered after ${attempt} tries`);
  };

  return {
    reportTo(url) {
      target = url;
    },
    bounce(addresses) {
      for (const a of addresses) bounced.add(a.trim().toLowerCase());
    },
    clearBounces() {
      bounced.clear();
    },
    bounces: () => [...bounced],
    report(message) {
      const url = target;
      if (!url) return;
      for (const recipient of [...message.to, ...message.cc, ...message.bcc]) {
        const bounce = bounced.has(recipient.toLowerCase());
        const at = now().toISOString();
        const event = {
          id: randomUUID(),
          topic: TOPIC,
          subject: `sender/${message.from}/message/${message.operationId}`,
          eventType: EVENT_TYPE,
          eventTime: at,
          dataVersion: '1.0',
          metadataVersion: '1',
          data: {
            sender: message.from,
            recipient,
            messageId: message.operationId,
            status: bounce ? 'Bounced' : 'Delivered',
            deliveryStatusDetails: {
              statusMessage: bounce
                ? 'Mailbox unavailable (local email sink, told to bounce this address).'
                : 'No error.',
            },
            deliveryAttemptTimestamp: at,
            internetMessageId: `<${message.operationId}@local-email-sink>`,
          },
        };
        const p = post(url, event).finally(() => inflight.delete(p));
        inflight.add(p);
      }
    },
    async idle() {
      while (inflight.size > 0) await Promise.allSettled(inflight);
    },
    delivered: () => deliveredCount,
    stop() {
      stopped = true;
    },
  };
}
