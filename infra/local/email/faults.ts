import { z } from 'zod';

/** A request to fail the next `count` sends with `status` (the failures ACS itself produces). */
export const faultSpecSchema = z.object({
  status: z.union([z.literal(429), z.literal(500), z.literal(503)]),
  count: z.number().int().min(1).max(1000),
  retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** One injected failure, ready to be answered. */
export interface Fault {
  readonly status: 429 | 500 | 503;
  readonly retryAfterSeconds: number | undefined;
}

export interface FaultQueue {
  inject(spec: FaultSpec): void;
  clear(): void;
  /** Consumes one failure, if any are pending. */
  take(): Fault | undefined;
  pending(): number;
}

/**
 * The pending failures. A new injection replaces the old one so a test states the whole plan.
 * A 429 always carries Retry-After (1 s unless given): the real service sends it, and the SDK
 * retries a 429 only when it is present.
 */
export function createFaultQueue(): FaultQueue {
  let current: { fault: Fault; remaining: number } | undefined;
  return {
    inject(spec) {
      const parsed = faultSpecSchema.parse(spec);
      const retryAfterSeconds = parsed.retryAfterSeconds ?? (parsed.status === 429 ? 1 : undefined);
      current = { fault: { status: parsed.status, retryAfterSeconds }, remaining: parsed.count };
    },
    clear() {
      current = undefined;
    },
    take() {
      if (!current) return undefined;
      const { fault } = current;
      current.remaining -= 1;
      if (current.remaining <= 0) current = undefined;
      return fault;
    },
    pending() {
      return current?.remaining ?? 0;
    },
  };
}
