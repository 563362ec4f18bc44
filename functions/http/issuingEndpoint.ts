import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Invitation } from '../../shared/domain/invitation';
import { invitationView } from '../../shared/invitations/invitationView';
import { idempotencyKeySchema } from '../../shared/schemas/common';
import { parseInput } from '../../shared/schemas/parse';

/** The Idempotency-Key header of a creating request, parsed (undefined when absent). */
export function idempotencyKeyOf(request: HttpRequest): string | undefined {
  const raw = request.headers.get('idempotency-key');
  return raw === null ? undefined : parseInput(idempotencyKeySchema, raw, 'Idempotency-Key header');
}

/** 202 with the invitation and its Location; a replayed Idempotency-Key says so. */
export function acceptedInvitation(
  callerTenantId: string,
  result: { invitation: Invitation; created: boolean },
): HttpResponseInit {
  const { invitation, created } = result;
  if (invitation.partnerTenantId !== callerTenantId) throw new Error('idempotency key collision across tenants');
  return {
    status: 202,
    headers: {
      location: `/api/invitations/${invitation.id}`,
      'cache-control': 'no-store',
      ...(created ? {} : { 'idempotent-replayed': 'true' }),
    },
    jsonBody: invitationView(invitation, new Date()),
  };
}
