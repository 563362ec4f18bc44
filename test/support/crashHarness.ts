// The moves of the crash suites and the soak (test/reliability/invitation-crash.test.ts,
// test/soak/): a portal that sends a request again when the host died under it, SIGKILLs of the
// host at a seeded step of a phase, and the restart on the same stand-ins where durable time was.
import { between } from './prng';
import { call } from './hostProcess';
import { durableInstances, type Sent } from './invitationCrashChecks';
import type { ProductStack } from './productStack';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * What one kill met: the portal's requests in flight, the activities and messages pending in the
 * durable store, and the invitations' orchestrations not yet completed.
 */
export interface Kill {
  phase: string;
  requestsInFlight: number;
  pendingInStore: number;
  openOrchestrations: number;
}

/** Every answer the portal got (retried ones too), for the invariants on statuses. */
export interface SeenReply {
  path: string;
  status: number;
  retryAfter: string | null;
  code?: string;
}

export interface CrashHarness {
  /** A portal's call: when the host dies under it (no answer at all), sent again as it was, until answered. */
  portal(path: string, init: RequestInit & { json?: unknown }): Promise<Sent>;
  /** SIGKILL, count what the store holds undone, restart on the same Cosmos, sink and issuer. */
  crash(phase: string): Promise<void>;
  /**
   * A kill at a seeded moment of a phase of `steps` steps: once a random number of them (0 to
   * steps - 1) are done, and up to `jitterMs` later. Drawn by progress rather than by time, so that
   * it falls within the phase however fast this machine runs it.
   */
  crashWithin(phase: string, steps: number, done: () => number | Promise<number>, jitterMs?: number): Promise<void>;
  /** Sends one request per item, all at once; `done()` says how many have been answered. */
  sendAll<T>(
    items: T[],
    send: (p: T) => Promise<Sent>,
  ): { replies: Promise<Array<{ p: T; sent: Sent }>>; done: () => number };
  /** Durable time now moves from `at` (after a skip): a restarted host resumes there plus the time since. */
  clockAt(at: Date): void;
  /** Counts a request in flight that is not sent through `portal` (a time skip). */
  track<T>(p: Promise<T>): Promise<T>;
  readonly kills: Kill[];
  readonly seen: SeenReply[];
  /** Output of every host so far, the killed ones first. */
  output(): string;
}

/**
 * `retryStatuses`: answers the portal also sends again (after their Retry-After, at most
 * `maxRetryAfterMs`), as a client that honours 503 + Retry-After does; none by default.
 */
export function crashHarness(
  stack: ProductStack,
  killRnd: () => number,
  opts: { retryStatuses?: number[]; maxRetryAfterMs?: number } = {},
): CrashHarness {
  const kills: Kill[] = [];
  const seen: SeenReply[] = [];
  let output = '';
  let inFlight = 0;
  // Where virtual time resumes after a kill: undefined = the wall clock (no skip yet).
  let clock: { at: number; wall: number } | undefined;
  const retryStatuses = new Set(opts.retryStatuses ?? []);
  let crashing: Promise<void> = Promise.resolve();
  const crashNow = async (phase: string): Promise<void> => {
    const requestsInFlight = inFlight;
    await stack.host.kill();
    output += `${stack.host.output()}\n--- host killed (${phase}) ---\n`;
    const instances = await durableInstances(stack.env);
    const pendingInStore = instances.reduce((n, d) => n + d.activities.length + d.inbox.length, 0);
    const openOrchestrations = instances.filter((d) => d.runtimeStatus !== 'Completed').length;
    const resumeAt = clock ? new Date(clock.at + Date.now() - clock.wall) : undefined;
    await stack.restartHost({ kill: true, ...(resumeAt ? { virtualTimeStart: resumeAt } : {}) });
    kills.push({ phase, requestsInFlight, pendingInStore, openOrchestrations });
  };
  const harness: CrashHarness = {
    kills,
    seen,
    output: () => output + stack.host.output(),
    clockAt(at) {
      clock = { at: at.getTime(), wall: Date.now() };
    },
    async track(p) {
      inFlight++;
      try {
        return await p;
      } finally {
        inFlight--;
      }
    },
    async portal(path, init) {
      for (let attempts = 1; ; attempts++) {
        let reply: Sent['reply'] | undefined;
        inFlight++;
        try {
          reply = await call(`${stack.url}${path}`, init);
        } catch (e) {
          if (attempts >= 400) throw new Error(`${path}: no answer after ${attempts} tries: ${String(e)}`);
        } finally {
          inFlight--;
        }
        if (reply) {
          seen.push({
            path,
            status: reply.status,
            retryAfter: reply.headers.get('retry-after'),
            code: reply.body?.code,
          });
          if (!retryStatuses.has(reply.status) || attempts >= 100) return { reply, attempts };
          const after = Number(reply.headers.get('retry-after') ?? 0) * 1000;
          await sleep(Math.min(Number.isFinite(after) ? after : 0, opts.maxRetryAfterMs ?? 1000));
        }
        await sleep(50);
      }
    },
    crash(phase) {
      // One at a time: a kill drawn by the workload and one drawn by the soak may fall together.
      crashing = crashing.then(() => crashNow(phase));
      return crashing;
    },
    async crashWithin(phase, steps, done, jitterMs = 25) {
      const k = between(killRnd, 0, Math.max(0, steps - 1));
      // A liveness guard, not a timing assertion: a phase stuck short of k steps is killed anyway.
      for (const until = Date.now() + 20_000; (await done()) < k && Date.now() < until;) await sleep(10);
      await sleep(between(killRnd, 0, jitterMs));
      await harness.crash(phase);
    },
    sendAll(items, send) {
      let done = 0;
      const replies = Promise.all(items.map(async (p) => ({ p, sent: await send(p).finally(() => done++) })));
      return { replies, done: () => done };
    },
  };
  return harness;
}

/** Orchestrations among `ids` that have not completed (a failed one stops the run at once). */
export async function unfinished(stack: ProductStack, ids: string[]): Promise<string[]> {
  const open: string[] = [];
  for (const id of ids) {
    const s = await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}`);
    if (s.body?.runtimeStatus === 'Failed')
      throw new Error(`orchestration ${id} failed: ${JSON.stringify(s.body.output)}`);
    if (s.body?.runtimeStatus !== 'Completed') open.push(id);
  }
  return open;
}
