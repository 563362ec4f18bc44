import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as z from 'zod';
import { authorize } from '../../shared/auth/authorize';
import { queryOf, withToken } from '../../shared/http/request';
import { readJsonBody } from '../../shared/http/body';
import { AppError } from '../../shared/http/errors';
import { programDeps } from '../compose/programDeps';
import { approveEnrolment, rejectEnrolment, requestEnrolment } from '../../shared/program/enrolmentRequests';
import { startEnrolmentNotice } from '../../shared/program/enrolmentNotice';
import { guidSchema } from '../../shared/schemas/common';
import { parseInput } from '../../shared/schemas/parse';
import {
  enrolmentRejectionSchema,
  enrolmentRequestListQuerySchema,
  partnerEnrolmentSchema,
} from '../../shared/schemas/partner';

const noStore = { 'cache-control': 'no-store' };
const idParam = z.strictObject({ id: guidSchema });

/** POST /api/enrolment-requests: a tenant's Global administrator asks to join the program. */
export async function postEnrolmentRequest(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'enrolment.request');
  const body = parseInput(partnerEnrolmentSchema, await readJsonBody(request));
  const { request: stored } = await requestEnrolment(programDeps(), caller, body);
  return { status: 202, headers: { ...noStore, location: `/api/enrolment-requests/${stored.id}` }, jsonBody: stored };
}

/** GET /api/enrolment-requests/{id}: the applicant follows its own request (another tenant's is 404). */
export async function getEnrolmentRequest(request: HttpRequest): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'enrolment.request');
  const { id } = parseInput(idParam, request.params, 'path');
  const found = await programDeps().enrolmentRequests.get(id);
  if (!found || found.doc.tenantId !== caller.tenantId)
    throw new AppError('not_found', 'No such enrolment request of your organisation.');
  return { status: 200, headers: noStore, jsonBody: found.doc };
}

/** GET /api/program/enrolment-requests: the operator's queue. */
export async function listEnrolmentRequests(request: HttpRequest): Promise<HttpResponseInit> {
  await authorize(request, 'program.enrolments.manage');
  const q = parseInput(enrolmentRequestListQuerySchema, queryOf(request), 'query');
  const page = await withToken(q.continuationToken, () =>
    programDeps().enrolmentRequests.list(q.status, q.pageSize, q.continuationToken),
  );
  return { status: 200, headers: noStore, jsonBody: page };
}

/** POST /api/program/enrolment-requests/{id}/approve: enrols the applicant and emails it. */
export async function approveEnrolmentRequest(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'program.enrolments.manage');
  const { id } = parseInput(idParam, request.params, 'path');
  const decided = await approveEnrolment(programDeps(), caller, id);
  await startEnrolmentNotice(context, decided);
  return { status: 200, headers: noStore, jsonBody: decided };
}

/** POST /api/program/enrolment-requests/{id}/reject: refuses with a reason the applicant is told. */
export async function rejectEnrolmentRequest(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const caller = await authorize(request, 'program.enrolments.manage');
  const { id } = parseInput(idParam, request.params, 'path');
  const { reason } = parseInput(enrolmentRejectionSchema, await readJsonBody(request));
  const decided = await rejectEnrolment(programDeps(), caller, id, reason);
  await startEnrolmentNotice(context, decided);
  return { status: 200, headers: noStore, jsonBody: decided };
}
