import { contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import type { ProductStack } from './productStack';
import { enrolPartner, operatorAuth } from './enrolment';

/** The demo direct partner's Global admin, with its profile put (US, public cloud): its Authorization header. */
export async function directPartnerAdmin(stack: ProductStack): Promise<Record<string, string>> {
  const admin = demoUsers.find(
    (u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin'),
  ) as DemoUser;
  const headers = await stack.bearer(admin);
  await enrolPartner(stack.url, await operatorAuth(stack), contosoDirect);
  return headers;
}
