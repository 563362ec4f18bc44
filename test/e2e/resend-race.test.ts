// Resends raced (an attacker's review): the per-invitation resend rules (one send per
// RESEND_INTERVAL_MS, RESEND_LIMIT in its life) and the readdress rule (the link goes to one
// corrected mailbox) must hold when the inviter fires several resend requests at once, not only
// one after the other. Embedded stack, virtual time.
import { emailDeliveryReportFunction } from '../../functions/names';
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { startProductStack, type ProductStack } from '../support/productStack';

let stack: ProductStack;
let partner: Record<string, string>;

const api = (path: string, init: RequestInit & { json?: unknown } = {}) => call(`${stack.url}${path}`, init);
const advance = (ms: number) => call(`${stack.url}/dev/time/advance`, { method: 'POST', json: { ms } });
const settle = () => call(`${stack.url}/dev/time/settle`, { method: 'POST' });
type Entry = { type: string; detail?: Record<string, unknown> };
const invitation = async (id: string) =>
  (await api(`/api/invitations/${id}`, { headers: partner })).body as {
    sendCount: number;
    recipientEmail: string;
    timeline: Entry[];
  };

async function invite(recipientEmail: string): Promise<string> {
  const r = await api('/api/invitations', { headers: partner, json: { recipientEmail } });
  expect(r.status).toBe(202);
  const id = r.body.id as string;
  await stack.until(`send 1 of ${id}`, async () => ((await invitation(id)).sendCount >= 1 ? true : undefined));
  return id;
}

beforeAll(async () => {
  stack = await startProductStack({ INVITER_SENDS_PER_HOUR: '100' });
  // The sink reports each send to the host's Event Grid webhook, as `npm start` wires it.
  stack.emailSink.deliveryReports.reportTo(
    `${stack.url}/runtime/webhooks/eventgrid?functionName=${encodeURIComponent(emailDeliveryReportFunction)}`,
  );
  partner = await directPartnerAdmin(stack);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

test('resends fired at once: all ask for the same next send, which goes out once', async () => {
  const id = await invite('race-resend@adatum.example');
  await advance(11 * 60_000);
  const replies = await Promise.all(
    Array.from({ length: 4 }, () => api(`/api/invitations/${id}/resend`, { method: 'POST', headers: partner })),
  );
  expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202]);
  await settle();
  await stack.until('the resend', async () => ((await invitation(id)).sendCount >= 2 ? true : undefined));
  await settle();
  expect((await invitation(id)).sendCount).toBe(2);
  expect(await stack.inbox('race-resend@adatum.example')).toHaveLength(2);
});

test('corrected addresses fired at once after a bounce: the link goes to one of them, never both', async () => {
  const bounces = await call(`${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/bounces`, {
    json: { addresses: ['race-typo@adatum.example'] },
  });
  expect(bounces.status).toBe(200);
  const id = await invite('race-typo@adatum.example');
  await stack.until(`the bounce of ${id}`, async () =>
    (await invitation(id)).timeline.some((e) => e.type === 'bounced') ? true : undefined,
  );
  await advance(11 * 60_000);
  const to = ['race-first@adatum.example', 'race-second@adatum.example'];
  const replies = await Promise.all(
    to.map((recipientEmail) =>
      api(`/api/invitations/${id}/resend`, { method: 'POST', headers: partner, json: { recipientEmail } }),
    ),
  );
  // The second correction finds the first not sent to yet (409); the send goes to the first.
  expect(replies.map((r) => r.status).sort()).toEqual([202, 409]);
  await stack.until('the resend', async () => ((await invitation(id)).sendCount >= 2 ? true : undefined));
  await settle();
  const after = await invitation(id);
  expect(after.sendCount).toBe(2);
  expect(after.timeline.filter((e) => e.type === 'readdressed')).toHaveLength(1);
  const inboxes = await Promise.all(to.map((a) => stack.inbox(a)));
  expect(inboxes.map((m) => m.length).sort()).toEqual([0, 1]);
  expect(await stack.inbox(after.recipientEmail)).toHaveLength(1);
});
