// What test/reliability/invitation-crash.test.ts reads back once everything has settled (Cosmos,
// the email sink, the durable management API and the partner's own API), and the invariants it
// must satisfy with or without host crashes. Violations are collected as sentences, so one failed
// run names every broken invariant at once.
import type { InstanceDoc } from '../../infra/local/durable/instance';
import { grantEnd } from '../../shared/domain/grantPeriod';
import type { Invitation } from '../../shared/domain/invitation';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { call } from './hostProcess';
import { expectedGrant, type Fate, type PlannedInvitation } from './invitationCrashPlan';
import type { ProductStack } from './productStack';

type Reply = Awaited<ReturnType<typeof call>>;
type Doc = Record<string, any>;

/** A portal's request: its reply, and how often it was sent (more than once: the host died under it). */
export interface Sent {
  reply: Reply;
  attempts: number;
}
export type Requests = Array<{ p: PlannedInvitation; sent: Sent }>;

/** Everything the invariants look at. */
export interface Observed {
  planned: PlannedInvitation[];
  creates: Requests;
  resends: Requests;
  answers: Requests;
  /** Each answer sent once more after everything settled. */
  repeats: Requests;
  /** Every invitation document in Cosmos (not only the planned ones). */
  invitations: Invitation[];
  orchestrations: Map<string, { runtimeStatus?: string; output?: unknown }>;
  /** Subjects in each invitee's inbox, and in the inviter's. */
  inbox: Map<string, string[]>;
  inviterInbox: string[];
  relationships: Doc[];
  customerDocs: Doc[];
  /** GET /api/customers, GET /api/invitations, GET /api/audit of the partner, every page. */
  customerList: Doc[];
  invitationList: Doc[];
  audit: Doc[];
  /** Requests the portal had to send again because the host died under them. */
  retriedRequests: number;
}

/** What each fate ends as: the invitation's status and its orchestration's output. */
type Settled = Exclude<Fate, 'race'>;
const finalStatus: Record<Settled, string> = {
  accept: 'recorded',
  decline: 'declined',
  revoke: 'revoked',
  expire: 'expired',
};
const answerEntry: Record<Settled, string> = {
  accept: 'accepted',
  decline: 'declined',
  revoke: 'revoked',
  expire: 'expired',
};

/** A planned invitation with its fate settled: an acceptance that raced the deadline won (accept) or lost (expire). */
type Resolved = Omit<PlannedInvitation, 'fate'> & { fate: Settled; raced: boolean };
const resolve = (p: PlannedInvitation, stored: Invitation | undefined): Resolved =>
  p.fate === 'race'
    ? { ...p, fate: stored?.status === 'recorded' ? 'accept' : 'expire', raced: true }
    : { ...p, fate: p.fate, raced: false };

function database(env: NodeJS.ProcessEnv) {
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY,
    caCertFile: env.COSMOS_CA_CERT_FILE,
  });
  return { client, db: client.database(env.COSMOS_DATABASE as string) };
}

/** Every document of some of the product's containers, straight from Cosmos. */
async function readAll(env: NodeJS.ProcessEnv, names: ReadonlyArray<keyof typeof containers>): Promise<Doc[][]> {
  const { client, db } = database(env);
  try {
    return await Promise.all(
      names.map(
        async (n) => (await db.container(containers[n].id).items.query<Doc>('SELECT * FROM c').fetchAll()).resources,
      ),
    );
  } finally {
    client.dispose();
  }
}

/** Reads the stored invitations by id, as often as asked, on one client (for polling). */
export function invitationReader(env: NodeJS.ProcessEnv): { byId(): Promise<Map<string, Invitation>>; close(): void } {
  const { client, db } = database(env);
  const container = db.container(containers.invitations.id);
  return {
    async byId() {
      // The soak injects Cosmos faults on the product's containers: this reader only watches, so it asks again.
      for (let tries = 1; ; tries++) {
        try {
          const { resources } = await container.items.query<Invitation>('SELECT * FROM c').fetchAll();
          return new Map(resources.map((i) => [i.id, i]));
        } catch (e) {
          if (tries >= 50) throw e;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    },
    close: () => client.dispose(),
  };
}

/** The durable engine's instance documents. */
export async function durableInstances(env: NodeJS.ProcessEnv): Promise<InstanceDoc[]> {
  const [docs] = await readAll(env, ['durableInstances']);
  return docs as InstanceDoc[];
}

/** Every item of a paged list of the partner's API. */
async function allPages(stack: ProductStack, path: string, headers: Record<string, string>): Promise<Doc[]> {
  const items: Doc[] = [];
  let token: string | undefined;
  do {
    const r = await call(
      `${stack.url}${path}?pageSize=100${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`,
      { headers },
    );
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    items.push(...(r.body.items as Doc[]));
    token = r.body.continuationToken ?? undefined;
  } while (token);
  return items;
}

/** Reads back everything once the host has settled. */
export async function observe(
  stack: ProductStack,
  o: {
    planned: PlannedInvitation[];
    partner: Record<string, string>;
    inviterEmail: string;
    creates: Requests;
    resends: Requests;
    answers: Requests;
    repeats: Requests;
  },
): Promise<Observed> {
  const [invitations, relationships, customerDocs] = await readAll(stack.env, [
    'invitations',
    'relationships',
    'customers',
  ]);
  const orchestrations = new Map<string, { runtimeStatus?: string; output?: unknown }>();
  const inbox = new Map<string, string[]>();
  for (const p of o.planned) {
    orchestrations.set(p.id, (await call(`${stack.url}/runtime/webhooks/durabletask/instances/${p.id}`)).body ?? {});
    inbox.set(
      p.recipientEmail,
      (await stack.inbox(p.recipientEmail)).map((m) => m.subject),
    );
  }
  const requests = [...o.creates, ...o.resends, ...o.answers];
  return {
    ...o,
    invitations: invitations as Invitation[],
    orchestrations,
    inbox,
    inviterInbox: (await stack.inbox(o.inviterEmail)).map((m) => m.subject),
    relationships,
    customerDocs,
    customerList: await allPages(stack, '/api/customers', o.partner),
    invitationList: await allPages(stack, '/api/invitations', o.partner),
    audit: await allPages(stack, '/api/audit', o.partner),
    retriedRequests: count(requests, (r) => r.sent.attempts > 1),
  };
}

const count = <T>(items: readonly T[], pick: (t: T) => boolean): number => items.filter(pick).length;
const sorted = (items: readonly string[]): string[] => [...items].sort();
const same = (a: readonly string[], b: readonly string[]): boolean =>
  JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/**
 * The invariants; `exact` (the control run, nothing killed) also pins what a crash may legitimately
 * vary: the number of sends of a resent invitation, the reminder of an expired one.
 */
/** `overlap`: answers went out while resends were on their way (a resend may meet an answered invitation). */
export function checkInvariants(
  o: Observed,
  { exact, overlap = false }: { exact: boolean; overlap?: boolean },
): string[] {
  const bad: string[] = [];
  const stored = new Map(o.invitations.map((i) => [i.id, i]));
  const planned = o.planned.map((p) => resolve(p, stored.get(p.id)));

  // Every create answered 202 with the one invitation its key names; nothing else was created.
  for (const { p, sent } of o.creates) {
    if (sent.reply.status !== 202 || sent.reply.body?.id !== p.id)
      bad.push(
        `create ${p.key}: ${sent.reply.status} ${JSON.stringify(sent.reply.body?.id ?? sent.reply.body)} instead of 202 with ${p.id}`,
      );
  }
  // Every resend was taken; a retry after a try the host died under may find that try's email
  // already sent and be told to wait (429), which is the consistent answer too.
  for (const { p, sent } of o.resends) {
    const retriedTooSoon =
      !exact && sent.attempts > 1 && sent.reply.status === 429 && sent.reply.body?.code === 'rate_limited';
    const metAnswer =
      overlap &&
      sent.reply.status === 409 &&
      sent.reply.body?.code === 'already_answered' &&
      p.fate !== 'expire' &&
      p.fate !== 'race';
    if (sent.reply.status !== 202 && !retriedTooSoon && !metAnswer)
      bad.push(`resend ${p.id}: ${sent.reply.status} ${JSON.stringify(sent.reply.body)} after ${sent.attempts} tries`);
  }
  if (o.invitations.length !== planned.length)
    bad.push(`${o.invitations.length} invitations stored for ${planned.length} created`);
  for (const p of planned) {
    if (count(o.invitations, (i) => i.idempotencyKey === p.key) !== 1)
      bad.push(`key ${p.key}: ${count(o.invitations, (i) => i.idempotencyKey === p.key)} invitations`);
  }

  for (const p of planned) {
    const inv = stored.get(p.id);
    if (!inv) {
      bad.push(`${p.id} (${p.fate}): not stored`);
      continue;
    }
    bad.push(
      ...lifeOf(o, p, inv, exact, overlap).map(
        (m) => `${p.id} (${p.fate}${p.raced ? ' after racing the deadline' : ''}${p.resend ? ', resent' : ''}): ${m}`,
      ),
    );
  }

  // The partner's lists show each accepted customer, and each invitation with its status, once.
  const accepted = planned.filter((p) => p.fate === 'accept');
  const listed = o.customerList.map((c) => String(c.customerTenantId));
  if (
    !same(
      listed,
      accepted.map((p) => p.customer.tenantId),
    )
  )
    bad.push(`GET /api/customers lists ${listed.length} customers, not the ${accepted.length} accepted ones once each`);
  const summaries = o.invitationList.map((s) => `${s.invitationId}:${s.status}`);
  const expectedSummaries = planned.map((p) => `${p.id}:${stored.get(p.id)?.status}`);
  const wrongSummaries = summaries.filter((s) => !expectedSummaries.includes(s));
  if (!same(summaries, expectedSummaries))
    bad.push(
      `GET /api/invitations differs from the invitations: ${JSON.stringify(wrongSummaries)} listed, ${JSON.stringify(expectedSummaries.filter((s) => !summaries.includes(s)))} missing`,
    );

  // The inviter hears of each acceptance and each expiry once, and of nothing else.
  const notices = [
    ...accepted.map((p) => `${p.customer.email} accepted your invitation`),
    ...planned.filter((p) => p.fate === 'expire').map((p) => `Your invitation to ${p.recipientEmail} expired`),
  ];
  if (!same(o.inviterInbox, notices))
    bad.push(
      `the inviter's inbox has ${JSON.stringify(sorted(o.inviterInbox).filter((s) => !notices.includes(s) || count(o.inviterInbox, (x) => x === s) > 1))} beyond, ${JSON.stringify(notices.filter((s) => !o.inviterInbox.includes(s)))} missing`,
    );
  return bad;
}

/** One invitation's end: state, timeline, emails, records, audit, orchestration, the answers given. */
function lifeOf(o: Observed, p: Resolved, inv: Invitation, exact: boolean, overlap: boolean): string[] {
  const bad: string[] = [];
  const types = inv.timeline.map((e) => e.type);
  if (inv.status !== finalStatus[p.fate]) bad.push(`status ${inv.status}, expected ${finalStatus[p.fate]}`);
  const terminal = types.filter((t) => ['accepted', 'declined', 'revoked', 'expired'].includes(t));
  if (terminal.join() !== answerEntry[p.fate]) bad.push(`timeline answers ${JSON.stringify(terminal)}`);
  if (count(types, (t) => t === 'created') !== 1)
    bad.push(`timeline has ${count(types, (t) => t === 'created')} 'created'`);
  if (count(types, (t) => t === 'recorded') !== (p.fate === 'accept' ? 1 : 0))
    bad.push(`timeline has ${count(types, (t) => t === 'recorded')} 'recorded'`);

  // Sends: the first, plus one per resend the orchestration heard of. A resend request has no
  // idempotency key: one the host died under may have been raised before it died, and its retry
  // then asks again (so under kills, up to one send per try).
  const sendNumbers = inv.timeline.filter((e) => e.type === 'emailed').map((e) => Number(e.detail?.['sendNumber']));
  if (sendNumbers.join() !== Array.from({ length: inv.sendCount }, (_, i) => i + 1).join() || inv.sendCount < 1)
    bad.push(`sendCount ${inv.sendCount} with sends ${JSON.stringify(sendNumbers)} in the timeline`);
  const resendTries = o.resends.filter((r) => r.p.id === p.id).reduce((n, r) => n + r.sent.attempts, 0);
  // An answer that beat the resend leaves one send (answered ones only: the open ones must have both).
  const answered = p.fate !== 'expire' && !p.raced;
  const [least, most] = !p.resend ? [1, 1] : exact ? [2, 2] : [overlap && answered ? 1 : 2, 1 + resendTries];
  if (inv.sendCount < least || inv.sendCount > most)
    bad.push(`sent ${inv.sendCount} times, expected ${least}..${most}`);

  // The inbox shows what the timeline says: one email per send, at most one reminder.
  const subjects = o.inbox.get(p.recipientEmail) ?? [];
  const reminders = count(subjects, (s) => s.startsWith('Reminder: '));
  const invitationEmails = subjects.length - reminders;
  if (invitationEmails !== inv.sendCount)
    bad.push(`${invitationEmails} invitation emails in the inbox for ${inv.sendCount} sends`);
  const remindedInTimeline = count(types, (t) => t === 'reminded');
  if (reminders > 1 || reminders !== remindedInTimeline)
    bad.push(`${reminders} reminders in the inbox, ${remindedInTimeline} in the timeline`);
  // Without a crash the one reminder goes exactly to those still open at day 27. With one, the
  // product promises at most one: a host down across that day may find the deadline passed.
  if (exact && reminders !== (p.fate === 'expire' || p.raced ? 1 : 0))
    bad.push(`${reminders} reminders without a crash`);

  bad.push(...recordsOf(o, p, inv));
  bad.push(...auditOf(o, p, inv, sendNumbers, remindedInTimeline));

  const orchestration = o.orchestrations.get(p.id);
  if (orchestration?.runtimeStatus !== 'Completed' || orchestration.output !== finalStatus[p.fate])
    bad.push(`orchestration ${orchestration?.runtimeStatus} with output ${JSON.stringify(orchestration?.output)}`);

  bad.push(...answersTo(o, p, inv));
  return bad;
}

/** An acceptance records one customer, one relationship (and its mirror), one grant if asked; nothing else does. */
function recordsOf(o: Observed, p: Resolved, inv: Invitation): string[] {
  const bad: string[] = [];
  const tenant = p.customer.tenantId;
  const accepted = p.fate === 'accept';
  const relationships = o.relationships.filter((r) => r.customerTenantId === tenant);
  if (relationships.length !== (accepted ? 1 : 0)) bad.push(`${relationships.length} relationships`);
  for (const r of relationships) {
    if (
      r.partnerTenantId !== inv.partnerTenantId ||
      r.status !== 'active' ||
      r.invitationId !== p.id ||
      r.createdAt !== inv.answeredAt
    )
      bad.push(`relationship ${JSON.stringify(r)}`);
  }
  const ofTenant = (type: string) => o.customerDocs.filter((d) => d.tenantId === tenant && d.type === type);
  if (ofTenant('relationshipMirror').length !== (accepted ? 1 : 0))
    bad.push(`${ofTenant('relationshipMirror').length} relationship mirrors`);
  // An acceptance that lost the race to the deadline may leave the customer agreement it put on
  // record first (recordAgreement.ts: a fact of the customer tenant, not of the invitation).
  const customers = ofTenant('customer');
  const agreementOnly = p.raced && !accepted && customers.length === 1 && Boolean(customers[0]?.agreementAcceptedAt);
  if (customers.length !== (accepted ? 1 : 0) && !agreementOnly) bad.push(`${customers.length} customer records`);
  const grants = o.customerDocs.filter((d) => d.type === 'grant' && (d.invitationId === p.id || d.tenantId === tenant));
  const asked = expectedGrant(p);
  if (grants.length !== (accepted && asked ? 1 : 0)) bad.push(`${grants.length} grants`);
  const grant = grants[0];
  if (grant && asked) {
    const want = {
      roles: asked.roles,
      duration: asked.duration,
      autoExtend: asked.autoExtend,
      startsAt: inv.answeredAt,
      endsAt: grantEnd(inv.answeredAt as string, asked.duration),
      status: 'active',
      partnerTenantId: inv.partnerTenantId,
      customerTenantId: tenant,
    };
    const got = {
      roles: grant.roles,
      duration: grant.duration,
      autoExtend: grant.autoExtend,
      startsAt: grant.startsAt,
      endsAt: grant.endsAt,
      status: grant.status,
      partnerTenantId: grant.partnerTenantId,
      customerTenantId: grant.customerTenantId,
    };
    if (JSON.stringify(got) !== JSON.stringify(want))
      bad.push(`grant ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  return bad;
}

/** Each change of the invitation is in the partner's audit trail exactly once. */
function auditOf(o: Observed, p: Resolved, inv: Invitation, sendNumbers: number[], reminded: number): string[] {
  const want = [
    'invitation.created',
    ...sendNumbers.map((n) => `invitation.emailed#${n}`),
    `invitation.${answerEntry[p.fate]}`,
    ...(p.fate === 'accept' ? ['invitation.recorded', 'invitation.inviterNotified#accepted'] : []),
    ...(p.fate === 'expire' ? ['invitation.inviterNotified#expired'] : []),
    ...(reminded ? ['invitation.reminded'] : []),
  ];
  const all = o.audit
    .filter((e) => e.subjectType === 'invitation' && e.subjectId === inv.id)
    .map(
      (e) =>
        `${e.action}${e.detail?.sendNumber ? `#${e.detail.sendNumber}` : ''}${e.detail?.reminder ? `#r${e.detail.reminder}` : ''}${e.detail?.notice ? `#${e.detail.notice}` : ''}`,
    );
  // ACS's delivery reports (when the run has them on): at most one per email, each of a send that was made.
  const reports = all.filter((a) => a.startsWith('invitation.delivered#'));
  const got = all.filter((a) => !a.startsWith('invitation.delivered#'));
  const bad = same(got, want)
    ? []
    : [`audit ${JSON.stringify(sorted(got))}, expected each of ${JSON.stringify(sorted(want))} once`];
  if (new Set(reports).size !== reports.length)
    bad.push(`delivery reports in the audit twice: ${JSON.stringify(sorted(reports))}`);
  const unsent = reports.filter((r) => !sendNumbers.includes(Number(r.split('#')[1])));
  if (unsent.length) bad.push(`delivery reports of sends never made: ${JSON.stringify(unsent)}`);
  return bad;
}

/** Every answer was taken (after its retries), and the same answer again gets the same result. */
function answersTo(o: Observed, p: Resolved, inv: Invitation): string[] {
  const first = o.answers.find((a) => a.p.id === p.id)?.sent;
  // An acceptance that lost the race to the deadline meets an expired link: the same 404 as any unusable one.
  if (p.raced && p.fate === 'expire')
    return first?.reply.status === 404 && first.reply.body?.code === 'invitation_unavailable'
      ? []
      : [`late acceptance: ${first?.reply.status} ${JSON.stringify(first?.reply.body)}`];
  if (p.fate === 'expire') return [];
  const bad: string[] = [];
  const again = o.repeats.find((a) => a.p.id === p.id)?.sent;
  for (const [what, s] of p.raced
    ? ([['answer', first]] as const)
    : ([
        ['answer', first],
        ['repeated answer', again],
      ] as const)) {
    if (s?.reply.status !== 200)
      bad.push(`${what}: ${s?.reply.status} ${JSON.stringify(s?.reply.body)} after ${s?.attempts} tries`);
  }
  if (p.fate === 'revoke') {
    if (first?.reply.body?.status !== 'revoked' || again?.reply.body?.status !== 'revoked')
      bad.push('a revoke did not answer "revoked"');
    return bad;
  }
  // Accept and decline: the answer is the stored one, and a repeat gets exactly the first result.
  if (first?.reply.body?.answeredAt !== inv.answeredAt)
    bad.push(`answered at ${first?.reply.body?.answeredAt} but stored ${inv.answeredAt}`);
  if (!p.raced && JSON.stringify(again?.reply.body) !== JSON.stringify(first?.reply.body))
    bad.push(`repeat answered ${JSON.stringify(again?.reply.body)}, first ${JSON.stringify(first?.reply.body)}`);
  return bad;
}
