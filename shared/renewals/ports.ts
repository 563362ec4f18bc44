import type { IssueInvitationDeps } from '../invitations/ports';
import type { RecordStore } from '../store/records';

/**
 * What asking for a grant's renewal needs: what issuing any invitation needs, and the grant
 * (functions/compose/renewalsDeps.ts builds the real ones).
 */
export interface RequestRenewalDeps extends IssueInvitationDeps {
  records: Pick<RecordStore, 'grant'>;
}
