// Helpers for the indirect channel's end-to-end suites: the demo partners' profiles, callers by
// tenant and role, an emailed link's token, and a partnership established through the API.
import {
  contosoDirect,
  demoUsers,
  type DemoTenant,
  fabrikamDistribution,
  northwindResellers,
  woodgroveReseller,
} from '../../infra/local/identity/demoDirectory';
import type { PartnerRole } from '../../shared/auth/roles';
import { call } from './hostProcess';
import type { ProductStack } from './productStack';
import { enrolPartner, operatorAuth } from './enrolment';

export type Reply = { status: number; headers: Headers; body: any };
type DemoUser = (typeof demoUsers)[number];

export interface IndirectWorld {
  stack: ProductStack;
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Reply>;
  /** Bearer header of the demo partner user with this role. */
  partner(tenant: DemoTenant, role: PartnerRole): Promise<Record<string, string>>;
  /** Bearer header of a demo user (customers), or of an ad-hoc identity. */
  as(
    u: Pick<DemoUser, 'tenantId' | 'userId' | 'email'> & {
      roles?: readonly string[];
      wids?: readonly string[];
      tenantCountry?: string;
    },
  ): Promise<Record<string, string>>;
  /** Origin header the answer endpoints require. */
  origin: Record<string, string>;
  until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T>;
  /** Waits for the email to `to` whose link names invitation `id`; returns the link's token. */
  linkToken(to: string, id: string): Promise<{ link: string; token: string }>;
  /** Fabrikam invites Northwind; Northwind's Global admin accepts; waits until recorded. */
  partnership(provider: DemoTenant, reseller: DemoTenant): Promise<string>;
}

export const user = (tenantId: string, pick: (u: DemoUser) => boolean): DemoUser => {
  const u = demoUsers.find((x) => x.tenantId === tenantId && pick(x));
  if (!u) throw new Error(`no demo user in ${tenantId}`);
  return u;
};
export const roleUser = (t: DemoTenant, role: PartnerRole) => user(t.tenantId, (u) => u.roles?.includes(role) ?? false);

/** Profiles for the four demo partners, set by their Global admins. */
export async function setUpIndirectWorld(stack: ProductStack): Promise<IndirectWorld> {
  const api = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    call(`${stack.url}/api/${path.replace(/^\/?(api\/)?/, '')}`, init);
  const as: IndirectWorld['as'] = async (u) => ({
    authorization: `Bearer ${await stack.token({ tenantId: u.tenantId, userId: u.userId, email: u.email, ...(u.roles ? { roles: [...u.roles] } : {}), ...(u.wids ? { wids: [...u.wids] } : {}), ...(u.tenantCountry ? { tenantCountry: u.tenantCountry } : {}) })}`,
  });
  const partner = (t: DemoTenant, role: PartnerRole) => as(roleUser(t, role));
  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      await call(`${stack.url}/dev/time/settle`, { method: 'POST' });
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}\n${stack.host.output().slice(-3000)}`);
  };
  const linkToken = async (to: string, id: string) => {
    const mail = await until(`the email to ${to}`, async () =>
      (await stack.inbox(to)).find((m) => m.links.some((l) => l.includes(`/invite/${id}`))),
    );
    const link = mail.links.find((l) => l.includes(`/invite/${id}`)) as string;
    return { link, token: new URL(link).hash.replace(/^#t=/, '') };
  };
  const origin = { origin: stack.env.PUBLIC_BASE_URL as string };
  const operator = await operatorAuth(stack);
  for (const t of [contosoDirect, fabrikamDistribution, northwindResellers, woodgroveReseller])
    await enrolPartner(stack.url, operator, t);
  const world: IndirectWorld = {
    stack,
    api,
    partner,
    as,
    origin,
    until,
    linkToken,
    async partnership(provider, reseller) {
      const admin = roleUser(reseller, 'GlobalAdmin');
      const r = await api('indirect-resellers/requests', {
        headers: await partner(provider, 'GlobalAdmin'),
        json: { recipientEmail: admin.email },
      });
      if (r.status !== 202) throw new Error(`partnership request: ${r.status} ${JSON.stringify(r.body)}`);
      const id = r.body.id as string;
      const { token } = await linkToken(admin.email, id);
      const a = await api(`invitations/${id}/accept`, {
        headers: { ...(await as(admin)), ...origin },
        json: { token },
      });
      if (a.status !== 200) throw new Error(`partnership accept: ${a.status} ${JSON.stringify(a.body)}`);
      const providerHeaders = await partner(provider, 'GlobalAdmin');
      await until('the partnership recorded', async () =>
        (await api(`invitations/${id}`, { headers: providerHeaders })).body?.status === 'recorded' ? true : undefined,
      );
      return id;
    },
  };
  return world;
}
