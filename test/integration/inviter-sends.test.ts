// The sends-per-inviter limit shared across instances, on the Cosmos-protocol server through the
// real @azure/cosmos client: two limiters with clients of their own stand for two processes of
// the app sharing the inviterSends container. Together they never admit more than the limit plus
// what each counts within one flush interval; after flushes each refuses on the other's sends, and
// the counter holds exactly the sends admitted (concurrent first flushes race to create it).
import type { CosmosClient } from '@azure/cosmos';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { InviterSendLimiter } from '../../shared/invitations/inviterSendLimiter';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { ensureContainers } from '../../shared/store/ensureContainers';
import { cosmosInviterSendCounters, type InviterSendCounter } from '../../shared/store/inviterSendCounters';
import { startCosmos } from '../support/hostProcess';
import { fakeClock } from '../unit/inviterSendFakes';

const P = 'aaaaaaaa-1111-4111-8111-111111111111';
const Q = 'bbbbbbbb-2222-4222-8222-222222222222';
const R = 'cccccccc-3333-4333-8333-333333333333';
const HOUR = '2026-05-01T13:00:00.000Z';

let cosmos: LocalCosmos;
let env: NodeJS.ProcessEnv;
const clients: CosmosClient[] = [];
const limiters: InviterSendLimiter[] = [];
const clock = fakeClock('2026-05-01T13:20:00.000Z');

beforeAll(async () => {
  const c = await startCosmos();
  cosmos = c.cosmos;
  env = c.env;
  await ensureContainers(client(), env.COSMOS_DATABASE as string);
});
afterAll(async () => {
  await Promise.all(limiters.map((l) => l.close()));
  for (const c of clients) c.dispose();
  await cosmos.close();
});

function client(): CosmosClient {
  const c = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  clients.push(c);
  return c;
}

/** One "process": its own Cosmos client and limiter; flushes when told (or every `flushIntervalMs`). */
function process_(limit: number, flushIntervalMs = 3_600_000): InviterSendLimiter {
  const container = client()
    .database(env.COSMOS_DATABASE as string)
    .container(containers.inviterSends.id);
  const l = new InviterSendLimiter({
    limit,
    counters: cosmosInviterSendCounters(container),
    now: clock.now,
    flushIntervalMs,
  });
  limiters.push(l);
  return l;
}

async function stored(partnerTenantId: string): Promise<number | undefined> {
  const container = clients[0]!.database(env.COSMOS_DATABASE as string).container(containers.inviterSends.id);
  const r = await container
    .item(HOUR, partnerTenantId)
    .read<InviterSendCounter>()
    .catch(() => undefined);
  return r?.resource?.sends;
}

/** Tries `n` sends; how many were allowed (every refusal must be the rate limit). */
async function attempt(l: InviterSendLimiter, partnerTenantId: string, n: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < n; i++) {
    try {
      await l.take(partnerTenantId);
      allowed++;
    } catch (e) {
      expect(e).toMatchObject({ code: 'rate_limited' });
    }
  }
  return allowed;
}

describe('sends per inviter across two processes sharing the inviterSends container', () => {
  it("never exceed the limit plus what each counts within one flush interval, and then refuse on each other's sends", async () => {
    const LIMIT = 10;
    const PER_INTERVAL = 3;
    const a = process_(LIMIT);
    const b = process_(LIMIT);
    let admitted = 0;
    for (let round = 0; round < 10; round++) {
      // One flush interval: each process sends up to PER_INTERVAL, then both flush at once.
      const inRound = (await attempt(a, P, PER_INTERVAL)) + (await attempt(b, P, PER_INTERVAL));
      admitted += inRound;
      await Promise.all([a.flush(), b.flush()]);
      if (inRound === 0) break;
    }
    expect(admitted).toBeGreaterThanOrEqual(LIMIT);
    expect(admitted).toBeLessThanOrEqual(LIMIT + 2 * PER_INTERVAL);
    // Exactly what was admitted: no count lost or doubled, though both first flushes found no document.
    expect(await stored(P)).toBe(admitted);
    // Each has seen the other's sends: both refuse, and so does a third process at its first send.
    expect(await attempt(a, P, 1)).toBe(0);
    expect(await attempt(b, P, 1)).toBe(0);
    expect(await attempt(process_(LIMIT), P, 1)).toBe(0);
    // Another partner's allowance is its own.
    expect(await attempt(a, Q, 1)).toBe(1);
  });

  it('flushes on its own, off the send, and a process starting later reads what was flushed', async () => {
    const a = process_(5, 25);
    expect(await attempt(a, R, 4)).toBe(4);
    for (let i = 0; i < 200 && (await stored(R)) !== 4; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await stored(R)).toBe(4);
    const b = process_(5, 25);
    expect(await attempt(b, R, 3)).toBe(1);
    // a learns of b's send with its own next flush: one more send at most (its sends within an interval).
    const more = await attempt(a, R, 1);
    await Promise.all([a.flush(), b.flush()]);
    await a.flush();
    expect(await stored(R)).toBe(5 + more);
    expect(more).toBeLessThanOrEqual(1);
    expect(await attempt(a, R, 1)).toBe(0);
    expect(await attempt(b, R, 1)).toBe(0);
  });

  it("an add that loses the race to create the window's counter (409) increments the one the other made", async () => {
    const container = client()
      .database(env.COSMOS_DATABASE as string)
      .container(containers.inviterSends.id);
    const other = client()
      .database(env.COSMOS_DATABASE as string)
      .container(containers.inviterSends.id);
    const S = 'dddddddd-4444-4444-8444-444444444444';
    // Another instance creates the document between this one's 404 patch and its create.
    const items = new Proxy(container.items, {
      get: (t, p, r) =>
        p === 'create'
          ? async (doc: InviterSendCounter) => {
              await other.items.create<InviterSendCounter>({
                id: doc.id,
                partnerTenantId: doc.partnerTenantId,
                sends: 7,
              });
              return t.create(doc);
            }
          : Reflect.get(t, p, r),
    });
    const counters = cosmosInviterSendCounters(
      new Proxy(container, { get: (t, p, r) => (p === 'items' ? items : Reflect.get(t, p, r)) }),
    );
    expect(await counters.add(S, HOUR, 2)).toBe(9);
    expect(await counters.read(S, HOUR)).toBe(9);
    expect(await counters.read(P, '2026-05-01T12:00:00.000Z')).toBe(0);
  });
});
