/**
 * Azure Communication Services Email rate limits, per subscription (Learn, communication-services
 * concepts/service-limits, "Email > Rate Limits"). Every request counts, a throttled one too, so the
 * app paces what it sends under them rather than retrying into 429s.
 */
export interface RequestLimit {
  readonly perMinute: number;
  readonly perHour: number;
}

export interface AcsEmailLimits {
  /** POST /emails:send. */
  readonly send: RequestLimit;
  /** GET /emails/operations/{id}. */
  readonly status: RequestLimit;
}

export const acsEmailLimits = {
  azureManaged: { send: { perMinute: 5, perHour: 10 }, status: { perMinute: 10, perHour: 20 } },
  customDomain: { send: { perMinute: 30, perHour: 100 }, status: { perMinute: 60, perHour: 200 } },
} as const satisfies Record<string, AcsEmailLimits>;

/**
 * The ACS requests one send of the app makes: the POST, and the one status read that the SDK's
 * beginSend makes before it returns (@azure/communication-email 1.1: createHttpPoller, then one
 * poller.poll()). The sender never polls again: an accepted send (202) is done, and its delivery is
 * reported later.
 */
export const requestsPerSend: Readonly<Record<keyof AcsEmailLimits, number>> = { send: 1, status: 1 };

/** Sends a minute and an hour that keep every kind of request within its limit. */
export function sendQuota(limits: AcsEmailLimits): RequestLimit {
  const kinds = Object.keys(requestsPerSend) as (keyof AcsEmailLimits)[];
  const per = (w: keyof RequestLimit) => Math.min(...kinds.map((k) => Math.floor(limits[k][w] / requestsPerSend[k])));
  return { perMinute: per('perMinute'), perHour: per('perHour') };
}

/** Which ACS request a URL path is, or undefined for any other. */
export function acsRequestKind(pathname: string): keyof AcsEmailLimits | undefined {
  if (pathname.endsWith('/emails:send')) return 'send';
  if (/\/emails\/operations\/[^/]+$/.test(pathname)) return 'status';
  return undefined;
}
