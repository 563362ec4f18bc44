import { demoDirectory, type DemoTenant } from './identity/demoDirectory';

/**
 * Seeds the demo partners' profiles through the product's own API (PUT /api/partner with a dev
 * token of each partner's Global admin), so `npm start` opens on a usable program. Idempotent:
 * a restart writes the same profiles again. Customers are the demo directory's customer tenants;
 * they become the product's customers by accepting invitations.
 */
export async function seedDemoPartners(baseUrl: string): Promise<string[]> {
  const seeded: string[] = [];
  for (const tenant of demoDirectory.tenants.filter((t): t is DemoTenant & { mpnId: string } => t.kind !== 'customer' && Boolean(t.mpnId))) {
    const admin = demoDirectory.users.find((u) => u.tenantId === tenant.tenantId && (u.roles as readonly string[] | undefined)?.includes('GlobalAdmin'));
    if (!admin) continue;
    const token = await post(`${baseUrl}/dev/token`, { tenantId: admin.tenantId, userId: admin.userId, email: admin.email, roles: ['GlobalAdmin'], tenantCountry: admin.tenantCountry });
    const res = await fetch(`${baseUrl}/api/partner`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${(token as { accessToken: string }).accessToken}` },
      body: JSON.stringify({ name: tenant.name, kind: tenant.kind, mpnId: tenant.mpnId, country: tenant.country, cloud: tenant.cloud }),
    });
    if (!res.ok) throw new Error(`seeding ${tenant.name} failed: ${res.status} ${await res.text()}`);
    seeded.push(tenant.name);
  }
  return seeded;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}
