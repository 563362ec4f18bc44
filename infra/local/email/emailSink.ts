import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleAcs } from './acsRoutes';
import { handleDev } from './devRoutes';
import { createDeliveryReporter, type DeliveryReporter } from './deliveryReports';
import { createFaultQueue, type FaultSpec } from './faults';
import { BodyTooLargeError, sendAcsError } from './httpIo';
import type { AcsEmailLimits } from '../../../shared/email/acsLimits';
import { createRequestLimiter, type RequestLimiter } from './rateLimits';
import { createMessageStore, type MessageFilter, type StoredMessage } from './store';

export type { FaultSpec } from './faults';
export type { MessageFilter, StoredMessage } from './store';

export interface EmailSinkOptions {
  /** Base64 access key, the `accesskey=` part of the app's connection string. */
  readonly accessKey: string;
  /** JSON file mirroring messages and operation ids, so both survive a restart. */
  readonly dataFile?: string;
  /** Clock for `receivedAt` and the signature's date check (tests move it). */
  readonly now?: () => Date;
  /** Enforce ACS's per-subscription rate limits (shared/email/acsLimits.ts); absent = unlimited. */
  readonly limits?: AcsEmailLimits;
  /** Clock of the rate limits, in ms (tests move it without upsetting the signature check). */
  readonly limitsNow?: () => number;
  /** Status reads of each operation that answer Running before Succeeded (default 0). */
  readonly runningReads?: number;
  /**
   * The Event Grid webhook of the Functions host that takes delivery reports
   * (`<host>/runtime/webhooks/eventgrid?functionName=EmailDeliveryReport`); absent: none are sent
   * until `deliveryReports.reportTo(url)`.
   */
  readonly deliveryReportsTo?: string;
}

export interface EmailSink {
  /** Serves the sink's routes; resolves false for any other path so a bigger server can mount it. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Makes the next `count` sends fail with `status` (429 always carries Retry-After). */
  injectFaults(spec: FaultSpec): void;
  clearFaults(): void;
  /** Injected failures not yet served. */
  pendingFaults(): number;
  /** Stored messages, newest first, optionally for one recipient. */
  messages(filter?: MessageFilter): StoredMessage[];
  /** Sends accepted and stored by this instance; a deduplicated repeat does not count. */
  sendCount(): number;
  /** The enforced rate limits' counts (requests seen and refused, per kind); undefined when none are enforced. */
  limiter(): RequestLimiter | undefined;
  /**
   * The delivery report sent after each send, as ACS publishes to Event Grid: `Delivered`, or
   * `Bounced` for the addresses `bounce([...])` names (also `POST /dev/email/bounces`).
   */
  readonly deliveryReports: DeliveryReporter;
  /** Stops serving: later requests are left to whoever mounted the sink. */
  close(): void;
}

/** A local stand-in for Azure Communication Services Email, speaking its wire protocol, plus a dev inbox. */
export function createEmailSink(options: EmailSinkOptions): EmailSink {
  if (Buffer.from(options.accessKey, 'base64').length === 0)
    throw new Error('Email sink accessKey must be non-empty base64.');
  const store = createMessageStore(options.dataFile);
  const faults = createFaultQueue();
  const now = options.now ?? (() => new Date());
  let accepted = 0;
  let closed = false;
  const limiter = options.limits ? createRequestLimiter(options.limits, options.limitsNow) : undefined;
  const deliveryReports = createDeliveryReporter(now, (line) => console.error(line));
  deliveryReports.reportTo(options.deliveryReportsTo);
  const onAccepted = (message: StoredMessage): void => {
    accepted += 1;
    deliveryReports.report(message);
  };
  const acsDeps = {
    accessKey: options.accessKey,
    store,
    faults,
    now,
    onAccepted,
    admit: limiter?.admit,
    runningReads: options.runningReads,
    reads: new Map<string, number>(),
  };

  return {
    async handle(req, res) {
      if (closed) return false;
      // Only the path and query matter here; a fixed base keeps `Host` out of routing.
      const url = new URL(`http://sink.invalid${req.url?.startsWith('/') ? req.url : `/${req.url ?? ''}`}`);
      try {
        return (
          (await handleAcs(req, res, url, acsDeps)) ||
          (await handleDev(req, res, url, { store, faults, deliveryReports }))
        );
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
        } else if (error instanceof BodyTooLargeError) {
          sendAcsError(res, 413, 'RequestEntityTooLarge', error.message, { connection: 'close' });
        } else {
          // The error's message may quote request content, so it is not echoed or logged.
          sendAcsError(res, 500, 'InternalServerError', 'The email sink failed to handle the request.');
        }
        return true;
      }
    },
    injectFaults: (spec) => faults.inject(spec),
    clearFaults: () => faults.clear(),
    pendingFaults: () => faults.pending(),
    messages: (filter) => store.list(filter),
    sendCount: () => accepted,
    limiter: () => limiter,
    deliveryReports,
    close() {
      closed = true;
      deliveryReports.stop();
    },
  };
}
