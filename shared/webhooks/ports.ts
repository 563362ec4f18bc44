import type { Container } from '@azure/cosmos';
import type { DurableClient } from 'durable-functions';
import type { EmailSender } from '../email/sender';
import type { InvitationStore } from '../store/invitations';
import type { PartnerStore } from '../store/partners';
import type { PartnershipStore } from '../store/partnerships';
import type { RecordStore } from '../store/records';
import type { SubscriptionStore } from '../store/subscriptions';
import type { GuardOptions, PostOptions, PostOutcome } from './ssrf';
import type { DeliveryStore, WebhookStore } from './store';

// The ports of the webhook use cases (what they read, write, post and start); the real adapters are
// built in functions/compose/webhooksDeps.ts, tests pass fakes.

/** Managing a tenant's endpoints (manageWebhooks.ts: create, list, patch, rotate, deliveries). */
export interface ManageDeps {
  endpoints: WebhookStore;
  deliveries: DeliveryStore;
  guard: GuardOptions;
  now(): Date;
}

/** The stores an event's resource view is read from when its audit entry carries none (eventViews.ts). */
export interface ViewDeps {
  invitations: Pick<InvitationStore, 'get'>;
  records: RecordStore;
  partnerships: Pick<PartnershipStore, 'get'>;
  subscriptions: Pick<SubscriptionStore, 'get'>;
  partners: Pick<PartnerStore, 'get'>;
}

/** Publishing the audit trail as events: one delivery per subscribed endpoint (outbox.ts). */
export interface PublishDeps {
  /** The audit container (cross-partition reads by _ts). */
  audit: Container;
  /** The webhooks container (holds the checkpoint document). */
  webhooksContainer: Container;
  endpoints: Pick<WebhookStore, 'list'>;
  deliveries: Pick<DeliveryStore, 'create'>;
  client: Pick<DurableClient, 'startNew' | 'getStatus'>;
  baseUrl: string;
  now(): Date;
  /** The stores the resource views are read from (eventViews.ts). */
  views: ViewDeps;
}

/** Recording a delivery and starting its orchestration (deliveryOrchestration.ts). */
export interface EnqueueDeps {
  deliveries: Pick<DeliveryStore, 'create'>;
  client: Pick<DurableClient, 'startNew' | 'getStatus'>;
  now(): Date;
}

/** One delivery attempt: sign, post through the SSRF guard, record the outcome (deliver.ts). */
export interface DeliverDeps {
  endpoints: WebhookStore;
  deliveries: DeliveryStore;
  post(url: string, body: string, headers: Record<string, string>, opts?: PostOptions): Promise<PostOutcome>;
  guard: PostOptions;
  now(): Date;
}

/** Disabling an endpoint that kept failing and telling the tenant's notification contacts (deliver.ts). */
export interface DisableDeps {
  endpoints: WebhookStore;
  contacts(tenantId: string): Promise<string[]>;
  emailSender: EmailSender;
  now(): Date;
}
