// The adversary matrix: every operation the served OpenAPI document lists (which
// test/unit/openapi-coverage.test.ts proves is every registered HTTP route) × a catalogue of
// callers who must get nothing from the own partner's world — a foreign tenant's partner and
// customer, a tenant with every partner app role but no enrolment, a suspended partner, a partner
// whose partnership ended, the operator on partner routes, partners on operator routes, an app-only
// token, a customer user who is not Global admin, the inviter acting as its own invitee, and no
// token. Each is refused (4xx) unless its own principals and standing allow the operation on its own
// data, and the refused calls change nothing in the store.
import { randomUUID } from 'node:crypto';
import { GLOBAL_ADMINISTRATOR_WID } from '../../shared/auth/caller';
import { demoOperator, fabrikamDistribution, northwindResellers } from '../../infra/local/identity/demoDirectory';
import { containers } from '../../shared/store/containers';
import { createCosmosClient } from '../../shared/store/cosmosClient';
import { OWN_CUSTOMER, OWN_PARTNER, type Reply, seedWorld, userOf, type World } from '../support/apiWorld';
import { enrolPartner } from '../support/enrolment';
import { startProductStack } from '../support/productStack';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  anonymous: boolean;
  roles: string[];
}
interface Actor {
  name: string;
  headers: () => Promise<Record<string, string>>;
  /** Operations whose success is this actor's due (its own data). */ mayDo: (op: Operation) => boolean;
}

let world: World;
let operations: Operation[];
const outcomes: Array<{ op: string; actor: string; status: number }> = [];

const tokenOf = async (claims: {
  tenantId: string;
  roles?: string[];
  wids?: string[];
  scopes?: string[];
}): Promise<Record<string, string>> => {
  const token = await world.stack.token({
    userId: randomUUID(),
    email: `someone@${claims.tenantId.slice(0, 8)}.example`,
    tenantCountry: 'US',
    ...claims,
  });
  return { authorization: `Bearer ${token}` };
};

const SUSPENDED = randomUUID();
const UNENROLLED = randomUUID();
const FOREIGN_CUSTOMER = randomUUID();
const ALL_PARTNER_ROLES = ['GlobalAdmin', 'AdminAgent', 'SalesAgent', 'UserManagementAdmin', 'HelpdeskAgent'];

/** Lists and documents of the caller's own tenant (no `{id}` naming another's resource). */
const ownTenantRead = (op: Operation) => op.method === 'GET' && !/\{/.test(op.path);
const isProgram = (op: Operation) => op.path.startsWith('/api/program/');
const partnerOp = (op: Operation) => op.roles.some((r) => ALL_PARTNER_ROLES.includes(r));

beforeAll(async () => {
  world = await seedWorld(await startProductStack({ INVITER_SENDS_PER_HOUR: '100000' }));
  const doc = (await world.api('/api/openapi.json')).body as {
    paths: Record<string, Record<string, { operationId: string; security?: unknown[]; 'x-required-roles'?: string[] }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: op.operationId,
      anonymous: (op.security ?? [{}]).length === 0,
      roles: op['x-required-roles'] ?? [],
    })),
  );
  const operator = await world.stack.bearer(demoOperator);
  await enrolPartner(world.stack.url, operator, {
    tenantId: SUSPENDED,
    name: 'Suspended Direct',
    kind: 'direct',
    mpnId: '9900001',
    country: 'US',
    cloud: 'public',
  });
  expect(
    (await world.api(`/api/program/partners/${SUSPENDED}/suspend`, { method: 'POST', headers: operator })).status,
  ).toBe(200);
  // A partner whose partnership ended: Fabrikam and Northwind partnered, then Fabrikam removed it.
  await enrolPartner(world.stack.url, operator, fabrikamDistribution);
  await world.settle();
}, 240_000);

afterAll(async () => {
  await world?.stack.stop();
});

function actors(): Actor[] {
  const publicOnly = () => false;
  return [
    { name: 'no token', headers: async () => ({}), mayDo: publicOnly },
    {
      name: 'app-only token with every partner role (no scp)',
      headers: () => tokenOf({ tenantId: OWN_PARTNER.tenantId, roles: ALL_PARTNER_ROLES, scopes: [] }),
      mayDo: publicOnly,
    },
    {
      name: 'tenant with every partner app role, not enrolled',
      headers: () => tokenOf({ tenantId: UNENROLLED, roles: ALL_PARTNER_ROLES }),
      mayDo: publicOnly,
    },
    {
      name: 'suspended partner (Global admin)',
      headers: () => tokenOf({ tenantId: SUSPENDED, roles: ['GlobalAdmin'] }),
      // It reads what is its own and keeps its contact details; it sends, answers, adds and buys nothing.
      mayDo: (op) => partnerOp(op) && !isProgram(op) && (ownTenantRead(op) || op.operationId === 'patchPartner'),
    },
    {
      name: 'partner whose partnership ended (Northwind Global admin)',
      headers: async () => ({
        authorization: (await world.auth({ kind: 'partner', role: 'GlobalAdmin', own: false })).authorization as string,
      }),
      // An active partner still: its own lists, contact details and drafts, and (as a directory
      // Global admin) its own tenant's customer side.
      mayDo: (op) =>
        (partnerOp(op) &&
          !isProgram(op) &&
          (ownTenantRead(op) || ['patchPartner', 'draftInvitation'].includes(op.operationId))) ||
        op.operationId === 'listMyPartners',
    },
    // Its own trail and its own webhook endpoints (for program events) are its own data.
    {
      name: 'operator on partner routes',
      headers: () => world.stack.bearer(demoOperator),
      mayDo: (op) => isProgram(op) || op.operationId === 'listAudit' || op.operationId === 'listWebhooks',
    },
    {
      name: 'customer user who is not Global admin',
      headers: () => tokenOf({ tenantId: OWN_CUSTOMER.tenantId }),
      mayDo: publicOnly,
    },
    {
      name: "foreign customer's Global admin",
      headers: () => tokenOf({ tenantId: FOREIGN_CUSTOMER, wids: [GLOBAL_ADMINISTRATOR_WID] }),
      // Its own (empty) partner list and trail, and asking to join the program.
      mayDo: (op) => ['listMyPartners', 'listAudit', 'requestEnrolment'].includes(op.operationId),
    },
  ];
}

/** A path whose ids name the own partner's resources (or the own partner itself). */
function pathFor(op: Operation): string {
  return op.path
    .replace('{tenantId}', op.path.startsWith('/api/program/') ? OWN_PARTNER.tenantId : northwindResellers.tenantId)
    .replace('{subscriptionId}', randomUUID())
    .replace(
      '{id}',
      op.path.includes('/customers/')
        ? world.customerId
        : op.path.includes('delegated-admin-grants')
          ? world.grantId
          : world.invitation.id,
    );
}

/** A plausible body: enough to get past parsing for the common shapes; a refusal must come first anyway. */
function bodyFor(op: Operation): unknown {
  if (op.operationId === 'acceptInvitation' || op.operationId === 'declineInvitation')
    return { token: world.invitation.token, acceptCustomerAgreement: true };
  if (['putProgramPartner', 'requestEnrolment'].includes(op.operationId))
    return { name: 'Evil Resellers', kind: 'direct', mpnId: '1000001', country: 'US', cloud: 'public' };
  if (op.operationId === 'createInvitation')
    return {
      recipientEmail: 'victim@adatum.example',
      includeDelegatedAdmin: true,
      delegatedAdmin: { roles: [GLOBAL_ADMINISTRATOR_WID], duration: 'P730D', autoExtend: true },
    };
  if (op.operationId === 'patchPartner') return { notificationContacts: ['attacker@evil.example'] };
  return {};
}

async function call(op: Operation, actor: Actor): Promise<Reply> {
  const withBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
  const headers = { ...(await actor.headers()), origin: world.stack.env.PUBLIC_BASE_URL as string };
  return world.api(pathFor(op), { method: op.method, headers, ...(withBody ? { json: bodyFor(op) } : {}) });
}

/** Every document of the product's own containers (not the durable engine's), by container and id. */
async function snapshot(): Promise<Map<string, string>> {
  const env = world.stack.env;
  const client = createCosmosClient({
    endpoint: env.COSMOS_ENDPOINT as string,
    key: env.COSMOS_KEY as string,
    caCertFile: env.COSMOS_CA_CERT_FILE as string,
  });
  const db = client.database((env.COSMOS_DATABASE as string) ?? 'resellerconnect');
  const out = new Map<string, string>();
  // Failed answers per link are counted by design (the link's attempt limiter); the audit trail is
  // compared too: a refused call writes no entry.
  for (const spec of Object.values(containers).filter(
    (c) => !['durableInstances', 'answerFailures', 'emailQuota', 'inviterSends'].includes(c.id),
  )) {
    const { resources } = await db.container(spec.id).items.query('SELECT * FROM c').fetchAll();
    for (const r of resources) {
      // The webhook publisher's checkpoint moves on its timer whatever any request does.
      if (spec.id === 'webhooks' && r.id === 'outbox-checkpoint') continue;
      out.set(`${spec.id}/${r.id}`, JSON.stringify({ ...r, _ts: undefined, _etag: r._etag }));
    }
  }
  return out;
}

test('every operation × adversary: refused unless the actor’s own principals and standing allow it on its own data; refused calls change nothing', async () => {
  const wrong: string[] = [];
  const before = await snapshot();
  for (const actor of actors()) {
    for (const op of operations) {
      if (op.anonymous || actor.mayDo(op)) continue;
      const r = await call(op, actor);
      outcomes.push({ op: op.operationId, actor: actor.name, status: r.status });
      if (r.status < 400 || r.status >= 500)
        wrong.push(`${actor.name} → ${op.method} ${op.path}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)}`);
    }
  }
  // The inviter acting as its own invitee: the own partner's Global admin (also its directory's
  // Global administrator) answering.
  const inviter = userOf({ kind: 'partner', role: 'GlobalAdmin', own: true });
  const asInvitee = {
    name: 'inviter acting as invitee',
    headers: () =>
      tokenOf({ tenantId: OWN_PARTNER.tenantId, roles: ['GlobalAdmin'], wids: [...(inviter?.wids ?? [])] }),
    mayDo: () => false,
  };
  for (const op of operations.filter((o) => ['acceptInvitation', 'declineInvitation'].includes(o.operationId))) {
    const r = await call(op, asInvitee);
    outcomes.push({ op: op.operationId, actor: asInvitee.name, status: r.status });
    if (r.status < 400 || r.status >= 500) wrong.push(`${asInvitee.name} → ${op.method} ${op.path}: ${r.status}`);
  }
  await world.settle();
  const after = await snapshot();
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  console.log(
    `adversary matrix: ${outcomes.length} refused-expected calls over ${operations.length} operations × ${actors().length + 1} actors; ${wrong.length} unauthorized successes or 5xx; ${changed.length} documents changed`,
  );
  expect(wrong).toEqual([]);
  expect(changed.map((k) => [k, before.get(k)?.slice(0, 300), after.get(k)?.slice(0, 300)])).toEqual([]);
  expect(outcomes.length).toBeGreaterThan(operations.length * 4);
});

test('what the actors may do on their own data succeeds (the matrix is not refusing everything)', async () => {
  const mine = actors().flatMap((a) =>
    operations
      .filter((op) => !op.anonymous && a.mayDo(op) && op.method === 'GET' && !/\{/.test(op.path))
      .map((op) => [a, op] as const),
  );
  expect(mine.length).toBeGreaterThan(5);
  for (const [actor, op] of mine) {
    const r = await call(op, actor);
    expect([`${actor.name} → ${op.operationId}`, r.status]).toEqual([`${actor.name} → ${op.operationId}`, 200]);
  }
});
