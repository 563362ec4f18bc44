import type { PartnerStandingLookup } from './ports';

// authorize() is called from every signed-in handler as authorize(request, action): rather than
// thread a store through each of them, the composition root (functions/compose/authDeps.ts) installs
// the lookup once, when the first HTTP function loads (functions/register.ts). A call before that is
// a wiring mistake and fails loudly instead of reading a store from here.
let installed: PartnerStandingLookup | undefined;

/** Installs the partner-standing lookup authorization reads (the composition root; tests a fake). */
export function installPartnerStanding(lookup: PartnerStandingLookup): void {
  installed = lookup;
}

/** The installed lookup's answer for the tenant. */
export function partnerStanding(tenantId: string): ReturnType<PartnerStandingLookup> {
  if (!installed) throw new Error('No partner-standing lookup installed (functions/compose/authDeps.ts installs it)');
  return installed(tenantId);
}
