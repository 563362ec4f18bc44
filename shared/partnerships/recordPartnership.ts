import type { Partnership } from '../domain/partner';
import type { PartnerStore } from '../store/partners';
import type { PartnershipDoc, PartnershipStore } from '../store/partnerships';

/** What recording a partnership reads and writes. */
export interface RecordPartnershipDeps {
  partnerships: Pick<PartnershipStore, 'create' | 'get' | 'replace'>;
  partners: Pick<PartnerStore, 'get'>;
}

/**
 * Writes an accepted partnership request's partnership, create-if-absent under the pair's id, with
 * both names for the lists. A partnership removed earlier is renewed by a new invitation's
 * acceptance; a re-run of the same acceptance finds its own document and changes nothing.
 */
export async function recordPartnership(
  d: RecordPartnershipDeps,
  p: Partnership,
): Promise<'created' | 'renewed' | 'exists'> {
  const [provider, reseller] = await Promise.all([
    d.partners.get(p.providerTenantId),
    d.partners.get(p.resellerTenantId),
  ]);
  const doc: PartnershipDoc = { ...p, type: 'partnership' };
  if (provider) doc.providerName = provider.partner.name;
  if (reseller) {
    doc.resellerName = reseller.partner.name;
    doc.resellerNameLower = reseller.partner.name.toLowerCase();
  }
  // Two recorders of one acceptance may race (the accept request records before it answers while
  // the orchestration's activity records too): the loser of the conditional write reads again and
  // finds the winner's document, which is its own. A change that keeps racing is thrown, so the
  // orchestration's retry re-reads later.
  for (let attempt = 1; ; attempt++) {
    if ((await d.partnerships.create(doc)) === 'created') return 'created';
    const current = await d.partnerships.get(p.providerTenantId, p.resellerTenantId);
    if (!current || current.doc.status === 'active' || current.doc.invitationId === p.invitationId) return 'exists';
    if ((await d.partnerships.replace(doc, current.etag)) !== 'conflict') return 'renewed';
    if (attempt >= 5) throw new Error(`partnership ${p.id} changed while renewing`);
  }
}
