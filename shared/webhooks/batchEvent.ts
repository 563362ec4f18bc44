import type { AuditEntry } from '../store/audit';

/**
 * The data `batch.completed` adds to its event: the batch as GET /api/invitation-batches/{id}
 * showed it when it finished (status and counts), rebuilt from the flat detail of its audit entry
 * (audit details hold scalars only).
 */
export function batchCompletedData(entry: AuditEntry): Record<string, unknown> {
  if (entry.action !== 'batch.completed' || !entry.detail) return {};
  const n = (k: string) => Number(entry.detail?.[k] ?? 0);
  return {
    batch: {
      id: entry.subject.id,
      status: String(entry.detail.status),
      counts: {
        total: n('total'),
        created: n('created'),
        rejected: n('rejected'),
        emailed: n('emailed'),
        canceled: n('canceled'),
      },
      percentComplete: 100,
      resultsUrl: `/api/invitation-batches/${entry.subject.id}/results`,
    },
  };
}
