import { renewedGrant } from '../domain/grantRenewal';
import type { Invitation } from '../domain/invitation';
import { AppError, unwrap } from '../http/errors';
import type { AnswerDeps } from './ports';

/**
 * A renewal is accepted only while its grant is in force: one removed by the customer or ended
 * since the request is not revived by a late acceptance (409 grant_not_active, nothing stored).
 */
export async function checkRenewalStillApplies(
  deps: Pick<AnswerDeps, 'records'>,
  invitation: Invitation,
  now: Date,
): Promise<void> {
  const found =
    invitation.customerTenantId && invitation.grantId
      ? await deps.records.grant(invitation.customerTenantId, invitation.grantId)
      : undefined;
  if (!found) throw new AppError('grant_not_active', 'the grant this renewal was asked for no longer exists');
  unwrap(renewedGrant(found.doc, invitation, now));
}
