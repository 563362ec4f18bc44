import type { Caller } from '../auth/caller';
import { isCustomerGlobalAdmin } from '../auth/caller';
import { AppError } from '../http/errors';

/** Customer-side actions are for the customer tenant's Global administrator, on its own tenant only. */
export function requireCustomerGlobalAdmin(caller: Caller): void {
  if (!isCustomerGlobalAdmin(caller)) {
    throw new AppError('customer_global_admin_required', "Only a Global administrator of your organisation may do this.");
  }
}
