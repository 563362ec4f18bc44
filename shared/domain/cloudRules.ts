import type { Cloud } from './partner';
import { ok, refuse, type Result } from './result';

/**
 * Clouds where a relationship without admin privileges is not offered (seed 002: "not available
 * for partners operating in Microsoft Cloud for US Government or Microsoft Cloud Germany").
 */
export const cloudsRequiringAdminPrivileges: readonly Cloud[] = ['usgov', 'germany'];

/** The cloud rule: in a national cloud every relationship request includes admin privileges. */
export function checkCloudRule(cloud: Cloud, includeDelegatedAdmin: boolean): Result<true> {
  if (!includeDelegatedAdmin && cloudsRequiringAdminPrivileges.includes(cloud)) {
    return refuse(
      'admin_privileges_required',
      `in the ${cloud} cloud a relationship request must include delegated admin privileges`,
    );
  }
  return ok(true);
}

/** Where a customer normally accepts a reseller relationship in a cloud (seed 002's table). */
export interface AcceptancePortal {
  name: string;
  url: string;
}

/** The portal per cloud, as data: public → Microsoft 365 admin center; national → Office admin portal. */
export const acceptancePortals: Readonly<Record<Cloud, AcceptancePortal>> = Object.freeze({
  public: { name: 'Microsoft 365 admin center', url: 'https://admin.microsoft.com' },
  usgov: {
    name: 'Microsoft Office admin portal (Microsoft Cloud for US Government)',
    url: 'https://portal.office365.us',
  },
  germany: { name: 'Microsoft Office admin portal (Microsoft Cloud Germany)', url: 'https://portal.office.de' },
});

/** Where customers of this cloud normally accept, for the landing page. */
export function acceptancePortal(cloud: Cloud): AcceptancePortal {
  return acceptancePortals[cloud];
}
