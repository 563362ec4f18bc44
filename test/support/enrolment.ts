// Partners join the program as they do in production: the program operator enrols them
// (PUT /api/program/partners/{tenantId}). Every suite sets its partners up through here.
import { demoOperator } from '../../infra/local/identity/demoDirectory';
import { call } from './hostProcess';

export interface PartnerIdentity {
  tenantId: string;
  name: string;
  kind: string;
  mpnId?: string;
  country: string;
  cloud: string;
}

/** The demo operator's Authorization header on a stack (or any host with a dev issuer). */
export async function operatorAuth(stack: {
  bearer(u: typeof demoOperator): Promise<{ authorization: string }>;
}): Promise<{ authorization: string }> {
  return stack.bearer(demoOperator);
}

/** Enrols (or re-enrols, unchanged: 200) the partner through the operator's API; throws on anything else. */
export async function enrolPartner(
  baseUrl: string,
  operator: Record<string, string>,
  p: PartnerIdentity,
  overrides: Partial<PartnerIdentity> = {},
): Promise<void> {
  const body = { name: p.name, kind: p.kind, mpnId: p.mpnId, country: p.country, cloud: p.cloud, ...overrides };
  delete (body as { tenantId?: string }).tenantId;
  const r = await call(`${baseUrl}/api/program/partners/${p.tenantId}`, {
    method: 'PUT',
    headers: operator,
    json: body,
  });
  if (r.status !== 200 && r.status !== 201) throw new Error(`enrol ${p.name}: ${r.status} ${JSON.stringify(r.body)}`);
}
