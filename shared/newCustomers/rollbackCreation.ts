import { type CustomerCreation, creationSubscriptions } from '../domain/customerCreation';
import type { Versioned } from '../store/cosmosOps';
import type { CreationDeps } from './ports';

/**
 * Undoes a pending creation that was abandoned. First the record becomes `abandoned` (still open)
 * over the version read, so a run that committed meanwhile wins and nothing of it is undone, and
 * no later commit can follow; then its subscriptions, customer record and domain prefix go (each
 * removal idempotent), and the record closes. A crash in between leaves it open: the next sweep
 * finishes the rollback.
 */
export async function rollbackCreation(
  d: Pick<CreationDeps, 'creations' | 'subscriptions'>,
  v: Versioned<CustomerCreation>,
  now: Date,
): Promise<'rolledBack' | 'skipped'> {
  let current = v;
  if (current.doc.state === 'pending') {
    const claimed: CustomerCreation = {
      ...current.doc,
      state: 'abandoned',
      abandonedAt: now.toISOString(),
      abandonedReason: 'timedOut',
    };
    if ((await d.creations.replace(claimed, current.etag)) === 'conflict') return 'skipped';
    const reread = await d.creations.get(claimed.providerTenantId, claimed.id);
    if (!reread) return 'skipped';
    current = reread;
  }
  const c = current.doc;
  if (c.state !== 'abandoned' || !c.open) return 'skipped';
  for (const s of creationSubscriptions(c)) await d.subscriptions.remove(c.customerTenantId, s.id);
  await d.creations.removeCustomer(c.customerTenantId);
  await d.creations.releasePrefix(c.domainPrefix, c.id);
  return (await d.creations.replace({ ...c, open: false }, current.etag)) === 'done' ? 'rolledBack' : 'skipped';
}
