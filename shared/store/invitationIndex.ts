import type { Container } from '@azure/cosmos';
import type { Invitation, InvitationKind, InvitationStatus } from '../domain/invitation';
import { containers } from './containers';
import { appDatabase } from './database';
import { queryPage, readItem } from './cosmosOps';

/** What a partner's invitation list shows; the full invitation is one point read away. */
export interface InvitationSummary {
  id: string;
  partnerTenantId: string;
  invitationId: string;
  kind: InvitationKind;
  role: 'inviter' | 'provider';
  recipientEmail: string;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
}

/** Port: per-partner invitation summaries (written on each status change; upserts are idempotent). */
export interface InvitationIndex {
  put(invitation: Invitation): Promise<void>;
  /**
   * The status the list shows for an invitation (its summary written last by `put`, so a right one
   * means every summary is right); undefined when it is not listed.
   */
  status(invitation: Invitation): Promise<InvitationStatus | undefined>;
  list(
    partnerTenantId: string,
    filter: { status?: InvitationStatus; kind?: InvitationKind; pageSize: number; continuationToken?: string },
  ): Promise<{ items: InvitationSummary[]; continuationToken?: string }>;
}

/** The summaries an invitation has: the inviter's, and for a multi-party one the provider's too. */
export function summariesOf(i: Invitation): InvitationSummary[] {
  const base = {
    invitationId: i.id,
    kind: i.kind,
    recipientEmail: i.recipientEmail,
    status: i.status,
    createdAt: i.createdAt,
    expiresAt: i.expiresAt,
  };
  const out: InvitationSummary[] = [{ ...base, id: i.id, partnerTenantId: i.partnerTenantId, role: 'inviter' }];
  if (i.providerTenantId) out.push({ ...base, id: i.id, partnerTenantId: i.providerTenantId, role: 'provider' });
  return out;
}

export function cosmosInvitationIndex(container: Container): InvitationIndex {
  return {
    async put(invitation) {
      for (const s of summariesOf(invitation)) await container.items.upsert(s);
    },
    async status(invitation) {
      const last = summariesOf(invitation).at(-1) as InvitationSummary;
      return (await readItem<InvitationSummary>(container, last.id, last.partnerTenantId, 'partnerTenantId'))?.doc
        .status;
    },
    list(partnerTenantId, f) {
      const clauses: string[] = [];
      const parameters: Array<{ name: string; value: string }> = [];
      if (f.status) {
        clauses.push('c.status = @status');
        parameters.push({ name: '@status', value: f.status });
      }
      if (f.kind) {
        clauses.push('c.kind = @kind');
        parameters.push({ name: '@kind', value: f.kind });
      }
      const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
      return queryPage<InvitationSummary>(
        container,
        { field: 'partnerTenantId', value: partnerTenantId },
        `SELECT * FROM c ${where} ORDER BY c.createdAt DESC`,
        parameters,
        f.pageSize,
        f.continuationToken,
      );
    },
  };
}

let shared: InvitationIndex | undefined;
export function invitationIndex(): InvitationIndex {
  shared ??= cosmosInvitationIndex(appDatabase().container(containers.invitationIndex.id));
  return shared;
}
