import type { Actor } from '../domain/invitation';
import type { Partner } from '../domain/partner';
import type { ProgramDeps } from './ports';

/**
 * Writes an operator action into the operator's and the partner's trails. The key names the
 * action and the version it produced, so a request repeated after a crash (which finds the change
 * already made and the same version) lands its entry once.
 */
export async function auditProgramAction(
  d: Pick<ProgramDeps, 'audit' | 'operatorTenantId' | 'now'>,
  by: Actor,
  action: string,
  partnerTenantId: string,
  version: string,
  detail: Record<string, string> = {},
  /** The partner as this action left it (GET /api/partner's view): the event's data. */
  resource?: Partner,
): Promise<void> {
  const tenants = [
    partnerTenantId,
    ...(d.operatorTenantId ? [d.operatorTenantId] : []),
    ...(by.tenantId ? [by.tenantId] : []),
  ];
  await d.audit.append(
    tenants,
    {
      at: d.now().toISOString(),
      actor: by,
      action,
      subject: { type: 'partner', id: partnerTenantId },
      correlationId: `${action}:${partnerTenantId}`,
      detail,
      ...(resource ? { resource } : {}),
    },
    `${action}:${partnerTenantId}:${version}`,
  );
}
