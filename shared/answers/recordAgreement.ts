import type { Caller } from '../auth/caller';
import { iso } from '../domain/time';
import type { CustomerRecord } from '../store/records';
import type { AnswerDeps } from './ports';

/**
 * Records on the customer that its Global admin accepted the customer agreement (once: an existing
 * acceptance is kept). Create-if-absent or an ETag-conditional replace, retried on a lost race.
 */
export async function recordCustomerAgreement(
  deps: Pick<AnswerDeps, 'records'>,
  caller: Caller,
  now: Date,
  companyName?: string,
): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await deps.records.customer(caller.tenantId);
    if (current?.doc.agreementAcceptedAt) return;
    const doc: CustomerRecord = current
      ? { ...current.doc }
      : { id: caller.tenantId, tenantId: caller.tenantId, type: 'customer' };
    doc.agreementAcceptedAt = iso(now);
    doc.agreementAcceptedBy = caller.userId;
    if (companyName && !doc.companyName) doc.companyName = companyName;
    if (caller.tenantCountry && !doc.country) doc.country = caller.tenantCountry;
    if ((await deps.records.putCustomer(doc, current?.etag)) === 'done') return;
  }
  throw new Error(`customer ${caller.tenantId}: too many concurrent writers`);
}
