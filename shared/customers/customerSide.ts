import type { Caller } from '../auth/caller';
import { requireRole, type Action } from '../auth/roles';

/**
 * Customer-side actions are for the customer tenant's Global administrator (the matrix's
 * TenantGlobalAdmin), on its own tenant only.
 */
export function requireCustomerGlobalAdmin(
  caller: Caller,
  action: Extract<Action, 'customer.partners.read' | 'customer.grant.remove'>,
): void {
  requireRole(caller, action);
}
