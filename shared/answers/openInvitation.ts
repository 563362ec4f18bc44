import type { Invitation } from '../domain/invitation';
import { tokensMatch } from '../domain/token';
import { guidSchema } from '../schemas/common';
import type { Versioned } from '../store/cosmosOps';
import type { AnswerDeps } from './deps';
import { unavailable } from './unavailable';

/**
 * The invitation a link names, when the id is well formed, the invitation exists and the token is
 * its own (SHA-256 compared in constant time); otherwise the one neutral refusal.
 */
export async function openInvitation(deps: Pick<AnswerDeps, 'invitations'>, id: string, token: string): Promise<Versioned<Invitation>> {
  const parsed = guidSchema.safeParse(id);
  if (!parsed.success) throw unavailable();
  const found = await deps.invitations.get(parsed.data);
  if (!found || !tokensMatch(found.doc.tokenHash, token)) throw unavailable();
  return found;
}
