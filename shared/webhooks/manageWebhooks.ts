import { randomUUID } from 'node:crypto';
import { nameBasedUuid } from '../domain/ids';
import { withToken } from '../http/request';
import { AppError } from '../http/errors';
import type { Versioned } from '../store/cosmosOps';
import type { WebhookCaller } from './authorizeWebhooks';
import type { WebhookCreate, WebhookDeliveryView, WebhookPatch, WebhookView } from './schemas';
import { newSigningSecret } from './secrets';
import type { ManageDeps } from './ports';
import { checkWebhookUrl, type GuardOptions, WebhookRefused } from './ssrf';
import type { WebhookDelivery, WebhookEndpoint } from './store';

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;
/** Endpoints per tenant. */
export const MAX_ENDPOINTS = 20;
/** How long a repeated Idempotency-Key gets the registration's response again, secret included. */
export const REPLAY_WINDOW_MS = 24 * 3600 * 1000;

/** Id of an endpoint registered with an Idempotency-Key: a repeat finds the first one. */
export const idempotentWebhookId = (tenantId: string, key: string): string =>
  nameBasedUuid(`webhook:${tenantId.toLowerCase()}:${key}`);

/** The public view: never a secret. */
export function webhookView(e: WebhookEndpoint, now: Date): WebhookView {
  const previous = e.secrets.slice(1).find((s) => s.expiresAt && Date.parse(s.expiresAt) > now.getTime());
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    status: e.status,
    ...(e.disabledReason ? { disabledReason: e.disabledReason } : {}),
    ...(e.disabledAt ? { disabledAt: e.disabledAt } : {}),
    ...(previous?.expiresAt ? { previousSecretExpiresAt: previous.expiresAt } : {}),
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function deliveryView(d: WebhookDelivery): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    ...(d.responseStatus !== undefined ? { responseStatus: d.responseStatus } : {}),
    ...(d.error ? { error: d.error } : {}),
    ...(d.latencyMs !== undefined ? { latencyMs: d.latencyMs } : {}),
    ...(d.nextRetryAt ? { nextRetryAt: d.nextRetryAt } : {}),
    createdAt: d.createdAt,
    ...(d.lastAttemptAt ? { lastAttemptAt: d.lastAttemptAt } : {}),
    ...(d.deliveredAt ? { deliveredAt: d.deliveredAt } : {}),
  };
}

/** The secrets that sign now: the current one, and the previous one within its 24 hours. */
export function signingSecrets(e: Pick<WebhookEndpoint, 'secrets'>, now: Date): string[] {
  return e.secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime()).map((s) => s.secret);
}

function checkUrl(url: string, guard: GuardOptions): void {
  try {
    checkWebhookUrl(url, guard);
  } catch (e) {
    if (e instanceof WebhookRefused)
      throw new AppError(
        'validation_failed',
        `The webhook URL is refused (${e.refusal}): https only, to a public address.`,
        { refusal: e.refusal },
      );
    throw e;
  }
}

function checkEvents(events: readonly string[], audience: WebhookCaller['audience']): void {
  if (audience === 'program' && events.some((t) => !t.startsWith('partner.'))) {
    throw new AppError('validation_failed', "The program operator's endpoints receive partner.* events only.");
  }
}

/**
 * Registers an endpoint. With an Idempotency-Key, a repeat (a portal that lost the first response
 * to a timeout or a restart) gets the first registration again, with its secret: otherwise the
 * retry registers a second endpoint with another secret, every event arrives twice and half the
 * deliveries fail the receiver's signature check (found by the soak, test/soak/LOG.md). The secret
 * comes back only while it is the one the registration made and for 24 hours; after a rotation or
 * later, the repeat is refused (409) and GET shows the endpoint without it.
 */
export async function createWebhook(
  d: ManageDeps,
  who: WebhookCaller,
  input: WebhookCreate,
  idempotencyKey?: string,
): Promise<WebhookView & { secret: string; created: boolean }> {
  checkUrl(input.url, d.guard);
  checkEvents(input.events, who.audience);
  const tenantId = who.caller.tenantId;
  const id = idempotencyKey ? idempotentWebhookId(tenantId, idempotencyKey) : randomUUID();
  if (idempotencyKey) {
    const first = await d.endpoints.get(tenantId, id);
    if (first) return replayed(first.doc, d.now());
  }
  const existing = await d.endpoints.list(tenantId, MAX_ENDPOINTS);
  if (existing.items.length >= MAX_ENDPOINTS)
    throw new AppError('conflict', `A tenant may have at most ${MAX_ENDPOINTS} webhook endpoints.`);
  const now = d.now().toISOString();
  const secret = newSigningSecret();
  const endpoint: WebhookEndpoint = {
    id,
    tenantId,
    audience: who.audience,
    url: input.url,
    events: input.events,
    description: input.description,
    status: 'enabled',
    secrets: [{ secret, createdAt: now }],
    createdAt: now,
    updatedAt: now,
    generation: 1,
  };
  if ((await d.endpoints.create(endpoint)) === 'exists') {
    // The same key, twice at once: the other request registered it.
    const first = await d.endpoints.get(tenantId, id);
    if (!first) throw new AppError('not_found', 'The endpoint was registered and deleted meanwhile.');
    return replayed(first.doc, d.now());
  }
  return { ...webhookView(endpoint, d.now()), secret, created: true };
}

/** The first registration's response again, or 409 when its secret is no longer this response's to give. */
function replayed(e: WebhookEndpoint, now: Date): WebhookView & { secret: string; created: boolean } {
  // secrets[0] signs now; after a rotation the registration's secret is only the previous one.
  const original = e.secrets[0]?.createdAt === e.createdAt ? e.secrets[0] : undefined;
  if (!original || now.getTime() - Date.parse(e.createdAt) > REPLAY_WINDOW_MS)
    throw new AppError(
      'conflict',
      'This Idempotency-Key registered an endpoint whose secret is no longer shown (rotated, or over 24 hours ago): read it with GET and rotate its secret.',
      { webhookId: e.id },
    );
  return { ...webhookView(e, now), secret: original.secret, created: false };
}

export async function listWebhooks(
  d: ManageDeps,
  who: WebhookCaller,
  pageSize: number,
  continuationToken?: string,
): Promise<{ items: WebhookView[]; continuationToken?: string }> {
  const page = await withToken(continuationToken, () =>
    d.endpoints.list(who.caller.tenantId, pageSize, continuationToken),
  );
  return {
    items: page.items.map((e) => webhookView(e, d.now())),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}

async function load(d: ManageDeps, who: WebhookCaller, id: string): Promise<Versioned<WebhookEndpoint>> {
  const found = await d.endpoints.get(who.caller.tenantId, id);
  if (!found) throw new AppError('not_found', 'No such webhook endpoint.');
  return found;
}

export async function getWebhook(d: ManageDeps, who: WebhookCaller, id: string): Promise<WebhookView> {
  return webhookView((await load(d, who, id)).doc, d.now());
}

/** Applies `change` over the version read; another writer first means reading again (a few times). */
export async function changeWebhook(
  d: Pick<ManageDeps, 'endpoints'>,
  tenantId: string,
  id: string,
  change: (e: WebhookEndpoint) => WebhookEndpoint | undefined,
): Promise<WebhookEndpoint | undefined> {
  for (let i = 0; i < 5; i++) {
    const found = await d.endpoints.get(tenantId, id);
    if (!found) return undefined;
    const next = change(found.doc);
    if (!next) return found.doc;
    const r = await d.endpoints.replace(next, found.etag);
    if (r !== 'conflict') return r.doc;
  }
  throw new AppError('conflict', 'The webhook endpoint changed meanwhile; try again.');
}

export async function patchWebhook(
  d: ManageDeps,
  who: WebhookCaller,
  id: string,
  patch: WebhookPatch,
): Promise<WebhookView> {
  if (patch.url) checkUrl(patch.url, d.guard);
  if (patch.events) checkEvents(patch.events, who.audience);
  const now = d.now().toISOString();
  const changed = await changeWebhook(d, who.caller.tenantId, id, (e) => {
    const next: WebhookEndpoint = { ...e, updatedAt: now };
    if (patch.url !== undefined) next.url = patch.url;
    if (patch.events !== undefined) next.events = patch.events;
    if (patch.description !== undefined) next.description = patch.description;
    if (patch.enabled === true && e.status === 'disabled') {
      next.status = 'enabled';
      delete next.disabledReason;
      delete next.disabledAt;
      next.generation = e.generation + 1;
    } else if (patch.enabled === false && e.status === 'enabled') {
      next.status = 'disabled';
      next.disabledReason = 'by_tenant';
      next.disabledAt = now;
    }
    return next;
  });
  if (!changed) throw new AppError('not_found', 'No such webhook endpoint.');
  return webhookView(changed, d.now());
}

export async function deleteWebhook(d: ManageDeps, who: WebhookCaller, id: string): Promise<void> {
  await load(d, who, id);
  await d.endpoints.remove(who.caller.tenantId, id);
}

/** A new current secret; the previous one signs for 24 more hours; older ones go. */
export async function rotateWebhookSecret(
  d: ManageDeps,
  who: WebhookCaller,
  id: string,
): Promise<WebhookView & { secret: string }> {
  const now = d.now();
  const secret = newSigningSecret();
  const changed = await changeWebhook(d, who.caller.tenantId, id, (e) => {
    const [current] = e.secrets;
    const previous = current
      ? [{ ...current, expiresAt: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString() }]
      : [];
    return { ...e, secrets: [{ secret, createdAt: now.toISOString() }, ...previous], updatedAt: now.toISOString() };
  });
  if (!changed) throw new AppError('not_found', 'No such webhook endpoint.');
  return { ...webhookView(changed, now), secret };
}

export async function listDeliveries(
  d: ManageDeps,
  who: WebhookCaller,
  id: string,
  pageSize: number,
  continuationToken?: string,
): Promise<{ items: WebhookDeliveryView[]; continuationToken?: string }> {
  await load(d, who, id);
  const page = await withToken(continuationToken, () => d.deliveries.list(id, pageSize, continuationToken));
  return {
    items: page.items.map(deliveryView),
    ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
  };
}

export { load as loadWebhook };
