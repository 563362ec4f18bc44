import type { AuditLog } from '../store/audit';
import type { EnrolmentRequestStore } from '../store/enrolmentRequests';
import type { MpnClaimStore } from '../store/mpnClaims';
import type { PartnerDirectory, PartnerStore } from '../store/partners';

/**
 * Ports of the program's use cases: enrolment, standing, the enrolment queue
 * (functions/compose/programDeps.ts builds the real ones).
 */
export interface ProgramDeps {
  partners: PartnerStore;
  directory: PartnerDirectory;
  mpnClaims: MpnClaimStore;
  enrolmentRequests: EnrolmentRequestStore;
  audit: Pick<AuditLog, 'append'>;
  /** The operator's tenant: its audit trail holds every operator action. */
  operatorTenantId: string | undefined;
  now: () => Date;
}
