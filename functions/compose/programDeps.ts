import type { NotifyApplicantDeps } from '../activities/notifyApplicant';
import { config } from '../../shared/config';
import { emailSender } from '../../shared/email/senderFromConfig';
import { auditLog } from '../../shared/store/audit';
import { enrolmentRequestStore } from '../../shared/store/enrolmentRequests';
import { mpnClaimStore } from '../../shared/store/mpnClaims';
import { cachedInviterProfiles } from '../../shared/store/inviterProfileCache';
import { partnerDirectory, partnerStore } from '../../shared/store/partners';
import type { ProgramDeps } from '../../shared/program/ports';

/**
 * The program's use cases on the process-wide stores. Profiles are read fresh (a change is made
 * over the version read) and written through the inviter-profile cache, which forgets its entry.
 */
export const programDeps = (): ProgramDeps => ({
  partners: {
    get: (tenantId) => partnerStore().get(tenantId),
    upsert: (p, o) => cachedInviterProfiles(partnerStore()).upsert(p, o),
  },
  directory: partnerDirectory(),
  mpnClaims: mpnClaimStore(),
  enrolmentRequests: enrolmentRequestStore(),
  audit: auditLog(),
  operatorTenantId: config().PROGRAM_OPERATOR_TENANT_ID,
  now: () => new Date(),
});

/** The enrolment outcome email (the notifyApplicant activity). */
export const notifyApplicantDeps = (): NotifyApplicantDeps => ({
  requests: enrolmentRequestStore(),
  emailSender: emailSender(),
});

/** The caller's own partner profile, read fresh. */
export const partnerProfiles = (): Pick<ProgramDeps['partners'], 'get'> => partnerStore();
