// The email quota is the app's, not each instance's: the sender claims its slot from the ledger
// every instance writes (container emailQuota). A send another instance made a moment ago holds
// this host's send back while the hour's quota of 1 is spent; the invitation waits on a durable
// timer, and is emailed once the other send is an hour old. With per-instance pacing this host
// would have sent at once.
import type { CosmosClient } from '@azure/cosmos';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { directPartnerAdmin } from '../support/directPartner';
import { call } from '../support/hostProcess';
import { type ProductStack, startProductStack } from '../support/productStack';

let stack: ProductStack;
let cosmos: CosmosClient;
let partner: Record<string, string>;

const ledger = () =>
  cosmos
    .database(stack.env.COSMOS_DATABASE as string)
    .container(containers.emailQuota.id)
    .item('acs-email', 'acs-email');
const anHourLater = () => call(`${stack.url}/dev/time/advance`, { json: { ms: 3_600_000 } });

beforeAll(async () => {
  stack = await startProductStack({ EMAIL_QUOTA_PER_MINUTE: '0', EMAIL_QUOTA_PER_HOUR: '1' });
  cosmos = createCosmosClient({
    endpoint: stack.env.COSMOS_ENDPOINT as string,
    key: stack.env.COSMOS_KEY,
    caCertFile: stack.env.COSMOS_CA_CERT_FILE,
  });
  partner = await directPartnerAdmin(stack);
}, 120_000);

afterAll(async () => {
  cosmos?.dispose();
  await stack?.stop();
});

test("another instance's send spends the hour's quota of 1: this host waits for it on a durable timer, then emails once and records its slot", async () => {
  // Another instance sent the hour's one email a moment ago (wall clock: ACS counts real time).
  await cosmos
    .database(stack.env.COSMOS_DATABASE as string)
    .container(containers.emailQuota.id)
    .items.upsert({ id: 'acs-email', slots: [Date.now()] });
  const created = await call(`${stack.url}/api/invitations`, {
    json: { recipientEmail: 'held-back@adatum.example', includeDelegatedAdmin: false },
    headers: partner,
  });
  expect(created.status).toBe(202);
  const id = created.body.id as string;

  const waiting = await stack.until('a deferral timer of the orchestration', async () => {
    const o = (await call(`${stack.url}/runtime/webhooks/durabletask/instances/${id}?showHistory=true`)).body;
    return (o.historyEvents as Array<{ EventType: string }> | undefined)?.some((e) => e.EventType === 'TimerCreated')
      ? o
      : undefined;
  });
  expect(waiting.runtimeStatus).toBe('Running');
  expect(await stack.inbox('held-back@adatum.example')).toHaveLength(0);
  expect((await ledger().read()).resource.slots).toHaveLength(1);

  // The other send is now an hour old: its slot no longer counts.
  const anHourAgo = Date.now() - 3_600_001;
  await ledger().replace({ id: 'acs-email', slots: [anHourAgo] });
  const mail = await stack.until('the invitation email once the slot is free', async () => {
    await anHourLater();
    const m = await stack.inbox('held-back@adatum.example');
    return m.length > 0 ? m : undefined;
  });
  expect(mail).toHaveLength(1);
  const slots = (await ledger().read()).resource.slots as number[];
  expect(slots).toHaveLength(1);
  expect(slots[0]).toBeGreaterThan(anHourAgo + 3_600_000);
});
