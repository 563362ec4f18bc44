import { answerAudit } from '../answers/answerAudit';
import type { Invitation } from '../domain/invitation';
import type { SweepDeps } from './ports';

const ANSWERED = new Set(['accepted', 'declined', 'revoked']);

/**
 * Completes what the request that stored an answer may have left: its audit entry and the
 * partner's list entry, when that request died between storing the answer and writing them and
 * nobody sent it again. The list entry is written last (by the request and here), so a list that
 * shows the stored status says the audit entry is there too: one point read in the usual case
 * (of the list entry, or of the audit entry once the acceptance is recorded).
 */
export async function republishAnswer(d: Pick<SweepDeps, 'index' | 'audit'>, invitation: Invitation): Promise<boolean> {
  const audit = answerAudit(invitation);
  // Recorded: the list says so already (the recording wrote it), but an acceptance whose request
  // died before its audit entry can be recorded by its orchestration at the deadline before this
  // follow-up comes: the entry itself is looked up.
  if (invitation.status === 'recorded') {
    if (!audit || (await d.audit.has(invitation.partnerTenantId, audit.key))) return false;
    await d.audit.append(audit.tenants, audit.entry, audit.key);
    return true;
  }
  if (!ANSWERED.has(invitation.status)) return false;
  if ((await d.index.status(invitation)) === invitation.status) return false;
  if (audit) await d.audit.append(audit.tenants, audit.entry, audit.key);
  await d.index.put(invitation);
  return true;
}
