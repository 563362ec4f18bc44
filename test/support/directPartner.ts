import { contosoDirect, type DemoUser, demoUsers } from '../../infra/local/identity/demoDirectory';
import { call } from './hostProcess';
import type { ProductStack } from './productStack';

/** The demo direct partner's Global admin, with its profile put (US, public cloud): its Authorization header. */
export async function directPartnerAdmin(stack: ProductStack): Promise<Record<string, string>> {
  const admin = demoUsers.find((u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin')) as DemoUser;
  const headers = await stack.bearer(admin);
  const profile = { name: contosoDirect.name, kind: 'direct', mpnId: contosoDirect.mpnId, country: 'US', cloud: 'public' };
  const put = await call(`${stack.url}/api/partner`, { method: 'PUT', json: profile, headers });
  if (put.status !== 200) throw new Error(`PUT /api/partner: ${put.status}`);
  return headers;
}
