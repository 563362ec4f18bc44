import { can, createInvitationAction, principalsOf } from '../auth/roles';
import type { Caller } from '../auth/caller';
import type { DelegatedAdminRequest } from '../domain/invitation';
import type { Partner } from '../domain/partner';
import { batchRowSchema, type BatchRow, type StoredRow } from '../schemas/invitationBatches';
import type { RoleTemplateStore } from '../store/roleTemplates';
import { FIELD_COUNT } from './readRows';

/** A row as the batch keeps it: its input and, for a row naming a template, the snapshot taken at submission. */
export type CheckedRow = StoredRow;

const reject = (row: number, code: string, message: string): CheckedRow => ({
  row,
  state: 'rejected',
  error: { code, message },
});

/**
 * Checks every row on its own before anything is created: its fields, its kind against the
 * inviter's kind, the caller's roles for what it asks, its role template (the caller's own; its
 * roles, duration and auto-extension copied now, so editing the template later changes no row).
 * A bad row is rejected with its number (1 = the first data row); the others go on. The program's
 * other rules (region, cloud, partnership) are checked again when each invitation is created.
 */
export async function validateRows(
  raw: readonly unknown[],
  caller: Caller,
  inviter: Partner,
  templates: RoleTemplateStore,
): Promise<CheckedRow[]> {
  const held = principalsOf({ roles: caller.roles, wids: caller.wids });
  const snapshots = new Map<string, DelegatedAdminRequest | undefined>();
  const snapshot = async (id: string) => {
    if (!snapshots.has(id)) {
      const t = (await templates.get(caller.tenantId, id))?.doc;
      snapshots.set(id, t ? { roles: [...t.roles], duration: t.duration, autoExtend: t.autoExtend } : undefined);
    }
    return snapshots.get(id);
  };
  const out: CheckedRow[] = [];
  for (const [i, value] of raw.entries()) {
    const row = i + 1;
    if (value && typeof value === 'object' && FIELD_COUNT in value) {
      out.push(
        reject(
          row,
          'bad_request',
          `the record has ${(value as Record<string, number>)[FIELD_COUNT]} fields, not as many as the header`,
        ),
      );
      continue;
    }
    const parsed = batchRowSchema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((x) => `${x.path.map(String).join('.') || 'row'}: ${x.message}`);
      out.push(reject(row, 'bad_request', issues.join('; ')));
      continue;
    }
    const input: BatchRow = parsed.data;
    if (input.kind === 'partnership') {
      if (inviter.kind !== 'indirectProvider')
        out.push(reject(row, 'partner_kind_not_allowed', 'only an indirect provider sends partnership requests'));
      else if (input.roleTemplateId || input.customerTenantId)
        out.push(reject(row, 'bad_request', 'a partnership row names no roleTemplateId nor customerTenantId'));
      else if (!can(held, 'partnership.request'))
        out.push(reject(row, 'forbidden', 'your role does not allow partnership.request'));
      else out.push({ row, state: 'pending', input });
      continue;
    }
    if (input.resellerTenantId) {
      out.push(reject(row, 'bad_request', 'resellerTenantId is for partnership rows'));
      continue;
    }
    const action = createInvitationAction(input.roleTemplateId !== undefined);
    if (!can(held, action)) {
      out.push(reject(row, 'forbidden', `your role does not allow ${action}`));
      continue;
    }
    if (input.roleTemplateId) {
      const delegatedAdmin = await snapshot(input.roleTemplateId);
      if (!delegatedAdmin) {
        out.push(reject(row, 'role_template_not_found', 'no role template of yours has that id'));
        continue;
      }
      out.push({ row, state: 'pending', input, delegatedAdmin });
      continue;
    }
    out.push({ row, state: 'pending', input });
  }
  return out;
}
