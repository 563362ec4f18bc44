// Failed answers per invitation link through HTTP on the product stack: wrong tokens get exactly
// the answer an unknown id gets until the limit, then 429 with Retry-After, also with the right
// token, also from a freshly started host process whose own gate has seen nothing (the count is on
// the invitation in Cosmos, as it would be for another instance in Azure). The inviter's view does
// not show the count; the audit trail says once that the link was limited.
import { randomUUID } from 'node:crypto';
import { adatumCorp, contosoDirect, demoUsers } from '../../infra/local/identity/demoDirectory';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { answerAttemptPolicy } from '../../shared/domain/answerFailures';
import { call } from '../support/hostProcess';
import type { ProductStack } from '../support/productStack';
import { startSeededStack, type Seeded, type Seeder } from '../support/seedInvitation';

let stack: ProductStack;
let seed: Seeder;
const { limit, windowMs } = answerAttemptPolicy;

let stop: (() => Promise<void>) | undefined;
beforeAll(async () => void ({ stack, seed, stop } = await startSeededStack()), 120_000);
afterAll(async () => stop?.());

const customerAdmin = () =>
  stack.token({
    tenantId: adatumCorp.tenantId,
    userId: randomUUID(),
    email: 'admin@adatum.example',
    wids: [GLOBAL_ADMINISTRATOR_WID],
    tenantCountry: 'US',
  });
const inviterAdmin = () => {
  const u = demoUsers.find((x) => x.tenantId === contosoDirect.tenantId && x.roles?.includes('GlobalAdmin'));
  if (!u) throw new Error('no Contoso Global admin in the demo directory');
  return stack.bearer(u);
};

async function answer(verb: 'accept' | 'decline', id: string, token: string, bearer: string) {
  return call(`${stack.url}/api/invitations/${id}/${verb}`, {
    headers: { authorization: `Bearer ${bearer}`, origin: stack.env.PUBLIC_BASE_URL as string },
    json: verb === 'accept' ? { token, acceptCustomerAgreement: true } : { token },
  });
}

/** What a caller can tell apart: status, content type, Retry-After and body. */
const seen = (r: { status: number; headers: Headers; body: unknown }) => ({
  status: r.status,
  type: r.headers.get('content-type'),
  retryAfter: r.headers.get('retry-after'),
  body: r.body,
});

describe('failed answers to one invitation link over HTTP', () => {
  let s: Seeded;
  let bearer: string;

  beforeAll(async () => {
    s = await seed.invitation({ inviter: contosoDirect });
    bearer = await customerAdmin();
  });

  it(`answers ${limit} wrong tokens exactly like an unknown id`, async () => {
    const unknown = seen(await answer('accept', randomUUID(), 'x'.repeat(43), bearer));
    expect(unknown).toMatchObject({ status: 404, retryAfter: null, body: { code: 'invitation_unavailable' } });
    for (let i = 0; i < limit; i++) {
      const verb = i % 2 ? 'decline' : 'accept';
      expect(seen(await answer(verb, s.id, `${'y'.repeat(41)}${String(i).padStart(2, '0')}`, bearer))).toEqual(unknown);
    }
    expect((await seed.get(s.id))?.doc).toMatchObject({ status: 'pending', answerFailures: { count: limit } });
  });

  it("refuses the right token with 429 and Retry-After to the window's end, also from a new host process", async () => {
    const windowEnd = Date.parse((await seed.get(s.id))?.doc.answerFailures?.windowStart as string) + windowMs;
    const expectLimited = (r: { status: number; headers: Headers; body: any }) => {
      expect(r.status).toBe(429);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.body.code).toBe('rate_limited');
      const retryAfter = Number(r.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(Math.ceil((windowEnd - Date.now()) / 1000) + 1);
      expect(retryAfter).toBeGreaterThan((windowEnd - Date.now()) / 1000 - 60);
    };
    expectLimited(await answer('accept', s.id, s.token, bearer));
    // A fresh process has seen no failure: only the count stored on the invitation refuses here.
    await stack.restartHost();
    expectLimited(await answer('accept', s.id, s.token, bearer));
    expectLimited(await answer('decline', s.id, s.token, bearer));
    // An unknown id on the fresh process is still the neutral 404.
    expect((await answer('accept', randomUUID(), s.token, bearer)).status).toBe(404);
    expect((await seed.get(s.id))?.doc).toMatchObject({
      status: 'pending',
      tokenHash: s.invitation.tokenHash,
      timeline: s.invitation.timeline,
    });
  }, 120_000);

  it("keeps the count out of the inviter's view and tells the inviter's audit trail once", async () => {
    const headers = await inviterAdmin();
    const view = await call(`${stack.url}/api/invitations/${s.id}`, { headers });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: s.id, status: 'pending' });
    expect(view.body).not.toHaveProperty('answerFailures');
    expect(view.body).not.toHaveProperty('tokenHash');
    const audit = await call(`${stack.url}/api/audit?pageSize=100`, { headers });
    expect(audit.status).toBe(200);
    const limited = (audit.body.items as Array<{ action: string; subjectId: string }>).filter(
      (e) => e.subjectId === s.id,
    );
    expect(limited).toEqual([
      expect.objectContaining({
        action: 'invitation.answersLimited',
        by: expect.objectContaining({ tenantId: adatumCorp.tenantId }),
      }),
    ]);
  });
});
