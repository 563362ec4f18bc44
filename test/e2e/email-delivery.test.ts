// Email delivery status (issue 17) end to end: the local email sink reports each send as ACS does,
// an EmailDeliveryReportReceived event posted to the host's Event Grid webhook
// (/runtime/webhooks/eventgrid?functionName=EmailDeliveryReport), and the Event Grid–triggered
// function records it on the invitation's timeline; a bounce tells the inviter (email and the
// invitation.bounced webhook event). Also the subscription validation handshake, and a report
// delivered twice (Event Grid delivers at least once) recording once.
import { contosoDirect, demoUsers } from '../../infra/local/identity/demoDirectory';
import { emailDeliveryReportFunction } from '../../functions/names';
import { emailOperationId } from '../../shared/domain/ids';
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { startProductStack, type ProductStack } from '../support/productStack';
import { type Receiver, startReceiver, verifyDelivery } from '../support/webhookReceiver';

let stack: ProductStack;
let receiver: Receiver;
let partner: Record<string, string>;
let hookSecret: string;
const inviterEmail = demoUsers.find(
  (u) => u.tenantId === contosoDirect.tenantId && u.roles?.includes('GlobalAdmin'),
)!.email;

const webhookUrl = (fn = emailDeliveryReportFunction) =>
  `${stack.url}/runtime/webhooks/eventgrid?functionName=${encodeURIComponent(fn)}`;
const api = (path: string, init: RequestInit & { json?: unknown } = {}) => call(`${stack.url}${path}`, init);
type Entry = { type: string; detail?: Record<string, unknown> };
const timeline = async (id: string): Promise<Entry[]> =>
  (await api(`/api/invitations/${id}`, { headers: partner })).body.timeline;
const reportsOf = (entries: Entry[]) =>
  entries.filter((e) => ['delivered', 'bounced', 'suppressed', 'undelivered'].includes(e.type));

async function invite(recipientEmail: string): Promise<string> {
  const r = await api('/api/invitations', { headers: partner, json: { recipientEmail } });
  expect(r.status).toBe(202);
  return r.body.id as string;
}

/** Waits until the timeline shows a report of the given send. */
async function reported(id: string, sendNumber: number): Promise<Entry> {
  return stack.until(`report of send ${sendNumber} of ${id}`, async () =>
    reportsOf(await timeline(id)).find((e) => e.detail?.sendNumber === sendNumber),
  );
}

/**
 * An EmailDeliveryReportReceived event as Event Grid delivers it (data per
 * Learn's AcsEmailDeliveryReportReceivedEventData).
 */
function reportEvent(messageId: string, status: string, recipient: string) {
  return {
    id: `evt-${messageId}-${status}`,
    topic:
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/test/providers/Microsoft.Communication/communicationServices/test',
    subject: `sender/DoNotReply@test.example/message/${messageId}`,
    eventType: 'Microsoft.Communication.EmailDeliveryReportReceived',
    eventTime: new Date().toISOString(),
    dataVersion: '1.0',
    metadataVersion: '1',
    data: {
      sender: 'DoNotReply@test.example',
      recipient,
      messageId,
      status,
      deliveryStatusDetails: { statusMessage: 'test' },
      deliveryAttemptTimestamp: new Date().toISOString(),
    },
  };
}

async function notify(events: unknown[]): Promise<number> {
  const r = await fetch(webhookUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
    body: JSON.stringify(events),
  });
  await r.arrayBuffer();
  return r.status;
}

async function auditActions(id: string): Promise<string[]> {
  const r = await api('/api/audit?pageSize=100', { headers: partner });
  expect(r.status).toBe(200);
  return (r.body.items as Array<{ action: string; subjectId?: string }>)
    .filter((e) => e.subjectId === id)
    .map((e) => e.action);
}

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startProductStack({ WEBHOOK_ALLOW_LOCAL_HTTP: 'true' });
  // The sink reports to the host's Event Grid webhook, as `npm start` wires it (infra/local/standins).
  stack.emailSink.deliveryReports.reportTo(webhookUrl());
  partner = await directPartnerAdmin(stack);
  const hook = await api('/api/webhooks', {
    headers: partner,
    json: { url: receiver.url('/bounced'), events: ['invitation.bounced'], description: 'bounces' },
  });
  expect(hook.status).toBe(201);
  hookSecret = hook.body.secret;
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

describe('the Event Grid webhook of the local host', () => {
  it('answers the subscription validation handshake with the validation code, invoking nothing', async () => {
    const validation = [
      {
        id: 'v1',
        topic: 't',
        subject: '',
        eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
        eventTime: new Date().toISOString(),
        dataVersion: '2',
        metadataVersion: '1',
        data: {
          validationCode: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6',
          validationUrl: 'https://example.invalid/validate',
        },
      },
    ];
    const r = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'SubscriptionValidation' },
      body: JSON.stringify(validation),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
  });

  it('refuses an unknown function (404), a function of another trigger (404), an unknown aeg-event-type (400) and GET (405)', async () => {
    const post = (url: string, kind: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'aeg-event-type': kind },
        body: '[]',
      }).then(async (r) => (await r.arrayBuffer(), r.status));
    expect(await post(webhookUrl('NoSuchFunction'), 'Notification')).toBe(404);
    expect(await post(webhookUrl('webhookPublisher'), 'Notification')).toBe(404);
    expect(await post(webhookUrl(), 'Surprise')).toBe(400);
    expect((await fetch(webhookUrl())).status).toBe(405);
  });

  it('ignores a report of an email that is not an invitation (202, nothing recorded)', async () => {
    expect(
      await notify([reportEvent('5e0a1f7e-0000-4000-8000-000000000001', 'Delivered', 'someone@example.com')]),
    ).toBe(202);
  });
});

describe('delivery reports from the email sink', () => {
  it('records Delivered on the timeline after the email, once however often Event Grid delivers the report', async () => {
    const id = await invite('admin@adatum.example');
    const entry = await reported(id, 1);
    expect(entry).toMatchObject({ type: 'delivered', detail: { sendNumber: 1, status: 'Delivered' } });
    expect((await timeline(id)).map((e) => e.type)).toEqual(['created', 'emailed', 'delivered']);

    // Event Grid delivers at least once: the same report twice more, and a contradicting one.
    const messageId = emailOperationId(id, 1);
    expect(await notify([reportEvent(messageId, 'Delivered', 'admin@adatum.example')])).toBe(202);
    expect(
      await notify([
        reportEvent(messageId, 'Delivered', 'admin@adatum.example'),
        reportEvent(messageId, 'Bounced', 'admin@adatum.example'),
      ]),
    ).toBe(202);
    await call(`${stack.url}/dev/time/settle`, { method: 'POST' });
    expect(reportsOf(await timeline(id))).toHaveLength(1);
    expect(
      (await auditActions(id)).filter((a) => a.startsWith('invitation.delivered') || a === 'invitation.bounced'),
    ).toEqual(['invitation.delivered']);
    expect((await stack.inbox(inviterEmail)).filter((m) => m.subject.includes('was not delivered'))).toHaveLength(0);
  });

  it('a bounce tells the inviter (email and invitation.bounced), once; the inviter corrects the address and the resend is delivered', async () => {
    // Fault injection through the sink's dev route, as a person would (the handle is deliveryReports.bounce()).
    const bounces = await call(`${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/bounces`, {
      json: { addresses: ['typo@adatum.example'] },
    });
    expect(bounces.status).toBe(200);
    const id = await invite('typo@adatum.example');
    expect(await reported(id, 1)).toMatchObject({ type: 'bounced', detail: { sendNumber: 1, status: 'Bounced' } });

    const notice = await stack.until('the bounce notice to the inviter', async () =>
      (await stack.inbox(inviterEmail)).find((m) => m.text?.includes(id)),
    );
    expect(notice.subject).toBe('Your invitation to typo@adatum.example was not delivered');
    const event = await stack.until('the invitation.bounced event', async () =>
      receiver
        .forPath('/bounced')
        .map((r) => verifyDelivery(hookSecret, r))
        .find((e) => e.data.invitationId === id),
    );
    expect(event).toMatchObject({
      type: 'invitation.bounced',
      subject: `invitation/${id}`,
      data: { detail: { sendNumber: 1, status: 'Bounced' } },
    });

    // The same bounce reported again: no second notice, no second event.
    expect(await notify([reportEvent(emailOperationId(id, 1), 'Bounced', 'typo@adatum.example')])).toBe(202);
    await call(`${stack.url}/dev/time/settle`, { method: 'POST' });
    expect((await stack.inbox(inviterEmail)).filter((m) => m.text?.includes(id))).toHaveLength(1);
    expect(
      (await auditActions(id)).filter((a) => a === 'invitation.bounced' || a === 'invitation.inviterNotified'),
    ).toEqual(['invitation.inviterNotified', 'invitation.bounced']);

    // The inviter corrects the address and resends (after the resend interval); this send is delivered.
    await call(`${stack.url}/dev/time/advance`, { method: 'POST', json: { ms: 11 * 60_000 } });
    const resend = await api(`/api/invitations/${id}/resend`, {
      method: 'POST',
      headers: partner,
      json: { recipientEmail: 'it@adatum.example' },
    });
    expect(resend.status).toBe(202);
    expect(await reported(id, 2)).toMatchObject({ type: 'delivered', detail: { sendNumber: 2 } });
    const after = await api(`/api/invitations/${id}`, { headers: partner });
    expect(after.body.recipientEmail).toBe('it@adatum.example');
    expect(after.body.timeline.map((e: Entry) => e.type)).toEqual([
      'created',
      'emailed',
      'bounced',
      'readdressed',
      'emailed',
      'delivered',
    ]);
    expect(reportsOf(after.body.timeline).map((e) => [e.type, e.detail?.sendNumber])).toEqual([
      ['bounced', 1],
      ['delivered', 2],
    ]);
    // The same link, now in the corrected mailbox; the list shows the new address.
    const [first] = await stack.inbox('typo@adatum.example');
    const [second] = await stack.inbox('it@adatum.example');
    expect(second?.links.find((l) => l.includes(`/invite/${id}`))).toBe(
      first?.links.find((l) => l.includes(`/invite/${id}`)),
    );
    const list = await api('/api/invitations?pageSize=100', { headers: partner });
    expect(list.body.items.find((i: { invitationId: string }) => i.invitationId === id)).toMatchObject({
      recipientEmail: 'it@adatum.example',
    });
    expect(await auditActions(id)).toContain('invitation.readdressed');
    await call(`${stack.url}/dev/time/settle`, { method: 'POST' });
    expect(
      receiver
        .forPath('/bounced')
        .map((r) => verifyDelivery(hookSecret, r))
        .filter((e) => e.data.invitationId === id),
    ).toHaveLength(1);

    // An address that took the latest email is not changed: 409, nothing sent.
    await call(`${stack.url}/dev/time/advance`, { method: 'POST', json: { ms: 11 * 60_000 } });
    const refused = await api(`/api/invitations/${id}/resend`, {
      method: 'POST',
      headers: partner,
      json: { recipientEmail: 'someone-else@adatum.example' },
    });
    expect(refused).toMatchObject({ status: 409, body: { code: 'conflict' } });
    expect((await api(`/api/invitations/${id}`, { headers: partner })).body).toMatchObject({
      recipientEmail: 'it@adatum.example',
      sendCount: 2,
    });
    expect(await stack.inbox('someone-else@adatum.example')).toEqual([]);
  });
});
