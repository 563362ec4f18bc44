import type { Actor } from '../domain/invitation';
import type { Partner } from '../domain/partner';
import { AppError } from '../http/errors';
import type { PartnerEnrolment } from '../schemas/partner';
import type { StoredPartner } from '../store/partners';
import type { ProgramDeps } from './deps';
import { auditProgramAction } from './programAudit';

const sameIdentity = (p: Partner, e: PartnerEnrolment): boolean =>
  p.name === e.name && p.kind === e.kind && p.mpnId === e.mpnId && p.country === e.country && p.cloud === e.cloud;

/**
 * Enrols a tenant as a partner, or updates an enrolled partner's identity: the operator's call
 * only. An MPN id belongs to one partner across the program: claimed by one conditional create
 * before the profile is written (409 mpn_id_taken when another partner holds it). Steps in an order
 * that a crash anywhere, and the request sent again, completes: claim, profile, release of the old
 * MPN id, audit entry. A claim left behind by a crash between an MPN change and its release is
 * recognised (its holder no longer uses the id) and taken over.
 */
export async function enrolPartner(d: ProgramDeps, by: Actor, tenantId: string, enrolment: PartnerEnrolment): Promise<{ partner: StoredPartner; created: boolean }> {
  const existing = await d.partners.get(tenantId);
  await claimMpnId(d, enrolment.mpnId, tenantId);
  const partner: Partner = { ...existing?.partner, ...enrolment, tenantId, status: existing?.partner.status ?? 'active' };
  const saved = existing && sameIdentity(existing.partner, enrolment) ? existing : await d.partners.upsert(partner, existing ? { ifMatch: existing.etag } : {});
  if (existing && existing.partner.mpnId !== enrolment.mpnId) await d.mpnClaims.release(existing.partner.mpnId, tenantId);
  await auditProgramAction(d, by, existing ? 'partner.updated' : 'partner.enrolled', tenantId, saved.etag, { name: enrolment.name, kind: enrolment.kind, mpnId: enrolment.mpnId });
  return { partner: saved, created: !existing };
}

async function claimMpnId(d: ProgramDeps, mpnId: string, tenantId: string): Promise<void> {
  const claim = await d.mpnClaims.claim(mpnId, tenantId);
  if (claim.claimed) return;
  const holder = await d.partners.get(claim.ownerTenantId);
  // A holder without a profile may still be between its claim and its profile write: it keeps it.
  const stale = holder !== undefined && holder.partner.mpnId !== mpnId;
  if (stale && (await d.mpnClaims.takeOver(mpnId, claim.ownerTenantId, tenantId))) return;
  throw new AppError('mpn_id_taken', `MPN id ${mpnId} belongs to another partner of the program.`);
}
