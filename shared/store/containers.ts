/**
 * Every Cosmos container the code uses, with its partition key and indexing policy. The Bicep in
 * infra/azure declares the same list (test/unit/infra-consistency.test.ts keeps them matched).
 */
export interface ContainerSpec {
  readonly id: string;
  readonly partitionKeyPath: string;
  /** Paths excluded from indexing (large or never queried), beyond the default policy. */
  readonly excludedPaths?: readonly string[];
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
} as const satisfies Record<string, ContainerSpec>;

export type ContainerName = keyof typeof containers;
