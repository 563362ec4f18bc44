import type { InvocationContext } from '@azure/functions';
import type { RequestRenewalDeps } from '../../shared/renewals/ports';
import { recordStore } from '../../shared/store/records';
import { issueInvitationDeps } from './invitationsDeps';

/** A renewal request is issued like any invitation, after reading the grant it renews. */
export function requestRenewalDeps(context: InvocationContext): RequestRenewalDeps {
  return { ...issueInvitationDeps(context), records: recordStore() };
}
