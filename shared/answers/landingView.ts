import { acceptancePortal, type AcceptancePortal } from '../domain/cloudRules';
import { durationDays, roleDisplayNames } from '../domain/delegatedAdmin';
import { effectiveStatus } from '../domain/effectiveStatus';
import { guidSchema } from '../schemas/common';
import type { AnswerDeps } from './ports';

/** What the landing page shows about a pending invitation (nothing secret: the token is never here). */
export interface LandingView {
  invitationId: string;
  /** A partnership request is answered by a reseller's partner admin, not by a customer; a renewal extends a grant. */
  kind: 'customer' | 'partnership' | 'renewal';
  partner: { name: string; country: string };
  /** Multi-party: the indirect provider that joins. */
  provider?: { name: string };
  recipientName?: string;
  /** Admin privileges asked for: role display names, days, auto-extension. */
  delegatedAdmin?: { roles: string[]; days: number; autoExtend: boolean };
  /** 'onRecord' only when the invitation is bound to a customer that already accepted it. */
  agreement: 'onRecord' | 'required' | 'unknown';
  portal: AcceptancePortal;
  expiresAt: string;
}

/**
 * The landing page's view of an invitation, or undefined for every id that cannot be answered
 * (malformed, unknown, answered, revoked, expired), so they all get the
 * same neutral page. Reads only: a GET (mail scanners open links first) changes nothing.
 */
export async function landingView(
  deps: Pick<AnswerDeps, 'invitations' | 'partners' | 'records'>,
  id: string,
  now: Date,
): Promise<LandingView | undefined> {
  const parsed = guidSchema.safeParse(id);
  if (!parsed.success) return undefined;
  const found = await deps.invitations.get(parsed.data);
  if (!found || effectiveStatus(found.doc, now) !== 'pending') return undefined;
  const invitation = found.doc;
  const inviter = await deps.partners.get(invitation.partnerTenantId);
  const provider = invitation.providerTenantId ? await deps.partners.get(invitation.providerTenantId) : undefined;
  if (!inviter || (invitation.providerTenantId && !provider)) return undefined;

  const view: LandingView = {
    invitationId: invitation.id,
    kind: invitation.kind === 'partnership' || invitation.kind === 'renewal' ? invitation.kind : 'customer',
    partner: { name: inviter.partner.name, country: inviter.partner.country },
    agreement: 'unknown',
    portal: acceptancePortal(inviter.partner.cloud),
    expiresAt: invitation.expiresAt,
  };
  if (provider) view.provider = { name: provider.partner.name };
  if (invitation.recipientName) view.recipientName = invitation.recipientName;
  if (invitation.includeDelegatedAdmin && invitation.delegatedAdmin) {
    const da = invitation.delegatedAdmin;
    view.delegatedAdmin = {
      roles: roleDisplayNames(da.roles),
      days: durationDays(da.duration) ?? 0,
      autoExtend: da.autoExtend,
    };
  }
  if (invitation.customerTenantId && invitation.kind !== 'partnership') {
    const customer = await deps.records.customer(invitation.customerTenantId);
    view.agreement = customer?.doc.agreementAcceptedAt ? 'onRecord' : 'required';
  }
  return view;
}
