import { InstanceDoc, InstanceQuery } from './instance';

/** The management API's instance filters, applied to one document. */
export function matchesQuery(d: InstanceDoc, q: InstanceQuery): boolean {
  if (q.createdTimeFrom && d.createdTime < q.createdTimeFrom) return false;
  if (q.createdTimeTo && d.createdTime > q.createdTimeTo) return false;
  if (q.runtimeStatus?.length && !q.runtimeStatus.includes(d.runtimeStatus)) return false;
  if (q.instanceIdPrefix && !d.id.startsWith(q.instanceIdPrefix)) return false;
  return true;
}
