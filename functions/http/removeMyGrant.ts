import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { authenticate } from '../../shared/auth/authenticate';
import { recordsDeps } from '../../shared/customers/cosmosDeps';
import { removeMyGrant } from '../../shared/customers/removeMyGrant';
import { correlationIdOf } from '../../shared/customers/request';
import { tellAccessLostNow } from '../../shared/customers/accessLostNow';
import { promptEmailSender } from '../../shared/email/senderFromConfig';
import { dueItemStore } from '../../shared/store/dueItems';
import { invitationStore } from '../../shared/store/invitations';
import { partnerStore } from '../../shared/store/partners';
import { recordStore } from '../../shared/store/records';
import { storeGrantNoticeContacts } from '../../shared/sweep/grantNoticeContacts';
import { parseInput } from '../../shared/schemas/parse';
import { idParamSchema } from '../../shared/schemas/queries';

/** DELETE /api/me/delegated-admin-grants/{id}: the customer's Global admin removes a grant its tenant gave. */
export async function removeMyGrantHttp(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  const caller = await authenticate(request);
  const { id } = parseInput(idParamSchema, { ...request.params }, 'path');
  const now = new Date();
  const stores = { partners: partnerStore(), records: recordStore(), invitations: invitationStore() };
  const tell = {
    email: promptEmailSender(),
    contacts: storeGrantNoticeContacts(stores),
    dueItems: dueItemStore(),
    log: (m: string) => context.warn(m),
  };
  const tellNow = (g: Parameters<typeof tellAccessLostNow>[1]) => tellAccessLostNow(tell, g, now);
  const meta = { correlationId: correlationIdOf(request, context), now };
  const removed = await removeMyGrant({ ...recordsDeps(), dueItems: dueItemStore(), tellNow }, caller, id, meta);
  return { status: 200, headers: { 'cache-control': 'no-store' }, jsonBody: removed };
}
