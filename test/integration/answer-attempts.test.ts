// Failed answers per invitation link across instances, with the real @azure/cosmos client against
// the Cosmos-protocol server: two "processes" (each its own client, stores and in-process gate)
// answer the same invitations. The limit must hold over both together, the count must never touch
// the invitation's state, timeline or token hash, and ETag-conditional state changes must still win.
import { contosoDirect } from '../../infra/local/identity/demoDirectory';
import { AttemptLimiter, limitedAnswer } from '../../shared/answers/attemptLimiter';
import { declineInvitation } from '../../shared/answers/declineInvitation';
import type { AnswerDeps } from '../../shared/answers/ports';
import { GLOBAL_ADMINISTRATOR_WID, type Caller } from '../../shared/auth/caller';
import { answerAttemptPolicy } from '../../shared/domain/answerFailures';
import { systemActor, type Invitation } from '../../shared/domain/invitation';
import { problemResponse } from '../../shared/http/problem';
import { cosmosAnswerFailureStore } from '../../shared/store/answerFailures';
import { type AuditLog, cosmosAuditLog } from '../../shared/store/audit';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { cosmosDueItemStore } from '../../shared/store/dueItems';
import { ensureContainers } from '../../shared/store/ensureContainers';
import { cosmosInvitationIndex } from '../../shared/store/invitationIndex';
import { cosmosInvitationStore } from '../../shared/store/invitations';
import { cosmosPartnerStore } from '../../shared/store/partners';
import { cosmosPartnershipStore } from '../../shared/store/partnerships';
import { cosmosRecordStore } from '../../shared/store/records';
import type { LocalCosmos } from '../../infra/local/cosmos/cosmosServer';
import { startCosmos } from '../support/hostProcess';
import { seeder, type Seeded, type Seeder } from '../support/seedInvitation';

const { limit, windowMs } = answerAttemptPolicy;
const CUSTOMER = '0c0c0c0c-1111-4111-8111-111111111111';
const caller: Caller = {
  tenantId: CUSTOMER,
  userId: '0d0d0d0d-2222-4222-8222-222222222222',
  email: 'admin@customer.example',
  roles: [],
  wids: [GLOBAL_ADMINISTRATOR_WID],
  tenantCountry: 'US',
  scopes: ['Invitations.Answer'],
};
const WRONG = 'w'.repeat(43);

let cosmos: LocalCosmos;
let seed: Seeder;
let clock = Date.now();
const raised: string[] = [];

/** One app instance: its own Cosmos client and stores, its own in-process gate, the shared clock. */
interface Instance {
  deps: AnswerDeps;
  audit: AuditLog;
  gate: AttemptLimiter;
  decline(id: string, token: string): Promise<unknown>;
  close(): void;
}

function instance(env: NodeJS.ProcessEnv): Instance {
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  const db = client.database(env.COSMOS_DATABASE as string);
  const c = (spec: { id: string }) => db.container(spec.id);
  const audit = cosmosAuditLog(c(containers.audit));
  const deps: AnswerDeps = {
    invitations: cosmosInvitationStore(c(containers.invitations)),
    answerFailures: cosmosAnswerFailureStore(c(containers.invitations)),
    partners: cosmosPartnerStore(c(containers.partners)),
    partnerships: cosmosPartnershipStore(c(containers.partnerships), c(containers.resellerPartnerships)),
    records: cosmosRecordStore(c(containers.relationships), c(containers.customers)),
    index: cosmosInvitationIndex(c(containers.invitationIndex)),
    audit,
    dueItems: cosmosDueItemStore(c(containers.dueItems)),
  };
  const gate = new AttemptLimiter(limit, windowMs, () => clock);
  // The durable event is not storage: the orchestration is out of scope here, so raising is noted.
  const raise = async (id: string) => void raised.push(id);
  return {
    deps,
    audit,
    gate,
    decline: (id, token) =>
      limitedAnswer(
        id,
        () =>
          declineInvitation(
            deps,
            raise,
            { invitationId: id, body: { token }, caller, now: new Date(clock), correlationId: `c-${clock}` },
            () => undefined,
          ),
        gate,
      ).then(
        (view) => ({ status: 200, view }),
        (e: unknown) => problemResponse(e),
      ),
    close: () => client.dispose(),
  };
}

let a: Instance;
let b: Instance;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  const started = await startCosmos();
  cosmos = started.cosmos;
  env = { ...started.env, INVITATION_TOKEN_SECRET: 'integration-secret-'.repeat(3) };
  const setup = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  await ensureContainers(setup, env.COSMOS_DATABASE as string);
  setup.dispose();
  seed = seeder(env);
  a = instance(env);
  b = instance(env);
}, 60_000);

afterAll(async () => {
  a?.close();
  b?.close();
  seed?.close();
  await cosmos?.close();
});

/** The invitation minus the failure count: what failed answers must leave exactly as it was. */
const withoutFailures = ({ answerFailures: _counted, ...rest }: Invitation) => rest;
type Reply = { status: number; headers?: unknown; body?: unknown };
const limitedReplies = async (who: Instance, s: Seeded) =>
  (await who.decline(s.id, s.token)) as Reply & { headers: Record<string, string> };

describe('failed answers to one invitation link, over two instances sharing Cosmos', () => {
  let s: Seeded;
  let unknownReply: Reply;

  beforeAll(async () => {
    clock = Date.now();
    s = await seed.invitation({ inviter: contosoDirect });
    unknownReply = (await a.decline('6e6e6e6e-0000-4000-8000-000000000000', WRONG)) as Reply;
    expect(unknownReply.status).toBe(404);
  });

  it(`counts ${limit} wrong tokens spread over both, each answered exactly like an unknown id`, async () => {
    for (let i = 0; i < limit; i++) {
      clock += 1_000;
      const reply = (await (i % 2 === 0 ? a : b).decline(s.id, WRONG)) as Reply;
      expect(reply).toEqual(unknownReply);
    }
    const stored = (await seed.get(s.id))?.doc as Invitation;
    expect(stored.answerFailures).toEqual({
      windowStart: new Date(clock - (limit - 1) * 1_000).toISOString(),
      count: limit,
    });
    // Neither process has seen the limit on its own: only the stored count can refuse now.
    expect(() => a.gate.check(s.id)).not.toThrow();
    expect(() => b.gate.check(s.id)).not.toThrow();
  });

  it("refuses the next attempt on either instance with 429 and Retry-After to the window's end, even with the right token", async () => {
    clock += 1_000;
    const windowEnd = Date.parse((await seed.get(s.id))?.doc.answerFailures?.windowStart as string) + windowMs;
    for (const who of [a, b]) {
      const reply = await limitedReplies(who, s);
      expect(reply.status).toBe(429);
      expect(JSON.parse(reply.body as string)).toMatchObject({ code: 'rate_limited' });
      expect(Number(reply.headers['retry-after'])).toBe(Math.ceil((windowEnd - clock) / 1000));
    }
    expect((await seed.get(s.id))?.doc.status).toBe('pending');
  });

  it('left the state, timeline and token hash alone, and told the inviter once', async () => {
    const stored = (await seed.get(s.id))?.doc as Invitation;
    expect(withoutFailures(stored)).toEqual(s.invitation);
    const entries = (await a.audit.list(contosoDirect.tenantId, 100)).items.filter((e) => e.subject.id === s.id);
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'invitation.answersLimited',
        actor: expect.objectContaining({ tenantId: CUSTOMER }),
        detail: expect.objectContaining({ failedAttempts: limit }),
      }),
    ]);
  });

  it('lets the right token through once the window has run out', async () => {
    clock = Date.parse((await seed.get(s.id))?.doc.answerFailures?.windowStart as string) + windowMs;
    const reply = (await b.decline(s.id, s.token)) as { status: number; view: { status: string } };
    expect(reply).toMatchObject({ status: 200, view: { status: 'declined' } });
    const stored = (await seed.get(s.id))?.doc as Invitation;
    expect(stored.status).toBe('declined');
    expect(stored.timeline.map((t) => t.type)).toEqual(['created', 'declined']);
    expect(raised).toContain(s.id);
  });
});

describe('failed answers beside legitimate state changes', () => {
  it('a state change from a version read before a failure was counted re-reads and wins, keeping the count', async () => {
    clock = Date.now();
    const s = await seed.invitation({ inviter: contosoDirect });
    const before = await seed.get(s.id);
    expect((await a.decline(s.id, WRONG)) as Reply).toMatchObject({ status: 404 });
    const counted = await seed.get(s.id);
    expect(counted?.etag).not.toBe(before?.etag);
    // The email activity passes the version it read: now stale, so its replace meets a 412.
    const emailed = await seed.store.apply(
      s.id,
      { type: 'emailed', sendNumber: 1 },
      new Date(clock),
      undefined,
      before,
    );
    expect(emailed).toMatchObject({ ok: true, value: { changed: true } });
    const stored = (await seed.get(s.id))?.doc as Invitation;
    expect(stored).toMatchObject({
      status: 'pending',
      sendCount: 1,
      tokenHash: s.invitation.tokenHash,
      answerFailures: { count: 1 },
    });
    expect(stored.timeline.map((t) => t.type)).toEqual(['created', 'emailed']);
  });

  it('failures racing a revoke on both instances: the revoke lands and no failure changes the state', async () => {
    clock = Date.now();
    const s = await seed.invitation({ inviter: contosoDirect });
    const from = await seed.get(s.id);
    const wrong = Array.from({ length: 6 }, (_, i) =>
      (i % 2 === 0 ? a : b).decline(s.id, `${WRONG.slice(0, -2)}${i}x`),
    );
    const [revoked] = await Promise.all([
      seed.store.apply(s.id, { type: 'revoke', by: systemActor }, new Date(clock), undefined, from),
      ...wrong,
    ]);
    expect(revoked).toMatchObject({ ok: true, value: { changed: true } });
    for (const reply of (await Promise.all(wrong)) as Reply[]) expect(reply.status).toBe(404);
    const stored = (await seed.get(s.id))?.doc as Invitation;
    expect(stored.status).toBe('revoked');
    expect(stored.timeline.map((t) => t.type)).toEqual(['created', 'revoked']);
    expect(stored.tokenHash).toBe(s.invitation.tokenHash);
    expect(stored.answerFailures?.count ?? 0).toBeLessThanOrEqual(6);
    // Once revoked, a wrong token writes nothing: there is nothing left to guess.
    const etag = (await seed.get(s.id))?.etag;
    expect((await b.decline(s.id, WRONG)) as Reply).toMatchObject({ status: 404 });
    expect((await seed.get(s.id))?.etag).toBe(etag);
  });

  it("an unknown id is never written: it gets the neutral 404 until a process's own gate is full, as a known id would there", async () => {
    const id = '7f7f7f7f-0000-4000-8000-000000000000';
    for (let i = 0; i < limit * 2; i++) expect(((await (i % 2 ? a : b).decline(id, WRONG)) as Reply).status).toBe(404);
    expect(((await a.decline(id, WRONG)) as Reply).status).toBe(429);
    expect(await seed.get(id)).toBeUndefined();
  });
});
