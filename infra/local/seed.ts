import { demoDirectory, demoOperator, type DemoTenant } from './identity/demoDirectory';

/**
 * Enrols the demo partners through the product's own API, as the program's operator would
 * (PUT /api/program/partners/{tenantId} with a dev token of the demo operator), so `npm start`
 * opens on a usable program. Idempotent: a restart enrols the same partners again (200, no change).
 * Customers are the demo directory's customer tenants; they become the product's customers by
 * accepting invitations.
 */
export async function seedDemoPartners(baseUrl: string): Promise<string[]> {
  const seeded: string[] = [];
  const token = (await post(`${baseUrl}/dev/token`, {
    tenantId: demoOperator.tenantId,
    userId: demoOperator.userId,
    email: demoOperator.email,
    roles: ['ProgramAdmin'],
    tenantCountry: demoOperator.tenantCountry,
  })) as { accessToken: string };
  for (const tenant of demoDirectory.tenants.filter(
    (t): t is DemoTenant & { mpnId: string } => t.kind !== 'customer' && t.kind !== 'operator' && Boolean(t.mpnId),
  )) {
    const res = await fetch(`${baseUrl}/api/program/partners/${tenant.tenantId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.accessToken}` },
      body: JSON.stringify({
        name: tenant.name,
        kind: tenant.kind,
        mpnId: tenant.mpnId,
        country: tenant.country,
        cloud: tenant.cloud,
      }),
    });
    if (!res.ok) throw new Error(`enrolling ${tenant.name} failed: ${res.status} ${await res.text()}`);
    seeded.push(tenant.name);
  }
  return seeded;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}
