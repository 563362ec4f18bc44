// The local ACS Email stand-in's delivery reports (issue 17), driven by the real EmailClient: after
// each accepted send it posts an EmailDeliveryReportReceived event, in the Event Grid schema with
// `aeg-event-type: Notification`, to the webhook it is told (the host's
// /runtime/webhooks/eventgrid?functionName=…): Delivered, or Bounced for the addresses it is told to
// bounce (dev route or handle); once per operation; retried while the webhook fails.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmailClient } from '@azure/communication-email';
import { startEmailSinkServer, type EmailSinkServer } from '../../infra/local/email/server';
import { EMAIL_DELIVERY_REPORT_EVENT, emailDeliveryReportEventSchema } from '../../shared/schemas/emailDeliveryReport';

const accessKey = randomBytes(32).toString('base64');
let sink: EmailSinkServer;
let webhook: Server;
let webhookUrl: string;
const received: Array<{ headers: IncomingHttpHeaders; body: any[] }> = [];
let failNext = 0;

beforeAll(async () => {
  webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
      } else res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/runtime/webhooks/eventgrid?functionName=EmailDeliveryReport`;
  sink = await startEmailSinkServer({ port: 0, accessKey, deliveryReportsTo: webhookUrl });
});
afterAll(async () => {
  await sink.close();
  await new Promise<void>((r) => webhook.close(() => r()));
});
beforeEach(async () => {
  received.length = 0;
  failNext = 0;
  await fetch(new URL('dev/email/bounces', sink.url), { method: 'DELETE' });
});

async function send(to: string, operationId: string = randomUUID()): Promise<string> {
  const client = new EmailClient(`endpoint=${sink.url};accesskey=${accessKey}`, { allowInsecureConnection: true });
  const poller = await client.beginSend(
    {
      senderAddress: 'DoNotReply@reseller-connect.local',
      content: { subject: 'Hi', plainText: 'Hello' },
      recipients: { to: [{ address: to }] },
    },
    { operationId, updateIntervalInMs: 10 },
  );
  await poller.pollUntilDone();
  return operationId;
}

const reportsFor = (operationId: string) =>
  received.flatMap((r) => r.body).filter((e) => e.data.messageId === operationId);

it("reports Delivered once per operation, as Event Grid delivers an ACS event, which the app's schema reads", async () => {
  const op = await send('admin@customer.test');
  await send('admin@customer.test', op); // a retried send: deduplicated, not reported again
  await sink.sink.deliveryReports.idle();
  expect(reportsFor(op)).toHaveLength(1);
  const [event] = reportsFor(op);
  expect(received[0]?.headers['aeg-event-type']).toBe('Notification');
  expect(event).toMatchObject({
    eventType: EMAIL_DELIVERY_REPORT_EVENT,
    dataVersion: '1.0',
    data: { recipient: 'admin@customer.test', status: 'Delivered', messageId: op },
  });
  expect(emailDeliveryReportEventSchema.safeParse(event).success).toBe(true);
});

it('reports Bounced for addresses it is told to bounce (dev route and handle), case-insensitively', async () => {
  const added = await fetch(new URL('dev/email/bounces', sink.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ addresses: ['Typo@Customer.test'] }),
  });
  expect(added.status).toBe(200);
  sink.sink.deliveryReports.bounce(['gone@customer.test']);
  expect(
    ((await (await fetch(new URL('dev/email/bounces', sink.url))).json()) as { addresses: string[] }).addresses.sort(),
  ).toEqual(['gone@customer.test', 'typo@customer.test']);
  const [typo, gone, fine] = [
    await send('typo@customer.test'),
    await send('gone@customer.test'),
    await send('fine@customer.test'),
  ];
  await sink.sink.deliveryReports.idle();
  expect(reportsFor(typo)[0]?.data.status).toBe('Bounced');
  expect(reportsFor(gone)[0]?.data.status).toBe('Bounced');
  expect(reportsFor(fine)[0]?.data.status).toBe('Delivered');
  const bad = await fetch(new URL('dev/email/bounces', sink.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"addresses": "x"}',
  });
  expect(bad.status).toBe(400);
});

it('tries again while the webhook fails, as Event Grid retries', async () => {
  failNext = 2;
  const op = await send('admin@customer.test');
  await sink.sink.deliveryReports.idle();
  expect(reportsFor(op)).toHaveLength(3);
  expect(received.map((r) => r.headers['aeg-delivery-count'])).toEqual(['0', '1', '2']);
  expect(sink.sink.deliveryReports.delivered()).toBeGreaterThan(0);
});
