/**
 * Publishes the audit entries this process appends as soon as they are written, instead of at the
 * timer's next read of the trail (issue 16: p99 change → delivered ≤ 1 s). The entries a notice
 * carries are buffered for `debounceMs` and published together, so a burst of appends (a bulk
 * send, a fan-out) is a few publications, and no trail is read for them. Publications and the
 * timer's trail runs go one at a time, in order: never two at once in this process.
 *
 * Why not a Cosmos DB change-feed trigger on the audit container: once the feed is drained it
 * waits `feedPollDelay` (5,000 ms by default) before polling again, it needs a leases container,
 * and the embedded local host has no change-feed trigger. The timer stays as the catch-up: the
 * trail holds entries appended by other instances (in Azure a timer runs on one instance at a
 * time) and entries whose notice a crash lost; their deliveries' ids make a second enqueue a no-op.
 */
export interface PublishSoon<T> {
  /** Buffers appended entries for the next publication (debounced); returns at once. */
  nudge(entries: readonly T[]): void;
  /** Runs a job (the timer's trail run) after whatever is in progress; resolves when it is done. */
  runNow(job: () => Promise<void>): Promise<void>;
}

export function publishSoon<T>(options: {
  debounceMs: number;
  publish(entries: T[]): Promise<void>;
  onError(e: unknown): void;
}): PublishSoon<T> {
  const pending: T[] = [];
  let scheduled = false;
  let chain: Promise<void> = Promise.resolve();
  const serial = (job: () => Promise<void>): Promise<void> => (chain = chain.then(job).catch(options.onError));

  return {
    nudge(entries) {
      pending.push(...entries);
      if (scheduled) return;
      scheduled = true;
      const timer = setTimeout(() => {
        void serial(async () => {
          scheduled = false; // entries from now on go to the next publication
          const batch = pending.splice(0);
          if (batch.length > 0) await options.publish(batch);
        });
      }, options.debounceMs);
      timer.unref?.();
    },
    runNow: serial,
  };
}
