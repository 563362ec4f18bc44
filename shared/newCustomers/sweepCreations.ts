import type { CreationDeps } from './ports';
import { publishCreation } from './publishCreation';
import { rollbackCreation } from './rollbackCreation';

/** How long a pending creation may run before the sweep takes it for abandoned and rolls it back. */
export const CREATION_LEASE_MS = 15 * 60_000;

/**
 * Recovery of creations a crash left open: a committed one is published (completed), a pending one
 * past its lease is rolled back, a rollback cut short is finished. Returns what it did, by outcome.
 */
export async function sweepCreations(d: CreationDeps, now: Date, limit = 50): Promise<Record<string, number>> {
  const report: Record<string, number> = {};
  const count = (k: string) => void (report[k] = (report[k] ?? 0) + 1);
  for (const open of await d.creations.open(limit)) {
    const v = await d.creations.get(open.providerTenantId, open.id);
    if (!v?.doc.open) continue;
    if (v.doc.state === 'complete') {
      await publishCreation(d, v.doc, now);
      count('published');
    } else if (v.doc.state === 'abandoned' || Date.parse(v.doc.startedAt) + CREATION_LEASE_MS <= now.getTime()) {
      count(await rollbackCreation(d, v, now));
    }
  }
  return report;
}
