import * as df from 'durable-functions';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { config } from '../../shared/config';
import { readJsonBody } from '../../shared/http/body';
import { withProblems } from '../../shared/http/handler';
import { startInvitationOrchestration } from '../../shared/invitations/durable';
import { sendInvitation } from '../../shared/invitations/sendInvitation';
import { invitationView } from '../../shared/invitations/view';
import { idempotencyKeySchema } from '../../shared/schemas/common';
import { invitationCreateSchema } from '../../shared/schemas/invitations';
import { parseInput } from '../../shared/schemas/parse';
import { auditLog } from '../../shared/store/audit';
import { dueItemStore } from '../../shared/store/dueItems';
import { invitationIndex } from '../../shared/store/invitationIndex';
import { invitationStore } from '../../shared/store/invitations';
import { partnerStore } from '../../shared/store/partners';

/** POST /api/invitations: 202 with the invitation; its orchestration emails it. */
export async function createInvitationHandler(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  const body = parseInput(invitationCreateSchema, await readJsonBody(request));
  const rawKey = request.headers.get('idempotency-key');
  const key = rawKey === null ? undefined : parseInput(idempotencyKeySchema, rawKey, 'Idempotency-Key header');
  const c = config();
  const { invitation, created } = await sendInvitation(
    {
      invitations: invitationStore(),
      index: invitationIndex(),
      dueItems: dueItemStore(),
      audit: auditLog(),
      partners: partnerStore(),
      tokenSecret: c.INVITATION_TOKEN_SECRET,
      reminderDaysBefore: c.REMINDER_DAYS_BEFORE_EXPIRY,
      startOrchestration: (i) => startInvitationOrchestration(context, i),
      now: () => new Date(),
    },
    caller,
    body,
    key,
  );
  if (invitation.partnerTenantId !== caller.tenantId) throw new Error('idempotency key collision across tenants');
  return {
    status: 202,
    headers: { location: `/api/invitations/${invitation.id}`, 'cache-control': 'no-store', ...(created ? {} : { 'idempotent-replayed': 'true' }) },
    jsonBody: invitationView(invitation, new Date()),
  };
}

app.http('createInvitation', { route: 'invitations', methods: ['POST'], authLevel: 'anonymous', extraInputs: [df.input.durableClient()], handler: withProblems(createInvitationHandler) });
