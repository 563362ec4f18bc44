// The acceptance reaches the real orchestration: an invitation created through the API and
// emailed; the emailed link's token accepted by the customer's Global admin; the orchestration
// gets InvitationAnswered and records the acceptance (status `recorded`).
import { adatumCorp, contosoDirect, demoUsers } from '../../infra/local/identity/demoDirectory';
import { call } from '../support/hostProcess';
import type { ProductStack } from '../support/productStack';
import { startSeededStack, type Seeder } from '../support/seedInvitation';
import { enrolPartner, operatorAuth } from '../support/enrolment';

let stack: ProductStack;
let seed: Seeder;
type DemoUser = (typeof demoUsers)[number];
const byEmail = (email: string) => demoUsers.find((u) => u.email === email) as DemoUser;
const bearer = (u: DemoUser) => stack.bearer(u);
const until = <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => stack.until(what, probe);

let stop: (() => Promise<void>) | undefined;
beforeAll(async () => void ({ stack, seed, stop } = await startSeededStack()), 120_000);
afterAll(async () => stop?.());

test('an emailed link accepted through the API is recorded by the orchestration', async () => {
  const partnerAdmin = await bearer(byEmail('globaladmin@contoso-direct.example'));
  await enrolPartner(stack.url, await operatorAuth(stack), contosoDirect);
  const created = await call(`${stack.url}/api/invitations`, {
    json: { recipientEmail: 'admin@adatum.example', customerTenantId: adatumCorp.tenantId },
    headers: partnerAdmin,
  });
  expect(created.status).toBe(202);
  const id = created.body.id as string;

  const link = await until('the invitation email', async () =>
    (await stack.inbox('admin@adatum.example')).flatMap((m) => m.links).find((l) => l.includes(id)),
  );
  const token = decodeURIComponent(new URL(link).hash.replace(/^#t=/, ''));
  // The emailed link itself opens the landing page.
  expect(new URL(link).pathname).toBe(`/api/invite/${id}`);
  expect((await call(new URL(link).origin + new URL(link).pathname)).status).toBe(200);

  const accepted = await call(`${stack.url}/api/invitations/${id}/accept`, {
    json: { token, acceptCustomerAgreement: true },
    headers: { ...(await bearer(byEmail('admin@adatum.example'))), origin: stack.env.PUBLIC_BASE_URL as string },
  });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ invitationId: id, status: 'accepted', partner: { name: 'Contoso Direct' } });
  expect(stack.host.output()).not.toContain(`InvitationAnswered (accepted) for ${id} not delivered`);

  const recorded = await until('the recorded acceptance', async () =>
    (await seed.get(id))?.doc.status === 'recorded' ? true : undefined,
  );
  expect(recorded).toBe(true);
  expect(stack.host.output()).not.toContain(token);
});
