import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/caller';
import { createInvitation, type NewInvitationInput } from '../domain/createInvitation';
import { idempotentInvitationId } from '../domain/ids';
import { userActor, type Invitation } from '../domain/invitation';
import type { Partner } from '../domain/partner';
import { unwrap } from '../http/errors';
import { deriveInvitationToken, hashToken } from '../domain/token';
import { requireEnrolledPartner } from '../auth/requireEnrolledPartner';
import type { IssueInvitationDeps } from './ports';

/** What one kind of invitation asks for, before ids, token and the creating actor are added. */
export type InvitationAsk = Omit<
  NewInvitationInput,
  'id' | 'inviter' | 'createdBy' | 'tokenHash' | 'idempotencyKey' | 'reminderDaysBefore'
>;

/** How a kind builds its invitation once the inviter's profile is known. */
export interface IssueSpec {
  /** Checks needing stored data (e.g. the partnership of a multi-party invitation); only when creating. */
  ask(inviter: Partner): Promise<InvitationAsk>;
}

/** The inviter's own profile: 403 when the program has not enrolled the tenant or has suspended it. */
export async function inviterProfile(d: Pick<IssueInvitationDeps, 'partners'>, caller: Caller): Promise<Partner> {
  const inviter = (await d.partners.get(caller.tenantId))?.partner;
  requireEnrolledPartner(inviter, 'invitation.create.withoutAdmin');
  return inviter as Partner;
}

/**
 * The machinery every invitation kind shares: an Idempotency-Key maps to one id (a repeat returns
 * the first invitation and sends no second email), a new invitation takes one of the inviter's
 * sends of the hour (429, nothing written, when none is left), the invitation is written with only
 * its token's hash, indexed and given its deadline, then its orchestration is started.
 */
export async function issueInvitation(
  d: IssueInvitationDeps,
  caller: Caller,
  spec: IssueSpec,
  idempotencyKey?: string,
): Promise<{ invitation: Invitation; created: boolean }> {
  const inviter = await inviterProfile(d, caller);
  const id = idempotencyKey ? idempotentInvitationId(caller.tenantId, idempotencyKey) : randomUUID();
  const existing = idempotencyKey ? await d.invitations.get(id) : undefined;
  if (existing) {
    // A replay may follow a crash between the invitation's write and the others: the index entry
    // and deadline are written again (idempotent upserts) before the start, so a started
    // orchestration always has both, and the email activity never has to repair the index.
    if (existing.doc.status === 'pending') await startPending(d, existing.doc);
    return { invitation: existing.doc, created: false };
  }
  const ask = await spec.ask(inviter);
  const invitation = unwrap(
    createInvitation(
      {
        ...ask,
        id,
        inviter,
        createdBy: userActor(caller),
        reminderDaysBefore: d.reminderDaysBefore,
        tokenHash: hashToken(deriveInvitationToken(d.tokenSecret, id)),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      },
      d.now(),
    ),
  );
  // Taken once the rules passed and before anything is written; a replay returned above and is
  // never counted, and a concurrent twice-sent key that loses the create gives its send back.
  const giveBack = await d.sends.take(invitation.partnerTenantId);
  let created = false;
  try {
    // The sweep's item first, due a few minutes on: should the process die after the invitation's
    // write (and the request not be retried with its Idempotency-Key), the sweep then lists it and
    // starts its orchestration, rather than it staying pending, unemailed and unlisted for ever.
    // Otherwise the sweep moves the item to the deadline (shared/sweep/sweepInvitation.ts).
    await d.dueItems.put({
      ...deadlineOf(invitation),
      dueAt: new Date(Math.min(d.now().getTime() + START_CHECK_MS, Date.parse(invitation.expiresAt))).toISOString(),
    });
    created = (await d.invitations.create(invitation)) === 'created';
  } finally {
    if (!created) giveBack();
  }
  const stored = created ? invitation : ((await d.invitations.get(id))?.doc ?? invitation);
  // Three writes in all (sweep item, invitation, index); the 'invitation.created' audit entry is
  // appended by the first email activity from the stored createdAt/createdBy, off this path.
  if (stored.status === 'pending') await startPending(d, stored, { sweepItemWritten: created });
  return { invitation: stored, created };
}

/** How soon after a create the sweep checks that its orchestration was started. */
export const START_CHECK_MS = 10 * 60_000;

const deadlineOf = (invitation: Invitation) => ({
  kind: 'invitationDeadline' as const,
  targetId: invitation.id,
  dueAt: invitation.expiresAt,
});

/**
 * The partner's index entry and the deadline item (idempotent upserts), then the orchestration. Done
 * on every call for a pending invitation: after a crash between the invitation's write and the start,
 * a retry completes it. A fresh create skips the deadline item: the sweep's item it wrote first
 * becomes the deadline item once the sweep has seen the orchestration. Never for an answered one: the
 * extension lets a new start replace a finished instance, which would wait for an answer again.
 */
async function startPending(
  d: IssueInvitationDeps,
  invitation: Invitation,
  o: { sweepItemWritten: boolean } = { sweepItemWritten: false },
): Promise<void> {
  await Promise.all([d.index.put(invitation), ...(o.sweepItemWritten ? [] : [d.dueItems.put(deadlineOf(invitation))])]);
  await d.startOrchestration(invitation);
}
