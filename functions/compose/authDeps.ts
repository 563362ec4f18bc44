// Authorization's composition root: the partner-standing lookup (shared/auth/ports.ts) on the
// process-wide partner store, through the profile cache a burst of requests shares. Installed by
// functions/register.ts when the first HTTP function loads; building it reads no setting.
import { installPartnerStanding } from '../../shared/auth/partnerStanding';
import type { PartnerStandingLookup } from '../../shared/auth/ports';
import { cachedInviterProfiles } from '../../shared/store/inviterProfileCache';
import { partnerStore } from '../../shared/store/partners';

/** The caller's partner profile (one cached point read), as authorize() and authorizeWebhooks() read it. */
export const partnerStandingLookup = (): PartnerStandingLookup => async (tenantId) =>
  (await cachedInviterProfiles(partnerStore()).get(tenantId))?.partner;

/** Installs authorization's ports; idempotent (every HTTP function's loader calls it). */
export function installAuthDeps(): void {
  installPartnerStanding(partnerStandingLookup());
}
