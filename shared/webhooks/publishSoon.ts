/**
 * Runs the publisher when an audit entry is appended in this process, instead of waiting for the
 * timer's next second (issue 16: p99 change → delivered ≤ 1 s). A run in progress is never doubled:
 * notices during it make one more run after it, and notices within `debounceMs` of each other one
 * run, so a burst of appends (a bulk send, a fan-out) is a few runs, not one per entry.
 *
 * Why not a Cosmos DB change-feed trigger on the audit container: its lease-based polling waits
 * `feedPollDelay` (5 s by default) after the feed is drained, which is the same wait again, it
 * needs a leases container, and the embedded local host has no change-feed trigger to serve it.
 * The timer stays as the catch-up: entries appended by another instance (in Azure a timer runs
 * on one instance at a time) or before a crash are published at its next run.
 */
export interface PublishSoon {
  /** Asks for a run soon (debounced); returns at once. */
  nudge(): void;
  /** A run now (the timer's), after any run in progress; resolves when it is done. */
  runNow(): Promise<void>;
}

export function publishSoon(run: () => Promise<void>, options: { debounceMs: number; onError(e: unknown): void }): PublishSoon {
  let running: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const start = (): Promise<void> => {
    if (running) {
      again = true;
      return running.then(() => (running ? running : start()));
    }
    again = false;
    running = run()
      .catch(options.onError)
      .finally(() => {
        running = undefined;
        if (again) void start();
      });
    return running;
  };

  return {
    nudge() {
      if (running) {
        again = true;
        return;
      }
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void start();
      }, options.debounceMs);
      timer.unref?.();
    },
    runNow: () => start(),
  };
}
