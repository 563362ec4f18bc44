import { ok, refuse, type Result } from './result';

/** An invitation bound to a tenant can only be accepted from that tenant (GUIDs compare case-blind). */
export function checkBoundTenant(boundTenantId: string | undefined, acceptorTenantId: string): Result<true> {
  if (boundTenantId && boundTenantId.toLowerCase() !== acceptorTenantId.toLowerCase()) {
    return refuse(
      'wrong_tenant',
      'this invitation is for another organisation; sign in with an account of that organisation',
    );
  }
  return ok(true);
}
