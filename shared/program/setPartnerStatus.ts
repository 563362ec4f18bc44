import type { Actor } from '../domain/invitation';
import type { PartnerStatus } from '../domain/partner';
import { AppError } from '../http/errors';
import type { StoredPartner } from '../store/partners';
import type { ProgramDeps } from './ports';
import { auditProgramAction } from './programAudit';

/**
 * Suspends or reinstates a partner (the operator's call). A suspended partner sends and answers
 * nothing and its pending invitations cannot be accepted; its relationships and grants stay.
 * Conditional on the version read; a repeat finds the status already set and only completes the
 * audit entry.
 */
export async function setPartnerStatus(
  d: ProgramDeps,
  by: Actor,
  tenantId: string,
  status: PartnerStatus,
): Promise<StoredPartner> {
  const existing = await d.partners.get(tenantId);
  if (!existing) throw new AppError('not_found', 'No partner of the program has this tenant id.');
  const current = existing.partner.status ?? 'active';
  const saved =
    current === status
      ? existing
      : await d.partners.upsert({ ...existing.partner, status }, { ifMatch: existing.etag });
  await auditProgramAction(
    d,
    by,
    status === 'suspended' ? 'partner.suspended' : 'partner.reinstated',
    tenantId,
    saved.etag,
    {},
    saved.partner,
  );
  return saved;
}
