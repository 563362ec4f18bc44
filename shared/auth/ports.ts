import type { Partner } from '../domain/partner';

// The port of authorization: what it reads besides the token. The real adapter is built in
// functions/compose/authDeps.ts and installed once (shared/auth/partnerStanding.ts); tests install fakes.

/** The partner's enrolment and standing by tenant: undefined when the program never enrolled it. */
export type PartnerStandingLookup = (tenantId: string) => Promise<Pick<Partner, 'status'> | undefined>;
