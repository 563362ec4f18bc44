/**
 * Every Cosmos container the code uses, with its partition key and indexing policy. The Bicep in
 * infra/azure declares the same list (test/unit/infra-consistency.test.ts keeps them matched).
 */
export interface ContainerSpec {
  readonly id: string;
  readonly partitionKeyPath: string;
  /** Paths excluded from indexing (large or never queried), beyond the default policy. */
  readonly excludedPaths?: readonly string[];
  /** Seconds after its last write a document is deleted (Cosmos TTL); absent = kept until deleted. */
  readonly defaultTtl?: number;
  /** Why this key: the access path it serves. */
  readonly purpose: string;
}

export const containers = {
  /** Durable backend: one document per orchestration instance (history, inbox, pending work). */
  durableInstances: {
    id: 'durableInstances',
    partitionKeyPath: '/id',
    excludedPaths: ['/history/*', '/inbox/*', '/work/*', '/input/*', '/output/*', '/customStatus/*'],
    purpose: 'point reads and ETag-conditional commits of one instance per episode',
  },
  /** Partner profiles: one document per partner tenant, id = tenantId. */
  partners: {
    id: 'partners',
    partitionKeyPath: '/tenantId',
    purpose: "point reads and writes of the caller's own profile by its tenant id",
  },
  /** Invitations by id: the acceptance path and the orchestration's activities read them by point. */
  invitations: {
    id: 'invitations',
    partitionKeyPath: '/id',
    excludedPaths: ['/email/*', '/timeline/*'],
    purpose: 'point reads and ETag-conditional state changes by invitation id',
  },
  /** One summary per invitation in each partner's partition: the partner's paged invitation list. */
  invitationIndex: {
    id: 'invitationIndex',
    partitionKeyPath: '/partnerTenantId',
    purpose: "single-partition pages of a partner's invitations, filtered by status",
  },
  /** Due work by day bucket: the sweep reads only the buckets that came due. */
  dueItems: {
    id: 'dueItems',
    partitionKeyPath: '/bucket',
    purpose: 'the sweep: invitations past their deadline and grants past their end, by due day',
  },
  /** Reseller and provider relationships in the partner's partition: customer lists. */
  relationships: {
    id: 'relationships',
    partitionKeyPath: '/partnerTenantId',
    purpose: "a partner's customers (single partition), relationship removal",
  },
  /** A customer tenant's partition: its record, the grants it gave and its partners (mirror). */
  customers: {
    id: 'customers',
    partitionKeyPath: '/tenantId',
    purpose: "a customer's grants and partners; a partner reads one customer's grants by point partition",
  },
  /** Partnerships in the provider's partition: its indirect-reseller list, removal. */
  partnerships: {
    id: 'partnerships',
    partitionKeyPath: '/providerTenantId',
    purpose: "a provider's resellers (single partition), partnership lookups by pair, removal",
  },
  /** The reseller-side copy of each partnership, so a reseller lists its providers in one partition. */
  resellerPartnerships: {
    id: 'resellerPartnerships',
    partitionKeyPath: '/resellerTenantId',
    purpose: "a reseller's providers (single partition)",
  },
  /** New-customer creation records in the provider's partition: retries by Idempotency-Key, the sweep's open list. */
  customerCreations: {
    id: 'customerCreations',
    partitionKeyPath: '/providerTenantId',
    purpose: 'point reads and ETag-conditional commits of one creation by its deterministic id',
  },
  /** One reservation per domain prefix (id = prefix): create-if-absent decides who gets a prefix. */
  domainPrefixes: {
    id: 'domainPrefixes',
    partitionKeyPath: '/id',
    purpose: 'a domain prefix taken at most once, by point create',
  },
  /**
   * One send counter per partner and clock hour (id = the hour): the sends-per-inviter limit shared
   * across instances. Two days of TTL: a window is over after an hour, so old ones simply vanish.
   */
  inviterSends: {
    id: 'inviterSends',
    partitionKeyPath: '/partnerTenantId',
    defaultTtl: 2 * 24 * 3600,
    purpose: "point reads and atomic increments of one partner's counter for the current hour",
  },
  /**
   * The email send slots every instance claims from (one document), so the ACS quota, which counts
   * per ACS resource, holds for the app as a whole. A day of TTL: past the hour window, old slots
   * no longer count, so a ledger nobody wrote for a day may go.
   */
  emailQuota: {
    id: 'emailQuota',
    partitionKeyPath: '/id',
    defaultTtl: 24 * 3600,
    purpose: 'one ledger document read and replaced over its ETag per email send',
  },
  /**
   * The program's own records, by scope: one claim per MPN id (scope 'mpnIds', id = the MPN id:
   * create-if-absent makes an MPN id belong to one partner) and the enrolment requests (scope
   * 'enrolmentRequests': the operator's queue, one partition, as a program has thousands of them
   * at most).
   */
  program: {
    id: 'program',
    partitionKeyPath: '/scope',
    purpose: 'MPN id claims by point create; the enrolment request queue, single partition',
  },
  /** Role templates in the partner tenant's partition: its paged list, point reads by id. */
  roleTemplates: {
    id: 'roleTemplates',
    partitionKeyPath: '/partnerTenantId',
    purpose: "a partner's role templates (single partition), ETag-conditional edits by id",
  },
  /**
   * Invitation batches, each in its own partition: the batch document (id = batch id) and its
   * chunks of rows (id = batch id:n), read and changed by point over their ETags.
   */
  invitationBatches: {
    id: 'invitationBatches',
    partitionKeyPath: '/batchId',
    excludedPaths: ['/rows/*', '/chunks/*'],
    purpose: "a batch's progress and its rows by chunk, by point reads and ETag-conditional replaces",
  },
  /** Append-only audit entries per tenant, kept indefinitely. */
  audit: {
    id: 'audit',
    partitionKeyPath: '/tenantId',
    purpose: "a tenant's audit trail, newest first, single partition",
  },
  /** Webhook endpoints in their tenant's partition: the tenant's list, point reads, fan-out by tenant. */
  webhooks: {
    id: 'webhooks',
    partitionKeyPath: '/tenantId',
    purpose: "a tenant's webhook endpoints (single partition), ETag-conditional changes by id",
  },
  /** One delivery per (event, endpoint) in the endpoint's partition: the delivery log, kept 30 days. */
  webhookDeliveries: {
    id: 'webhookDeliveries',
    partitionKeyPath: '/endpointId',
    excludedPaths: ['/payload/?'],
    defaultTtl: 30 * 24 * 3600,
    purpose: "an endpoint's delivery log, newest first (single partition); point reads by event id",
  },
  /**
   * Which invitation email an ACS operation id is (id = the Operation-Id): an ACS delivery report
   * names only its messageId, and the id is a name-based UUID that cannot be read back. Written
   * before the send, so a report never arrives first. 30 days of TTL: ACS reports within days.
   */
  emailOperations: {
    id: 'emailOperations',
    partitionKeyPath: '/id',
    defaultTtl: 30 * 24 * 3600,
    purpose: 'a delivery report finds its invitation and send number by one point read of its messageId',
  },
} as const satisfies Record<string, ContainerSpec>;
