import { GLOBAL_ADMINISTRATOR } from './directoryRoles';
import { ok, refuse, type Result } from './result';

/** Whether directory role ids (the token's `wids`) include Global Administrator. */
export function isCustomerGlobalAdmin(wids: readonly string[]): boolean {
  return wids.some((w) => w.toLowerCase() === GLOBAL_ADMINISTRATOR);
}

/** Only a customer Global admin may answer an invitation or remove what its tenant granted. */
export function checkCustomerGlobalAdmin(wids: readonly string[]): Result<true> {
  return isCustomerGlobalAdmin(wids)
    ? ok(true)
    : refuse('customer_global_admin_required', 'only a Global Administrator of your organisation can do this');
}
