import type { Actor } from '../domain/invitation';
import type { Partner } from '../domain/partner';
import { AppError } from '../http/errors';
import type { PartnerEnrolment } from '../schemas/partner';
import type { StoredPartner } from '../store/partners';
import type { ProgramDeps } from './ports';
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
export async function enrolPartner(
  d: ProgramDeps,
  by: Actor,
  tenantId: string,
  enrolment: PartnerEnrolment,
): Promise<{ partner: StoredPartner; created: boolean }> {
  const existing = await d.partners.get(tenantId);
  await claimMpnId(d, enrolment.mpnId, tenantId, d.now());
  const partner: Partner = {
    ...existing?.partner,
    ...enrolment,
    tenantId,
    status: existing?.partner.status ?? 'active',
  };
  const saved =
    existing && sameIdentity(existing.partner, enrolment)
      ? existing
      : await d.partners.upsert(partner, existing ? { ifMatch: existing.etag } : {});
  if (existing && existing.partner.mpnId !== enrolment.mpnId)
    await d.mpnClaims.release(existing.partner.mpnId, tenantId);
  await auditProgramAction(
    d,
    by,
    existing ? 'partner.updated' : 'partner.enrolled',
    tenantId,
    saved.etag,
    { name: enrolment.name, kind: enrolment.kind, mpnId: enrolment.mpnId },
    saved.partner,
  );
  return { partner: saved, created: !existing };
}

/**
 * How old a claim must be before a holder that does not use it loses it. An enrolment of the holder
 * may still be between its claim and its profile write; no request lives this long (the front end
 * of Azure Functions cuts HTTP requests at 230 s), so a claim this old that the holder's profile
 * does not name was left by a request that died or lost a race.
 */
export const CLAIM_SETTLE_MS = 10 * 60_000;

async function claimMpnId(d: ProgramDeps, mpnId: string, tenantId: string, now: Date): Promise<void> {
  const claim = await d.mpnClaims.claim(mpnId, tenantId, now);
  if (claim.claimed) return;
  const settled = claim.claimedAt !== undefined && now.getTime() - Date.parse(claim.claimedAt) >= CLAIM_SETTLE_MS;
  if (settled) {
    const holder = await d.partners.get(claim.ownerTenantId);
    const unused = !holder || holder.partner.mpnId !== mpnId;
    if (
      unused &&
      (await d.mpnClaims.takeOver(mpnId, claim.ownerTenantId, tenantId, now, new Date(now.getTime() - CLAIM_SETTLE_MS)))
    )
      return;
  }
  throw new AppError('mpn_id_taken', `MPN id ${mpnId} belongs to another partner of the program.`);
}
