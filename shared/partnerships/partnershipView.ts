import type { Partnership } from '../domain/partner';
import type { RecordStore } from '../store/records';

/** A partnership as the API shows it (storage fields such as `type` and the name copies left out). */
export function partnershipView(p: Partnership): Partnership {
  const { id, providerTenantId, resellerTenantId, status, createdAt, removedAt, invitationId } = p;
  return {
    id,
    providerTenantId,
    resellerTenantId,
    status,
    createdAt,
    ...(removedAt ? { removedAt } : {}),
    ...(invitationId ? { invitationId } : {}),
  };
}

/** The provider's active customers associated with a reseller (its relationships naming the reseller). */
export async function associatedCustomers(
  records: Pick<RecordStore, 'relationshipsOf'>,
  providerTenantId: string,
  resellerTenantId: string,
): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await records.relationshipsOf(providerTenantId, 100, token, resellerTenantId);
    out.push(...page.items.map((r) => r.customerTenantId));
    token = page.continuationToken;
  } while (token);
  return out;
}
