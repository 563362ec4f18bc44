import { AppError } from '../http/errors';
import type { DelegatedAdminRequest } from '../domain/invitation';
import type { RoleTemplateStore } from '../store/roleTemplates';

/** What an invitation body says about delegated admin privileges, with an optional template. */
export interface TemplateNaming {
  includeDelegatedAdmin: boolean;
  delegatedAdmin?: DelegatedAdminRequest | undefined;
  roleTemplateId?: string | undefined;
}

/**
 * An invitation naming `roleTemplateId` gets a copy of the template's roles, duration and
 * auto-extension as its own delegatedAdmin: a snapshot, so editing or deleting the template later
 * changes neither the pending invitation nor the grant its acceptance records. A template is the
 * inviter's own (another tenant's is as unknown as none); it cannot be combined with delegatedAdmin
 * nor with includeDelegatedAdmin false.
 */
export async function withTemplateSnapshot<T extends TemplateNaming>(
  templates: RoleTemplateStore | undefined,
  partnerTenantId: string,
  body: T,
): Promise<Omit<T, 'roleTemplateId'>> {
  const { roleTemplateId, ...rest } = body;
  if (roleTemplateId === undefined) return rest;
  if (body.delegatedAdmin)
    throw new AppError('bad_request', 'Name either delegatedAdmin or roleTemplateId, not both.', {
      issues: [{ path: 'roleTemplateId', message: 'not together with delegatedAdmin' }],
    });
  if (!body.includeDelegatedAdmin)
    throw new AppError(
      'bad_request',
      'A role template asks for delegated admin privileges: includeDelegatedAdmin cannot be false.',
      { issues: [{ path: 'roleTemplateId', message: 'not with includeDelegatedAdmin false' }] },
    );
  const found = templates ? await templates.get(partnerTenantId, roleTemplateId) : undefined;
  if (!found) throw new AppError('role_template_not_found', 'No role template of yours has that id.');
  const { roles, duration, autoExtend } = found.doc;
  return { ...rest, delegatedAdmin: { roles: [...roles], duration, autoExtend } };
}
