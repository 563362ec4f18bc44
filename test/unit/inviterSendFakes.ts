// A fake clock and an in-memory counter port for the inviter send limiter's unit tests.
import type { InviterSendCounters } from '../../shared/store/inviterSendCounters';

/** The counter port in memory, with its calls recorded and failures injectable. */
export function memoryCounters(initial: Record<string, number> = {}) {
  const counts = new Map<string, number>(Object.entries(initial));
  const calls: Array<{ op: 'read' | 'add'; partnerTenantId: string; windowKey: string; n?: number }> = [];
  let failures = 0;
  const port: InviterSendCounters = {
    async read(partnerTenantId, windowKey) {
      calls.push({ op: 'read', partnerTenantId, windowKey });
      return counts.get(`${partnerTenantId}|${windowKey}`) ?? 0;
    },
    async add(partnerTenantId, windowKey, n) {
      calls.push({ op: 'add', partnerTenantId, windowKey, n });
      if (failures > 0) {
        failures--;
        throw Object.assign(new Error('Service unavailable\nbody: {...}'), { code: 503 });
      }
      const key = `${partnerTenantId}|${windowKey}`;
      counts.set(key, (counts.get(key) ?? 0) + n);
      return counts.get(key) as number;
    },
  };
  return {
    port,
    calls,
    count: (partnerTenantId: string, windowKey: string) => counts.get(`${partnerTenantId}|${windowKey}`) ?? 0,
    /** Another instance's flush. */
    addElsewhere: (partnerTenantId: string, windowKey: string, n: number) =>
      counts.set(`${partnerTenantId}|${windowKey}`, (counts.get(`${partnerTenantId}|${windowKey}`) ?? 0) + n),
    failNext: (n = 1) => void (failures = n),
  };
}

/** A clock that moves only when told. */
export function fakeClock(startIso: string) {
  let now = Date.parse(startIso);
  return {
    now: () => now,
    set: (iso: string) => void (now = Date.parse(iso)),
    advance: (ms: number) => void (now += ms),
  };
}
