// A seeded world for the table-driven suites, built through the API only: two partners with
// profiles, their invitations, and one accepted invitation (customer, relationship, grant).
import {
  contosoDirect,
  type DemoUser,
  adatumCorp,
  demoOperator,
  demoUsers,
  litwareGmbh,
  northwindResellers,
} from '../../infra/local/identity/demoDirectory';
import { HELPDESK_ADMINISTRATOR } from '../../shared/domain/directoryRoles';
import { deriveInvitationToken } from '../../shared/domain/token';
import { call } from './hostProcess';
import type { ProductStack } from './productStack';
import type { CallerSpec } from './routeTable';
import { enrolPartner, operatorAuth } from './enrolment';

export type Reply = { status: number; headers: Headers; body: any };

export const OWN_PARTNER = contosoDirect;
export const FOREIGN_PARTNER = northwindResellers;
export const OWN_CUSTOMER = adatumCorp;
export const FOREIGN_CUSTOMER = litwareGmbh;

const demoUser = (tenantId: string, pick: (u: DemoUser) => boolean): DemoUser => {
  const u = demoUsers.find((x) => x.tenantId === tenantId && pick(x));
  if (!u) throw new Error(`no demo user in ${tenantId}`);
  return u;
};

/** The demo user a caller spec stands for (undefined: no token). */
export function userOf(c: CallerSpec): DemoUser | undefined {
  if (c.kind === 'anonymous') return undefined;
  if (c.kind === 'operator') return demoOperator;
  if (c.kind === 'partner')
    return demoUser((c.own ? OWN_PARTNER : FOREIGN_PARTNER).tenantId, (u) => u.roles?.includes(c.role) ?? false);
  return demoUser(
    (c.own ? OWN_CUSTOMER : FOREIGN_CUSTOMER).tenantId,
    (u) => (u.wids?.length ?? 0) > 0 === c.globalAdmin,
  );
}

export interface World {
  stack: ProductStack;
  /** The Authorization header of a caller ({} for anonymous), tokens cached. */
  auth(c: CallerSpec): Promise<Record<string, string>>;
  /** JSON call to `/api/...` paths. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Reply>;
  /** A pending invitation of the own partner (bound to the own customer) and its link token. */
  invitation: { id: string; token: string };
  /** The own partner's customer (tenant id) and the grant it gave, recorded by an acceptance. */
  customerId: string;
  grantId: string;
  /** Invitation ids by partner tenant, to spot another tenant's data in a response. */
  invitationsOf: Map<string, string[]>;
  /** Creates pending invitations of the own partner bound to the own customer. */
  invitations(n: number): Promise<Array<{ id: string; token: string }>>;
  /** Lets the host finish in-flight work and orchestrations (virtual time). */
  settle(): Promise<void>;
}

/** Seeds the world on a started stack through the API. */
export async function seedWorld(stack: ProductStack): Promise<World> {
  const tokens = new Map<string, Promise<string>>();
  const bearer = (u: DemoUser): Promise<string> => {
    let t = tokens.get(u.userId);
    if (!t) {
      t = stack.token({
        tenantId: u.tenantId,
        userId: u.userId,
        email: u.email,
        ...(u.roles ? { roles: [...u.roles] } : {}),
        ...(u.wids ? { wids: [...u.wids] } : {}),
        tenantCountry: u.tenantCountry,
      });
      tokens.set(u.userId, t);
    }
    return t;
  };
  const auth = async (c: CallerSpec): Promise<Record<string, string>> => {
    const u = userOf(c);
    return u ? { authorization: `Bearer ${await bearer(u)}` } : {};
  };
  const api = (path: string, init: RequestInit & { json?: unknown } = {}) => call(`${stack.url}${path}`, init);
  const settle = async () => void (await call(`${stack.url}/dev/time/settle`, { method: 'POST' }));
  const secret = stack.env.INVITATION_TOKEN_SECRET as string;
  const invitationsOf = new Map<string, string[]>();

  const ownAdmin = await auth({ kind: 'partner', role: 'GlobalAdmin', own: true });
  const operator = await operatorAuth(stack);
  for (const p of [OWN_PARTNER, FOREIGN_PARTNER]) {
    await enrolPartner(stack.url, operator, p);
    invitationsOf.set(p.tenantId, []);
  }
  const create = async (headers: Record<string, string>, tenantId: string, body: Record<string, unknown>) => {
    const r = await api('/api/invitations', { headers, json: { recipientEmail: 'admin@adatum.example', ...body } });
    if (r.status !== 202) throw new Error(`create invitation: ${r.status} ${JSON.stringify(r.body)}`);
    const id = r.body.id as string;
    invitationsOf.get(tenantId)?.push(id);
    return { id, token: deriveInvitationToken(secret, id) };
  };
  const invitations = async (n: number) => {
    const out: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < n; i++)
      out.push(
        await create(ownAdmin, OWN_PARTNER.tenantId, {
          includeDelegatedAdmin: false,
          customerTenantId: OWN_CUSTOMER.tenantId,
        }),
      );
    return out;
  };

  const [invitation] = await invitations(1);
  await create(await auth({ kind: 'partner', role: 'GlobalAdmin', own: false }), FOREIGN_PARTNER.tenantId, {
    includeDelegatedAdmin: false,
    recipientEmail: 'admin@litware.example',
  });

  // One acceptance recorded by the orchestration: the customer, the relationship and the grant.
  const accepted = await create(ownAdmin, OWN_PARTNER.tenantId, {
    customerTenantId: OWN_CUSTOMER.tenantId,
    delegatedAdmin: { roles: [HELPDESK_ADMINISTRATOR], duration: 'P30D', autoExtend: false },
  });
  await settle();
  const customerAdmin = await auth({ kind: 'customer', globalAdmin: true, own: true });
  const a = await api(`/api/invitations/${accepted.id}/accept`, {
    headers: { ...customerAdmin, origin: stack.env.PUBLIC_BASE_URL as string },
    json: { token: accepted.token, acceptCustomerAgreement: true, companyName: 'Adatum' },
  });
  if (a.status !== 200) throw new Error(`accept: ${a.status} ${JSON.stringify(a.body)}`);
  let grantId: string | undefined;
  for (let i = 0; i < 200 && !grantId; i++) {
    await settle();
    const c = await api(`/api/customers/${OWN_CUSTOMER.tenantId}`, { headers: ownAdmin });
    grantId = c.status === 200 ? (c.body.grants?.[0]?.id as string | undefined) : undefined;
    if (!grantId) await new Promise((r) => setTimeout(r, 50));
  }
  if (!grantId) throw new Error(`no grant recorded:\n${stack.host.output().slice(-3000)}`);

  return {
    stack,
    auth,
    api,
    invitation: invitation as { id: string; token: string },
    customerId: OWN_CUSTOMER.tenantId,
    grantId,
    invitationsOf,
    invitations,
    settle,
  };
}

/** Whether a reply is RFC 9457 problem+json with a string code. */
export function isProblem(r: Reply): boolean {
  return (
    (r.headers.get('content-type') ?? '').startsWith('application/problem+json') && typeof r.body?.code === 'string'
  );
}
