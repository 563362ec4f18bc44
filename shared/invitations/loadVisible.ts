import type { Caller } from '../auth/caller';
import type { Invitation } from '../domain/invitation';
import { AppError } from '../http/errors';
import { guidSchema } from '../schemas/common';
import type { InvitationStore } from '../store/invitations';
import { visibleTo } from './invitationView';

/** The invitation if the caller's tenant may see it; otherwise the same 404 as an unknown id. */
export async function loadVisibleInvitation(
  store: InvitationStore,
  caller: Caller,
  rawId: string | undefined,
): Promise<Invitation> {
  const id = guidSchema.safeParse(rawId);
  const stored = id.success ? await store.get(id.data) : undefined;
  if (!stored || !visibleTo(stored.doc, caller.tenantId)) throw new AppError('not_found', 'No such invitation.');
  return stored.doc;
}
