import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { authorize } from '../../shared/auth/authorize';
import { queryOf, withToken } from '../../shared/http/request';
import { userActor } from '../../shared/domain/invitation';
import { AppError } from '../../shared/http/errors';
import { readJsonBody } from '../../shared/http/body';
import { programDeps } from '../compose/programDeps';
import { enrolPartner } from '../../shared/program/enrolPartner';
import { setPartnerStatus } from '../../shared/program/setPartnerStatus';
import { parseInput } from '../../shared/schemas/parse';
import {
  partnerEnrolmentSchema,
  partnerTenantParamSchema,
  programPartnerListQuerySchema,
} from '../../shared/schemas/partner';
import type { StoredPartner } from '../../shared/store/partners';

const reply = (status: number, saved: StoredPartner): HttpResponseInit => ({
  status,
  headers: { etag: saved.etag, 'cache-control': 'no-store' },
  jsonBody: saved.partner,
});

/** PUT /api/program/partners/{tenantId}: the operator enrols a partner or updates its identity. */
export async function putProgramPartner(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'program.partners.manage');
  const { tenantId } = parseInput(partnerTenantParamSchema, request.params, 'path');
  const body = parseInput(partnerEnrolmentSchema, await readJsonBody(request));
  const { partner, created } = await enrolPartner(programDeps(), userActor(caller), tenantId, body);
  return reply(created ? 201 : 200, partner);
}

/** GET /api/program/partners: every partner of the program, filtered by kind, status or name. */
export async function listProgramPartners(request: HttpRequest): Promise<HttpResponseInit> {
  await authorize(request, 'program.partners.read');
  const q = parseInput(programPartnerListQuerySchema, queryOf(request), 'query');
  const page = await withToken(q.continuationToken, () =>
    programDeps().directory.list(
      {
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.name ? { name: q.name } : {}),
      },
      q.pageSize,
      q.continuationToken,
    ),
  );
  return {
    status: 200,
    headers: { 'cache-control': 'no-store' },
    jsonBody: { items: page.items, ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) },
  };
}

/** GET /api/program/partners/{tenantId}. */
export async function getProgramPartner(request: HttpRequest): Promise<HttpResponseInit> {
  await authorize(request, 'program.partners.read');
  const { tenantId } = parseInput(partnerTenantParamSchema, request.params, 'path');
  const found = await programDeps().partners.get(tenantId);
  if (!found) throw new AppError('not_found', 'No partner of the program has this tenant id.');
  return reply(200, found);
}

/** POST /api/program/partners/{tenantId}/suspend and …/reinstate. */
export const setProgramPartnerStatus = (status: 'suspended' | 'active') =>
  async function (request: HttpRequest): Promise<HttpResponseInit> {
    const caller = await authorize(request, 'program.partners.manage');
    const { tenantId } = parseInput(partnerTenantParamSchema, request.params, 'path');
    return reply(200, await setPartnerStatus(programDeps(), userActor(caller), tenantId, status));
  };
export const suspendProgramPartner = setProgramPartnerStatus('suspended');
export const reinstateProgramPartner = setProgramPartnerStatus('active');
