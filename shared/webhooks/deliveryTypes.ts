// What the delivery orchestration and its activities pass each other: types only (orchestrators
// import no I/O, and dependency-cruiser counts a type import as a dependency).

/** One event for one endpoint: what the delivery orchestration is started with. */
export interface DeliveryInput {
  tenantId: string;
  endpointId: string;
  deliveryId: string;
}

/** What one delivery attempt came to. */
export type AttemptOutcome =
  | { outcome: 'delivered'; status: number }
  | { outcome: 'failed'; status?: number; detail: string; generation: number; retryAfterSeconds?: number }
  | { outcome: 'gone' }
  | { outcome: 'skipped'; detail: string };
