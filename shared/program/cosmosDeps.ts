import { config } from '../config';
import { auditLog } from '../store/audit';
import { enrolmentRequestStore } from '../store/enrolmentRequests';
import { mpnClaimStore } from '../store/mpnClaims';
import { cachedInviterProfiles } from '../store/inviterProfileCache';
import { partnerDirectory, partnerStore } from '../store/partners';
import type { ProgramDeps } from './deps';

/**
 * The program's use cases on the process-wide stores. Profiles are read fresh (a change is made
 * over the version read) and written through the inviter-profile cache, which forgets its entry.
 */
export const programDeps = (): ProgramDeps => ({
  partners: { get: (tenantId) => partnerStore().get(tenantId), upsert: (p, o) => cachedInviterProfiles(partnerStore()).upsert(p, o) },
  directory: partnerDirectory(),
  mpnClaims: mpnClaimStore(),
  enrolmentRequests: enrolmentRequestStore(),
  audit: auditLog(),
  operatorTenantId: config().PROGRAM_OPERATOR_TENANT_ID,
  now: () => new Date(),
});
