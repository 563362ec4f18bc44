// Grant notices in virtual time, against the sweep's in-memory fakes: a 730-day grant swept every
// six hours from its start to past its end gets each expiry notice once (30, 7, 1 days before), then
// the expiry notice; none after a removal (the partner is told of the removal instead); a crash or a
// used-up quota in the middle of a notice run sends nothing twice; an extension moves the notices.
import { configSchema } from '../../shared/config';
import { accessLostItem, tellAccessLostNow } from '../../shared/customers/accessLostNow';
import { GLOBAL_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { dueGrantNotice, nextGrantNotice } from '../../shared/domain/grantNotices';
import { grantNoticeEmail } from '../../shared/email/templatesNotices';
import { recordRenewal } from '../../shared/renewals/recordRenewal';
import type { SweepDeps } from '../../shared/sweep/ports';
import { runSweep } from '../../shared/sweep/runSweep';
import type { GrantDoc } from '../../shared/store/records';
import { at, CUSTOMER_TENANT, DAY, PARTNER_TENANT, pendingInvitation, T0, grantDoc } from './domain/fixtures';
import { Fakes } from './sweepFakes';

const GRANT_ID = '66666666-6666-4666-8666-666666666666';
const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const PARTNER_OPS = 'ops@contoso.example';
const CUSTOMER_ADMIN = 'admin@fabrikam.example';
const SWEEP_EVERY = DAY / 4;

function grant(overrides: Partial<GrantDoc> = {}): GrantDoc {
  return grantDoc({ roles: [GLOBAL_ADMINISTRATOR], duration: 'P730D', endsAt: at(730).toISOString(), ...overrides });
}

/** A grant as acceptance leaves it: the grant, its end item and its notice item due at once. */
async function created(f: Fakes, g: GrantDoc = grant()): Promise<GrantDoc> {
  f.addGrant(g);
  await f.dueItems.put({ kind: 'grantEnd', targetId: g.id, partitionKey: g.customerTenantId, dueAt: g.endsAt });
  await f.dueItems.put({ kind: 'grantNotice', targetId: g.id, partitionKey: g.customerTenantId, dueAt: g.startsAt });
  return g;
}

/** Sweeps every six hours from `fromDay` to `toDay` (days after T0), as the timer would; counts every outcome. */
async function sweepDays(f: Fakes, fromDay: number, toDay: number): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (let t = T0.getTime() + fromDay * DAY; t <= T0.getTime() + toDay * DAY; t += SWEEP_EVERY) {
    const now = new Date(t);
    for (const [k, n] of Object.entries(await runSweep(f.deps(), now))) total[k] = (total[k] ?? 0) + n;
  }
  return total;
}

const subjects = (f: Fakes, to: string) => f.inbox(to).map((e) => e.subject);
const actions = (f: Fakes, tenant: string) =>
  [...f.audit.values()]
    .filter((e) => e.tenantId === tenant)
    .map((e) => `${e.action}${e.detail?.offsetDays ? `:${e.detail.offsetDays}` : ''}`);
const IN_30 = 'Delegated admin privileges in Fabrikam end in 30 days';
const IN_7 = 'Delegated admin privileges in Fabrikam end in 7 days';
const REMOVED = 'Fabrikam removed your delegated admin privileges';
/** Deps whose email sender fails as a killed host's would: on the `nth` send (1-based), or every send. */
function dyingOn(f: Fakes, nth?: number) {
  const deps = f.deps();
  const send = deps.grantNotices.email.send;
  let sends = 0;
  const email = {
    send: async (e: Parameters<typeof send>[0]) =>
      nth === undefined || ++sends === nth ? Promise.reject(new Error('host killed')) : send(e),
  };
  return { ...deps, grantNotices: { ...deps.grantNotices, email } };
}

describe('expiry notices over a 730-day grant', () => {
  it('sends each offset once, to the partner contacts and the customer contact, then the expiry notice', async () => {
    const f = new Fakes();
    await created(f);
    const report = await sweepDays(f, 0, 732);
    const expected = [
      'Delegated admin privileges in Fabrikam end in 30 days',
      'Delegated admin privileges in Fabrikam end in 7 days',
      'Delegated admin privileges in Fabrikam end in 1 day',
      'Delegated admin privileges in Fabrikam have expired',
    ];
    expect(subjects(f, PARTNER_OPS)).toEqual(expected);
    expect(subjects(f, CUSTOMER_ADMIN)).toEqual(expected);
    // Each notice is a keyed audit entry (the grant.expiring event) in both trails.
    const trail = ['grant.expiring:30', 'grant.expiring:7', 'grant.expiring:1', 'grant.expired'];
    for (const tenant of [PARTNER_TENANT, CUSTOMER_TENANT]) expect(actions(f, tenant)).toEqual(trail);
    expect(report).toMatchObject({ 'grantNotice.notified': 3, 'grant.expired': 1 });
    // The notice item was handled only when a notice came due (plus once at creation): cost follows notices.
    expect(report['grantNotice.rescheduled']).toBe(1);
    expect(f.due.size).toBe(0);
    // The text names the grant's end and roles.
    expect(f.inbox(PARTNER_OPS)[0]?.text).toContain('2027-03-01 12:00 UTC');
    expect(f.inbox(PARTNER_OPS)[0]?.text).toContain('Global Administrator');
  });

  it('sends nothing more after the customer removed the grant; the partner is told of the removal, once', async () => {
    const f = new Fakes();
    const g = await created(f);
    await sweepDays(f, 0, 710);
    expect(subjects(f, PARTNER_OPS)).toEqual([IN_30]);
    // What removeMyGrant writes: the removed grant and its accessLost item, due at the removal.
    const removedAt = at(710.1).toISOString();
    f.grants.set(g.id, { doc: { ...g, status: 'removed', removedAt }, etag: '"removed"' });
    await f.dueItems.put({ kind: 'accessLost', targetId: g.id, partitionKey: g.customerTenantId, dueAt: removedAt });
    const report = await sweepDays(f, 710.25, 740);
    expect(subjects(f, PARTNER_OPS)).toEqual([IN_30, REMOVED]);
    expect(subjects(f, CUSTOMER_ADMIN)).toEqual([IN_30]);
    expect(report).toEqual({ 'accessLost.notified': 1, 'grantNotice.done': 1, 'grant.done': 1 });
    expect(f.due.size).toBe(0);
  });

  it('sends nothing to a grant that expired before its notice came due', async () => {
    const f = new Fakes();
    const g = await created(f);
    await sweepDays(f, 0, 1);
    f.grants.set(g.id, { doc: { ...g, status: 'expired' }, etag: '"x"' });
    await sweepDays(f, 699, 705);
    expect(f.emails.size).toBe(0);
  });

  it('a crash between the emails and the audit entry, and one between two recipients, send nothing twice', async () => {
    const f = new Fakes();
    await created(f);
    await sweepDays(f, 0, 699);
    const deps = f.deps();
    // The run dies after both emails went out, before the entry: the next run sends the same Operation-Ids.
    const dying = { ...deps, audit: { ...deps.audit, append: async () => Promise.reject(new Error('host killed')) } };
    expect(await runSweep(dying, at(700.1))).toEqual({ failed: 1 });
    expect(f.emails.size).toBe(2);
    expect(await runSweep(f.deps(), at(700.2))).toEqual({ 'grantNotice.notified': 1 });
    expect(f.sendCalls).toHaveLength(4);
    expect(f.emails.size).toBe(2);
    // A run that dies after the first recipient's email (the 7-day notice).
    expect(await runSweep(dyingOn(f, 2), at(723.1))).toEqual({ failed: 1 });
    expect(await runSweep(f.deps(), at(723.2))).toEqual({ 'grantNotice.notified': 1 });
    // Every later run, however often: nothing more for those two notices.
    await sweepDays(f, 723.25, 728);
    expect(subjects(f, PARTNER_OPS)).toEqual([IN_30, IN_7]);
    expect(subjects(f, CUSTOMER_ADMIN)).toEqual(subjects(f, PARTNER_OPS));
    expect(actions(f, PARTNER_TENANT)).toEqual(['grant.expiring:30', 'grant.expiring:7']);
  });

  it('keeps the notice while the quota defers it, and sends it on a later run', async () => {
    const f = new Fakes();
    await created(f);
    await sweepDays(f, 0, 699);
    f.deferSends = 1;
    expect(await runSweep(f.deps(), at(700.1))).toEqual({ 'grantNotice.deferred': 1 });
    expect(f.emails.size).toBe(0);
    expect(actions(f, PARTNER_TENANT)).toEqual([]);
    expect(await runSweep(f.deps(), at(700.2))).toEqual({ 'grantNotice.notified': 1 });
    expect(f.emails.size).toBe(2);
  });

  it('keeps the expiry item while the quota defers the expiry notice, and sends it once later', async () => {
    const f = new Fakes();
    const g = await created(f, grant({ startsAt: at(700).toISOString() }));
    f.deferSends = 1;
    expect(await runSweep(f.deps(), at(730))).toMatchObject({ 'grant.expired': 1 });
    expect(f.grants.get(g.id)?.doc.status).toBe('expired');
    expect(f.emails.size).toBe(0);
    expect(await runSweep(f.deps(), at(730.1))).toEqual({ 'grant.done': 1 });
    expect(await runSweep(f.deps(), at(730.2))).toEqual({});
    expect(subjects(f, PARTNER_OPS)).toEqual(['Delegated admin privileges in Fabrikam have expired']);
  });
});

describe('an auto-extending grant', () => {
  it('is told of its extension once, and its notices move to the new end', async () => {
    const f = new Fakes();
    await created(f, grant({ roles: [HELPDESK], autoExtend: true, duration: 'P90D', endsAt: at(90).toISOString() }));
    await sweepDays(f, 0, 92);
    const auto = 'They are extended automatically by 180 days unless the customer removes them.';
    expect(subjects(f, PARTNER_OPS)).toEqual([
      'Delegated admin privileges in Fabrikam end in 30 days',
      'Delegated admin privileges in Fabrikam end in 7 days',
      'Delegated admin privileges in Fabrikam end in 1 day',
      'Delegated admin privileges in Fabrikam were extended',
    ]);
    expect(f.inbox(PARTNER_OPS)[0]?.text).toContain(auto);
    expect(f.grants.get(GRANT_ID)?.doc.endsAt).toBe(at(270).toISOString());
    // The new end's first notice waits in its own bucket.
    const notice = [...f.due.values()].find((i) => i.kind === 'grantNotice');
    expect(notice).toMatchObject({ dueAt: at(240).toISOString(), offsetDays: 30 });
    await sweepDays(f, 92.25, 241);
    expect(subjects(f, PARTNER_OPS)).toHaveLength(5);
  });

  it('a crash after the extension, before its notice, is finished by the next run', async () => {
    const f = new Fakes();
    await created(f, grant({ roles: [HELPDESK], autoExtend: true, duration: 'P90D', endsAt: at(90).toISOString() }));
    await sweepDays(f, 0, 89.75);
    expect(await runSweep(dyingOn(f), at(90.1))).toEqual({ failed: 1 });
    expect(f.grants.get(GRANT_ID)?.doc.endsAt).toBe(at(270).toISOString());
    expect(await runSweep(f.deps(), at(90.2))).toEqual({ 'grant.rescheduled': 1 });
    expect(subjects(f, PARTNER_OPS).filter((s) => s.endsWith('were extended'))).toHaveLength(1);
    expect([...f.due.values()].map((i) => i.kind).sort()).toEqual(['grantEnd', 'grantNotice']);
  });
});

describe('the schedule', () => {
  const g = { startsAt: T0.toISOString(), endsAt: at(20).toISOString() };
  it('skips a notice before the grant started and one overtaken by a later notice', () => {
    expect(nextGrantNotice(g, [30, 7, 1], T0)).toEqual({ offsetDays: 7, dueAt: at(13).toISOString() });
    expect(dueGrantNotice(g, [30, 7, 1], at(19.5))).toBe(1);
    expect(dueGrantNotice(g, [30, 7, 1], at(12))).toBeUndefined();
    expect(dueGrantNotice(g, [30, 7, 1], at(20))).toBeUndefined();
  });

  it('reads GRANT_EXPIRY_NOTICE_DAYS: largest first, 0 for none', () => {
    const days = configSchema.shape.GRANT_EXPIRY_NOTICE_DAYS;
    expect(days.parse(undefined)).toEqual([30, 7, 1]);
    expect(days.parse('7, 30,7')).toEqual([30, 7]);
    expect(days.parse('0')).toEqual([]);
    expect(days.safeParse('thirty').success).toBe(false);
    expect(days.safeParse('731').success).toBe(false);
  });
});

describe('access lost, told at once by the removal request', () => {
  const removed = grant({ status: 'removed', removedAt: at(10).toISOString() });
  const setup = async () => {
    const f = new Fakes();
    f.addGrant(removed);
    await f.dueItems.put(accessLostItem(removed, at(10)));
    const d = f.deps();
    const logs: string[] = [];
    const deps = { ...d.grantNotices, dueItems: f.dueItems, log: (m: string) => void logs.push(m) };
    return { f, deps, logs };
  };

  it('emails the partner contacts only, and lets the sweep item go', async () => {
    const { f, deps } = await setup();
    expect(await tellAccessLostNow(deps, removed, at(10))).toBe('sent');
    expect(subjects(f, PARTNER_OPS)).toEqual([REMOVED]);
    expect(subjects(f, CUSTOMER_ADMIN)).toEqual([]);
    expect(f.due.size).toBe(0);
  });

  it('leaves a deferred or failed email to the sweep, which sends it once', async () => {
    const { f, deps, logs } = await setup();
    f.deferSends = 1;
    expect(await tellAccessLostNow(deps, removed, at(10))).toBe('left to the sweep');
    const failing = { ...deps, email: { send: async () => Promise.reject(new Error('ACS send failed: 503')) } };
    expect(await tellAccessLostNow(failing, removed, at(10))).toBe('left to the sweep');
    expect(logs).toHaveLength(1);
    expect(f.emails.size).toBe(0);
    expect(await runSweep(f.deps(), at(10.1))).toEqual({ 'accessLost.notified': 1 });
    expect(await runSweep(f.deps(), at(10.2))).toEqual({});
    expect(subjects(f, PARTNER_OPS)).toEqual([REMOVED]);
  });
});

describe('a grant renewed in place (its end moved, not by the sweep)', () => {
  it("gets the new end's notices when its old end comes due, even with its notice item gone", async () => {
    const f = new Fakes();
    const g = await created(f, grant({ roles: [HELPDESK], duration: 'P90D', endsAt: at(90).toISOString() }));
    await sweepDays(f, 0, 89.5);
    expect(subjects(f, PARTNER_OPS)).toHaveLength(3);
    expect([...f.due.values()].map((i) => i.kind)).toEqual(['grantEnd']);
    // A renewal accepted the day before the end: 180 more days, the end item left where it was.
    const cur = f.grants.get(g.id);
    f.grants.set(g.id, { doc: { ...(cur?.doc as GrantDoc), endsAt: at(270).toISOString() }, etag: '"renewed"' });
    await sweepDays(f, 89.75, 241);
    expect(f.grants.get(g.id)?.doc.status).toBe('active');
    expect(subjects(f, PARTNER_OPS).slice(3)).toEqual([IN_30]);
  });
});

/**
 * Deps that die after their `k`-th write or send (a killed host: what was done stays done); each
 * call of a write or send is one step. `steps` counts the steps of a run that does not die.
 */
function crashingAfter(f: Fakes, k: number): { deps: SweepDeps; steps: () => number } {
  const d = f.deps();
  let n = 0;
  const step = async <T>(op: () => Promise<T>): Promise<T> => {
    const r = await op();
    if (++n === k) throw new Error(`host killed after step ${k}`);
    return r;
  };
  const deps: SweepDeps = {
    ...d,
    dueItems: { ...d.dueItems, put: (i) => step(() => d.dueItems.put(i)), done: (i) => step(() => d.dueItems.done(i)) },
    audit: { ...d.audit, append: (t, e, key) => step(() => d.audit.append(t, e, key)) },
    records: { ...d.records, replaceGrant: (g, etag) => step(() => d.records.replaceGrant(g, etag)) },
    grantNotices: { ...d.grantNotices, email: { send: (e) => step(() => d.grantNotices.email.send(e)) } },
  };
  return { deps, steps: () => n };
}

describe('a crash at any step of a notice run', () => {
  /** Runs `at` with a crash after each step in turn, then normally twice; `check` sees every outcome. */
  type Prepare = (f: Fakes) => Promise<void>;
  async function everyCrash(prepare: Prepare, at1: Date, check: (f: Fakes) => void): Promise<number> {
    const clean = new Fakes();
    await prepare(clean);
    const probe = crashingAfter(clean, Number.POSITIVE_INFINITY);
    await runSweep(probe.deps, at1);
    check(clean);
    const steps = probe.steps();
    for (let k = 1; k <= steps; k++) {
      const f = new Fakes();
      await prepare(f);
      expect(await runSweep(crashingAfter(f, k).deps, at1)).toEqual({ failed: 1 });
      await runSweep(f.deps(), new Date(at1.getTime() + SWEEP_EVERY));
      await runSweep(f.deps(), new Date(at1.getTime() + 2 * SWEEP_EVERY));
      check(f);
    }
    return steps;
  }

  it('the 7-day notice: one email to each recipient, one audit entry, the item at the 1-day notice', async () => {
    const steps = await everyCrash(
      async (f) => {
        await created(f);
        await sweepDays(f, 0, 722.75);
      },
      at(723.1),
      (f) => {
        expect(subjects(f, PARTNER_OPS)).toEqual([IN_30, IN_7]);
        expect(subjects(f, CUSTOMER_ADMIN)).toEqual([IN_30, IN_7]);
        expect(actions(f, PARTNER_TENANT)).toEqual(['grant.expiring:30', 'grant.expiring:7']);
        const items = [...f.due.values()].map((i) => `${i.kind}@${i.dueAt}`).sort();
        expect(items).toEqual([`grantEnd@${at(730).toISOString()}`, `grantNotice@${at(729).toISOString()}`]);
      },
    );
    // Two sends, the audit append, the item's put and done.
    expect(steps).toBe(5);
  });

  it('the expiry: one expired email to each recipient, one audit entry, no item left', async () => {
    const steps = await everyCrash(
      async (f) => {
        await created(f);
        await sweepDays(f, 0, 729.75);
      },
      at(730.1),
      (f) => {
        expect(subjects(f, PARTNER_OPS).at(-1)).toBe('Delegated admin privileges in Fabrikam have expired');
        expect(subjects(f, PARTNER_OPS)).toHaveLength(4);
        expect(subjects(f, CUSTOMER_ADMIN)).toHaveLength(4);
        expect(actions(f, CUSTOMER_TENANT).filter((a) => a === 'grant.expired')).toHaveLength(1);
        expect(f.due.size).toBe(0);
      },
    );
    // The conditional replace, the audit append, two sends, the item's done.
    expect(steps).toBe(5);
  });
});

describe('a grant renewed by an accepted renewal request (shared/renewals/recordRenewal.ts)', () => {
  it("gets the new end's notices once, and none for the old end after the renewal", async () => {
    const f = new Fakes();
    const g = await created(f, grant({ roles: [HELPDESK], duration: 'P90D', endsAt: at(90).toISOString() }));
    await sweepDays(f, 0, 89.5);
    expect(subjects(f, PARTNER_OPS)).toEqual([IN_30, IN_7, 'Delegated admin privileges in Fabrikam end in 1 day']);
    const d = f.deps();
    const answeredAt = at(89.6).toISOString();
    const renewal = {
      ...pendingInvitation(),
      id: '77777777-7777-4777-8777-777777777777',
      grantId: g.id,
      status: 'accepted' as const,
      answeredAt,
      delegatedAdmin: { roles: [HELPDESK], duration: 'P180D', autoExtend: false },
    };
    await recordRenewal(
      { ...d, invitations: { apply: async () => undefined }, dueItems: f.dueItems, now: () => at(89.6) },
      renewal,
      CUSTOMER_TENANT,
    );
    expect(f.grants.get(g.id)?.doc.endsAt).toBe(at(269.6).toISOString());
    await sweepDays(f, 89.75, 272);
    expect(subjects(f, PARTNER_OPS).slice(3)).toEqual([
      IN_30,
      IN_7,
      'Delegated admin privileges in Fabrikam end in 1 day',
      'Delegated admin privileges in Fabrikam have expired',
    ]);
  });
});

describe('the notice emails', () => {
  const parties = { partnerName: 'Contoso\r\nBcc: x@evil.example', customerName: 'Fabrikam' };
  it('are written in Swedish too, with names on one line and dates in UTC', () => {
    const sv = grantNoticeEmail({ kind: 'expiring', offsetDays: 7 }, grant(), parties, 'sv-SE');
    expect(sv.locale).toBe('sv');
    expect(sv.subject).toBe('Delegerad administratörsbehörighet i Fabrikam upphör om 7 dagar');
    expect(sv.text).toContain('2027-03-01 12:00 UTC');
    expect(sv.text).not.toMatch(/\r|\n\s*Bcc/);
    const removed = grantNoticeEmail({ kind: 'removed' }, grant({ removedAt: at(3).toISOString() }), parties, 'fr');
    expect(removed).toMatchObject({ locale: 'en', subject: 'Fabrikam removed your delegated admin privileges' });
    expect(removed.text).toContain('2025-03-04 12:00 UTC');
  });
});
