import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { validateDelegatedAdmin } from '../domain/delegatedAdmin';
import { nameBasedUuid } from '../domain/ids';
import { AppError, unwrap } from '../http/errors';
import type { RoleTemplate, RoleTemplateCreate, RoleTemplatePatch } from '../schemas/roleTemplates';
import type { Versioned } from '../store/cosmosOps';
import type { RoleTemplateDeps } from './ports';

/** Id of a template created with an Idempotency-Key: a repeat finds the first one. */
export const idempotentTemplateId = (tenantId: string, key: string): string =>
  nameBasedUuid(`roleTemplate:${tenantId.toLowerCase()}:${key}`);

/**
 * The delegated admin fields of a template under the invitation's rules (shared/domain/delegatedAdmin.ts), normalised.
 */
function checked(
  fields: Pick<RoleTemplate, 'roles' | 'duration' | 'autoExtend'>,
): Pick<RoleTemplate, 'roles' | 'duration' | 'autoExtend'> {
  return unwrap(
    validateDelegatedAdmin({ roles: fields.roles, duration: fields.duration, autoExtend: fields.autoExtend }),
  );
}

const notFound = () => new AppError('not_found', 'No such role template.');

/** A new template of the caller's tenant (201), or the first one again for a repeated Idempotency-Key. */
export async function createRoleTemplate(
  d: RoleTemplateDeps,
  caller: Caller,
  body: RoleTemplateCreate,
  idempotencyKey?: string,
): Promise<{ template: Versioned<RoleTemplate>; created: boolean }> {
  const id = idempotencyKey ? idempotentTemplateId(caller.tenantId, idempotencyKey) : randomUUID();
  const at = d.now().toISOString();
  const template: RoleTemplate = {
    id,
    partnerTenantId: caller.tenantId,
    name: body.name,
    ...checked(body),
    createdAt: at,
    updatedAt: at,
  };
  const outcome = await d.templates.create(template);
  const stored = await d.templates.get(caller.tenantId, id);
  if (!stored) throw notFound(); // created then deleted meanwhile
  return { template: stored, created: outcome === 'created' };
}

/** The caller's tenant's template; 404 for another tenant's or none. */
export async function getRoleTemplate(
  d: RoleTemplateDeps,
  caller: Caller,
  id: string,
): Promise<Versioned<RoleTemplate>> {
  const found = await d.templates.get(caller.tenantId, id);
  if (!found) throw notFound();
  return found;
}

/**
 * Changes a template over the version read (If-Match, when given, must name it: 412 otherwise).
 * Invitations already sent keep the snapshot they took, and so do their grants.
 */
export async function patchRoleTemplate(
  d: RoleTemplateDeps,
  caller: Caller,
  id: string,
  patch: RoleTemplatePatch,
  ifMatch?: string,
): Promise<Versioned<RoleTemplate>> {
  const current = await getRoleTemplate(d, caller, id);
  if (ifMatch !== undefined && ifMatch !== current.etag)
    throw new AppError('precondition_failed', 'The role template changed since that version.');
  const merged = { ...current.doc, ...patch };
  const next: RoleTemplate = { ...merged, ...checked(merged), updatedAt: d.now().toISOString() };
  const saved = await d.templates.replace(next, current.etag);
  if (saved === 'conflict')
    throw new AppError('precondition_failed', 'The role template changed meanwhile; read it again.');
  return saved;
}

/** Deletes a template (If-Match optional); invitations that named it keep their snapshot. */
export async function deleteRoleTemplate(
  d: RoleTemplateDeps,
  caller: Caller,
  id: string,
  ifMatch?: string,
): Promise<void> {
  const current = await getRoleTemplate(d, caller, id);
  if (ifMatch !== undefined && ifMatch !== current.etag)
    throw new AppError('precondition_failed', 'The role template changed since that version.');
  const outcome = await d.templates.delete(caller.tenantId, id, current.etag);
  if (outcome === 'conflict')
    throw new AppError('precondition_failed', 'The role template changed meanwhile; read it again.');
  if (outcome === 'absent') throw notFound();
}
