// Grant notices (issue 17) on the embedded stack: grants made by accepted invitations, the sweep
// fired by skipping virtual time, emails read from the local sink's inbox and events verified by a
// real receiver with the Standard Webhooks library. A customer's removal tells the partner's
// contacts (email and grant.removed); a 730-day grant gets its 30, 7 and 1-day notices once each
// (a used-up quota and a re-run in between), then the expiry notice and grant.expired. A customer
// created by a provider for a reseller has no invitation: its notices go to the contact given at creation.
import { randomUUID } from 'node:crypto';
import { creationId } from '../../shared/domain/customerCreation';
import { grantId, partnershipId } from '../../shared/domain/ids';
import type { Partner } from '../../shared/domain/partner';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { deriveInvitationToken } from '../../shared/domain/token';
import { bucketOf } from '../../shared/store/dueItems';
import { OWN_CUSTOMER, OWN_PARTNER, type Reply, userOf } from '../support/apiWorld';
import { enrolPartner, operatorAuth } from '../support/enrolment';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';
import { type Seeder, seedRecords } from '../support/seedRecords';
import { type Receiver, startReceiver, verifyDelivery } from '../support/webhookReceiver';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CONTACT = 'grant-alerts@contoso-direct.example';
let stack: ProductStack;
let receiver: Receiver;
let seed: Seeder;
let admin: Record<string, string>;
let hook: { id: string; secret: string };

const api = (path: string, init: RequestInit & { json?: unknown } = {}): Promise<Reply> =>
  call(`${stack.url}${path}`, init);
const advance = async (ms: number): Promise<void> => {
  const r = await call(`${stack.url}/dev/time/advance`, { method: 'POST', json: { ms } });
  if (r.status !== 200) throw new Error(`advance: ${r.status}`);
};
/** Skips virtual time past the next sweep (every 15 minutes by default); the sweep fires once. */
const pastNextSweep = () => advance(16 * 60_000);
const faultsUrl = () => `${stack.emailSinkUrl.replace(/\/$/, '')}/dev/email/faults`;
const events = () => receiver.forPath('/grants').map((r) => verifyDelivery(hook.secret, r));
/** The subjects an address received that match, oldest first (the inbox lists the newest first). */
const subjects = async (to: string, match: RegExp) =>
  (await stack.inbox(to))
    .map((m) => m.subject)
    .filter((s) => match.test(s))
    .reverse();
/** Settles the host and waits until `to` has `n` matching emails. */
const untilMail = (what: string, to: string, match: RegExp, n: number) =>
  stack.until(what, async () => ((await subjects(to, match)).length === n ? true : undefined));
const eventOf = (type: string, grantId: string) => () =>
  stack.until(type, async () => events().find((e) => e.type === type && e.subject === `grant/${grantId}`));
const customerAdminAuth = () => stack.bearer(userOf({ kind: 'customer', globalAdmin: true, own: true }) as never);
const removeGrant = async (grantId: string) => {
  const headers = await customerAdminAuth();
  return (await api(`/api/me/delegated-admin-grants/${grantId}`, { method: 'DELETE', headers })).status;
};

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startProductStack({ WEBHOOK_ALLOW_LOCAL_HTTP: 'true' });
  seed = await seedRecords(stack.env);
  await enrolPartner(stack.url, await operatorAuth(stack), OWN_PARTNER);
  admin = await stack.bearer(userOf({ kind: 'partner', role: 'GlobalAdmin', own: true }) as never);
  const contacts = { notificationContacts: [CONTACT] };
  expect((await api('/api/partner', { method: 'PATCH', headers: admin, json: contacts })).status).toBe(200);
  const events = ['grant.created', 'grant.removed', 'grant.expiring', 'grant.expired'];
  const endpoint = { url: receiver.url('/grants'), events, description: 'grant notices' };
  const r = await api('/api/webhooks', { headers: admin, json: endpoint });
  expect(r.status).toBe(201);
  hook = { id: r.body.id, secret: r.body.secret };
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

interface Accepted {
  grantId: string;
  invitationId: string;
}

/** An invitation asking for a grant, accepted by the own customer's Global admin; the grant id from grant.created. */
async function acceptedGrant(recipientEmail: string, duration: string): Promise<Accepted> {
  const delegatedAdmin = { roles: [HELPDESK_ADMINISTRATOR], duration, autoExtend: false };
  const ask = { recipientEmail, customerTenantId: OWN_CUSTOMER.tenantId, delegatedAdmin };
  const inv = await api('/api/invitations', { headers: admin, json: ask });
  expect(inv.status).toBe(202);
  const id = inv.body.id as string;
  const emailed = async () => {
    const got = await api(`/api/invitations/${id}`, { headers: admin });
    const timeline: Array<{ type: string }> = got.body.timeline ?? [];
    return timeline.some((e) => e.type === 'emailed') ? true : undefined;
  };
  await stack.until(`invitation ${id} emailed`, emailed);
  const headers = { ...(await customerAdminAuth()), origin: stack.env.PUBLIC_BASE_URL as string };
  const token = deriveInvitationToken(stack.env.INVITATION_TOKEN_SECRET as string, id);
  const json = { token, acceptCustomerAgreement: true, companyName: 'Adatum' };
  const accept = () => api(`/api/invitations/${id}/accept`, { headers, json });
  let r = await accept();
  // README ("Asynchronous outcomes"): a 5xx keeps the acceptance, and the same request finishes it.
  for (let i = 0; i < 5 && r.status >= 500; i++) r = await accept();
  expect(r.status).toBe(200);
  const ofIt = (e: { type: string; data: { invitationId?: string } }) =>
    e.type === 'grant.created' && e.data.invitationId === id;
  const created = await stack.until('grant.created', async () => events().find(ofIt));
  return { grantId: created.data.grantId as string, invitationId: id };
}

const removedSubject = /removed your delegated admin privileges/;
const removedMail = async (to: string) => (await stack.inbox(to)).filter((x) => removedSubject.test(x.subject));

test('removal by the customer: one email at once to the partner contacts, grant.removed, none to it', async () => {
  const { grantId, invitationId } = await acceptedGrant('removal@adatum.example', 'P90D');
  expect(await removeGrant(grantId)).toBe(200);
  // At once: the request sent it (no time skipped, so no sweep ran).
  const mail = await removedMail(CONTACT);
  expect(mail).toHaveLength(1);
  expect(mail[0]?.subject).toBe('Adatum removed your delegated admin privileges');
  expect(mail[0]?.text).toContain('Helpdesk Administrator');
  // A repeated removal answers the same, and its email has the same Operation-Id.
  expect(await removeGrant(grantId)).toBe(200);
  const ev = await eventOf('grant.removed', grantId)();
  expect(ev.data).toMatchObject({ grantId, change: 'grant.removed' });
  // The customer removed it itself: it is not told. Later sweeps send nothing more.
  const inv = await seed.readInvitation(invitationId);
  const customerContact = inv?.acceptedBy?.email ?? 'removal@adatum.example';
  await pastNextSweep();
  await pastNextSweep();
  await stack.until('the settled host', async () => true);
  expect(await removedMail(CONTACT)).toHaveLength(1);
  expect(await removedMail(customerContact)).toEqual([]);
  expect(events().filter((e) => e.type === 'grant.removed' && e.subject === `grant/${grantId}`)).toHaveLength(1);
}, 300_000);

test('a removal while ACS refuses every send succeeds; the sweep emails the partner once they stop', async () => {
  const { grantId } = await acceptedGrant('removal-throttled@adatum.example', 'P90D');
  const before = (await removedMail(CONTACT)).length;
  expect((await call(faultsUrl(), { json: { status: 429, count: 1000, retryAfterSeconds: 0 } })).status).toBe(200);
  expect(await removeGrant(grantId)).toBe(200);
  await pastNextSweep();
  await stack.until('the settled host', async () => true);
  expect(await removedMail(CONTACT)).toHaveLength(before);
  expect((await call(faultsUrl(), { method: 'DELETE' })).status).toBe(204);
  await pastNextSweep();
  await untilMail('the access-lost email from the sweep', CONTACT, removedSubject, before + 1);
  await pastNextSweep();
  await stack.until('the settled host', async () => true);
  expect(await removedMail(CONTACT)).toHaveLength(before + 1);
}, 300_000);

test('a 730-day grant: 30, 7, 1-day notices once each (quota used up, re-run), then expiry notice, event', async () => {
  const { grantId, invitationId } = await acceptedGrant('two-years@adatum.example', 'P730D');
  const grant = await seed.readGrant(OWN_CUSTOMER.tenantId, grantId);
  const end = Date.parse(grant?.endsAt as string);
  const inv = await seed.readInvitation(invitationId);
  const customerContact = inv?.acceptedBy?.email ?? 'two-years@adatum.example';
  // The first sweep moves the notice item from "now" to the 30-day notice's bucket.
  await pastNextSweep();
  const thirty = new Date(end - 30 * DAY).toISOString();
  const moved = async () =>
    (await seed.dueItems(bucketOf(thirty))).some((i) => i.kind === 'grantNotice' && i.targetId === grantId);
  await stack.until('the notice item moved to its first notice', async () => ((await moved()) ? true : undefined));
  const ofGrant = /Delegated admin privileges in Adatum (end in|have expired)/;
  const now = async () => Date.parse((await call(`${stack.url}/dev/time`)).body.now as string);
  const skipTo = async (at: number) => advance(Math.max(0, at - (await now())));

  await skipTo(end - 30 * DAY + HOUR);
  await untilMail('the 30-day notice', CONTACT, ofGrant, 1);
  expect(await subjects(customerContact, ofGrant)).toEqual(['Delegated admin privileges in Adatum end in 30 days']);

  // The 7-day notice comes due while ACS refuses every send: nothing goes out, the item stays.
  expect((await call(faultsUrl(), { json: { status: 429, count: 1000, retryAfterSeconds: 0 } })).status).toBe(200);
  await skipTo(end - 7 * DAY + HOUR);
  await stack.until('the settled host', async () => true);
  expect(await subjects(CONTACT, ofGrant)).toHaveLength(1);
  expect((await call(faultsUrl(), { method: 'DELETE' })).status).toBe(204);
  await pastNextSweep();
  await untilMail('the 7-day notice after the throttling', CONTACT, ofGrant, 2);
  // A re-run of the same notice (its item put back, as overlapping runs could leave it) sends nothing.
  const sevenDays = new Date(end - 7 * DAY).toISOString();
  const item = { kind: 'grantNotice', targetId: grantId, partitionKey: OWN_CUSTOMER.tenantId } as const;
  await seed.due({ ...item, dueAt: sevenDays, offsetDays: 7 });
  await pastNextSweep();
  await pastNextSweep();
  await stack.until('the settled host', async () => true);
  expect(await subjects(CONTACT, ofGrant)).toHaveLength(2);

  await skipTo(end - DAY + HOUR);
  await untilMail('the 1-day notice', CONTACT, ofGrant, 3);
  await skipTo(end + HOUR);
  await untilMail('the expiry notice', CONTACT, ofGrant, 4);
  await pastNextSweep();
  await stack.until('the settled host', async () => true);

  const expected = [
    'Delegated admin privileges in Adatum end in 30 days',
    'Delegated admin privileges in Adatum end in 7 days',
    'Delegated admin privileges in Adatum end in 1 day',
    'Delegated admin privileges in Adatum have expired',
  ];
  expect(await subjects(CONTACT, ofGrant)).toEqual(expected);
  expect(await subjects(customerContact, ofGrant)).toEqual(expected);
  expect(await seed.readGrant(OWN_CUSTOMER.tenantId, grantId)).toMatchObject({ status: 'expired' });
  const got = await stack.until('grant.expiring ×3 and grant.expired', async () => {
    const all = events().filter((e) => e.subject === `grant/${grantId}`);
    const expiring = all.filter((e) => e.type === 'grant.expiring').length;
    return expiring === 3 && all.some((e) => e.type === 'grant.expired') ? all : undefined;
  });
  expect(got.map((e) => e.type)).toEqual(['grant.created', ...Array(3).fill('grant.expiring'), 'grant.expired']);
  expect(got.filter((e) => e.type === 'grant.expiring').map((e) => e.data.detail.offsetDays)).toEqual([30, 7, 1]);
}, 600_000);

test("a created customer's grant: the 30-day notice goes to the reseller's contacts and the contact given at creation", async () => {
  const partner = (name: string, kind: Partner['kind'], mpnId: string, contacts: string[] = []): Partner => ({
    tenantId: randomUUID(),
    name,
    kind,
    mpnId,
    country: 'SE',
    cloud: 'public',
    ...(contacts.length ? { notificationContacts: contacts } : {}),
  });
  // HTTP handlers read the wall clock, durable time may be years ahead after the tests above: a
  // restarted host starts on the wall clock again (infra/local/README.md, "Virtual time").
  await stack.restartHost();
  const provider = partner('Fabrikam Distribution', 'indirectProvider', '2000011');
  const resellerOps = 'alerts@northwind-resellers.example';
  const reseller = partner('Northwind Resellers', 'indirectReseller', '3000011', [resellerOps]);
  for (const p of [provider, reseller]) await seed.partner(p);
  await seed.container('partnerships').items.upsert({
    id: partnershipId(provider.tenantId, reseller.tenantId),
    type: 'partnership',
    providerTenantId: provider.tenantId,
    resellerTenantId: reseller.tenantId,
    status: 'active',
    createdAt: new Date().toISOString(),
  });
  const contact = 'ada@tailspin.example';
  const body = {
    resellerTenantId: reseller.tenantId,
    companyName: 'Tailspin Toys',
    domainPrefix: `tailspin${Date.now() % 100000}`,
    country: 'SE',
    contact: { firstName: 'Ada', lastName: 'Lind', email: contact },
    subscriptions: [{ offerId: 'o365-e3', quantity: 25 }],
  };
  const token = await stack.token({
    tenantId: provider.tenantId,
    userId: randomUUID(),
    email: 'sales@fabrikam.example',
    roles: ['SalesAgent'],
  });
  const headers = { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() };
  const r = await api('/api/customers', { headers, json: body });
  expect(r.status).toBe(201);
  const customerTenantId = r.body.customerTenantId as string;
  const grantOf = grantId(creationId(provider.tenantId, headers['idempotency-key']));
  const grant = await stack.until('the reseller grant', async () => seed.readGrant(customerTenantId, grantOf));
  const end = Date.parse(grant.endsAt);
  await pastNextSweep();
  const now = async () => Date.parse((await call(`${stack.url}/dev/time`)).body.now as string);
  await advance(Math.max(0, end - 30 * DAY + HOUR - (await now())));
  const ofGrant = /Delegated admin privileges in Tailspin Toys end in 30 days/;
  await untilMail('the 30-day notice to the reseller', resellerOps, ofGrant, 1);
  await untilMail('the 30-day notice to the contact given at creation', contact, ofGrant, 1);
  // Never the temporary password, in any email the customer's contact got.
  const password = r.body.temporaryPassword as string;
  expect((await stack.inbox(contact)).some((m) => (m.text ?? '').includes(password))).toBe(false);
}, 300_000);
