import type * as EmailSdk from '@azure/communication-email';
import type { EmailClient } from '@azure/communication-email';
import type * as IdentitySdk from '@azure/identity';
import { acsRequestKind } from './acsLimits';

// Loaded on first send, not at start-up: the two SDKs take ~200 ms to load, which every cold start
// (health probes, timers, functions that never email) would otherwise pay.
const emailSdk = (): typeof EmailSdk => require('@azure/communication-email') as typeof EmailSdk;
const identitySdk = (): typeof IdentitySdk => require('@azure/identity') as typeof IdentitySdk;

/** Where ACS is: a connection string (the local sink, a key) or an endpoint reached as the app's identity. */
export interface AcsConnection {
  connectionString?: string;
  endpoint?: string;
  /** Client id of a user-assigned managed identity; without it DefaultAzureCredential decides. */
  managedIdentityClientId?: string;
  /** Told of every HTTP request the client sends to ACS (SDK retries included), for counting. */
  onRequest?: (kind: 'send' | 'status' | 'other') => void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether a URL is plain http to this machine: the only case where an insecure connection is allowed. */
export function isLoopbackHttp(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && LOOPBACK.has(u.hostname);
  } catch {
    return false;
  }
}

/** The `endpoint=` part of an ACS connection string. */
export function connectionStringEndpoint(connectionString: string): string {
  return /(?:^|;)\s*endpoint=([^;]+)/i.exec(connectionString)?.[1]?.trim() ?? '';
}

/** The one EmailClient of this process: a key locally, the managed identity in Azure. */
export function createEmailClient(c: AcsConnection): EmailClient {
  // Per retry: the policy sees each attempt the SDK's retry policy makes, not just the first.
  type Policy = NonNullable<EmailSdk.EmailClientOptions['additionalPolicies']>[number];
  const onRequest = c.onRequest;
  const counting: Policy[] = onRequest
    ? [
        {
          position: 'perRetry',
          policy: {
            name: 'acsRequestCounter',
            sendRequest: (req, next) => (onRequest(acsRequestKind(new URL(req.url).pathname) ?? 'other'), next(req)),
          },
        },
      ]
    : [];
  const options = { additionalPolicies: counting };
  if (c.endpoint) {
    const { ManagedIdentityCredential, DefaultAzureCredential } = identitySdk();
    const credential = c.managedIdentityClientId
      ? new ManagedIdentityCredential({ clientId: c.managedIdentityClientId })
      : new DefaultAzureCredential();
    return new (emailSdk().EmailClient)(c.endpoint, credential, {
      ...options,
      allowInsecureConnection: isLoopbackHttp(c.endpoint),
    });
  }
  if (!c.connectionString) throw new Error('ACS endpoint or connection string required');
  return new (emailSdk().EmailClient)(c.connectionString, {
    ...options,
    allowInsecureConnection: isLoopbackHttp(connectionStringEndpoint(c.connectionString)),
  });
}
