import type { Caller } from '../auth/caller';
import { userActor } from '../domain/invitation';
import { AppError } from '../http/errors';
import type { PartnerContactsPatch } from '../schemas/partner';
import type { StoredPartner } from '../store/partners';
import type { ProgramDeps } from './ports';

/**
 * A partner changes its own contact details (notification contacts, support email and phone);
 * nothing else of its profile is its to change. With If-Match the change applies only over that
 * version; without, over the version just read (412 if it changed in between).
 */
export async function updatePartnerContacts(
  d: Pick<ProgramDeps, 'partners' | 'audit' | 'now'>,
  caller: Caller,
  patch: PartnerContactsPatch,
  ifMatch?: string,
): Promise<StoredPartner> {
  const existing = await d.partners.get(caller.tenantId);
  if (!existing) throw new AppError('partner_not_enrolled', 'Your organisation is not enrolled in the program.');
  const saved = await d.partners.upsert({ ...existing.partner, ...patch }, { ifMatch: ifMatch ?? existing.etag });
  await d.audit.append(
    [caller.tenantId],
    {
      at: d.now().toISOString(),
      actor: userActor(caller),
      action: 'partner.contactsUpdated',
      subject: { type: 'partner', id: caller.tenantId },
      correlationId: saved.etag,
      detail: { fields: Object.keys(patch).join(',') },
    },
    `partner.contactsUpdated:${caller.tenantId}:${saved.etag}`,
  );
  return saved;
}
