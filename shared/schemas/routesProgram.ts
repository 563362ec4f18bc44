import * as z from 'zod';
import { type ApiRoute, locationHeader } from './openapi';
import { guidSchema } from './common';
import { partnerDocumentSchema } from './documents';
import {
  enrolmentRejectionSchema,
  enrolmentRequestDocumentSchema,
  enrolmentRequestListQuerySchema,
  partnerContactsPatchSchema,
  partnerEnrolmentSchema,
  partnerTenantParamSchema,
  programPartnerListQuerySchema,
} from './partner';
import * as r from './responses';

const err = (description: string) => ({ description });
const std = { 400: err('Invalid input'), 401: err('No valid bearer token'), 403: err('Not the program operator') };
const idParam = z.strictObject({ id: guidSchema });

/** The partner's own profile, the program operator's endpoints and enrolment requests. */
export const programRoutes: ApiRoute[] = [
  {
    method: 'put',
    path: '/api/partner',
    operationId: 'putPartner',
    summary: 'Gone: partners are enrolled by the program operator',
    tags: ['partner'],
    responses: {
      401: std[401],
      403: err('The token lacks the API scope'),
      405: err('Method not allowed (Allow: GET, PATCH); ask to join with POST /api/enrolment-requests'),
    },
  },
  {
    method: 'patch',
    path: '/api/partner',
    operationId: 'patchPartner',
    summary: "Change the caller's own contact details (notification contacts, support email and phone)",
    tags: ['partner'],
    requestSchema: partnerContactsPatchSchema,
    responses: {
      200: { description: 'Saved', schema: r.partnerProfileSchema },
      400: std[400],
      401: std[401],
      403: err('Role not allowed, or not enrolled (partner_not_enrolled)'),
      412: err('If-Match names another version'),
    },
  },
  {
    method: 'post',
    path: '/api/enrolment-requests',
    operationId: 'requestEnrolment',
    summary: "Ask to join the program (the tenant's Global administrator)",
    tags: ['program'],
    requestSchema: partnerEnrolmentSchema,
    responses: {
      202: {
        description: 'Waiting for the operator (a request already pending is returned)',
        schema: enrolmentRequestDocumentSchema,
        headers: locationHeader('The request, for the applicant to follow'),
      },
      400: std[400],
      401: std[401],
      403: err('Not a Global administrator of the tenant'),
      409: err('Already enrolled (already_enrolled)'),
    },
  },
  {
    method: 'get',
    path: '/api/enrolment-requests/{id}',
    operationId: 'getEnrolmentRequest',
    summary: "The applicant's own enrolment request and its decision",
    tags: ['program'],
    paramsSchema: idParam,
    responses: {
      200: { description: 'The request', schema: enrolmentRequestDocumentSchema },
      400: std[400],
      401: std[401],
      403: err('Not a Global administrator of the tenant'),
      404: err("No such request of the caller's tenant"),
    },
  },
  {
    method: 'get',
    path: '/api/program/partners',
    operationId: 'listProgramPartners',
    summary: 'Every partner of the program (operator)',
    tags: ['program'],
    querySchema: programPartnerListQuerySchema,
    responses: { 200: { description: 'Page', schema: r.pageOf(partnerDocumentSchema) }, ...std },
  },
  {
    method: 'get',
    path: '/api/program/partners/{tenantId}',
    operationId: 'getProgramPartner',
    summary: 'One partner of the program (operator)',
    tags: ['program'],
    paramsSchema: partnerTenantParamSchema,
    responses: { 200: { description: 'Partner', schema: partnerDocumentSchema }, ...std, 404: err('No such partner') },
  },
  {
    method: 'put',
    path: '/api/program/partners/{tenantId}',
    operationId: 'putProgramPartner',
    summary: 'Enrol a partner or update its identity (operator)',
    tags: ['program'],
    paramsSchema: partnerTenantParamSchema,
    requestSchema: partnerEnrolmentSchema,
    responses: {
      200: { description: 'Updated', schema: partnerDocumentSchema },
      201: { description: 'Enrolled', schema: partnerDocumentSchema },
      ...std,
      409: err('The MPN id belongs to another partner (mpn_id_taken)'),
      412: err('Changed meanwhile'),
    },
  },
  {
    method: 'post',
    path: '/api/program/partners/{tenantId}/suspend',
    operationId: 'suspendProgramPartner',
    summary: 'Suspend a partner: it sends and answers nothing (operator)',
    tags: ['program'],
    paramsSchema: partnerTenantParamSchema,
    responses: {
      200: { description: 'Suspended', schema: partnerDocumentSchema },
      ...std,
      404: err('No such partner'),
    },
  },
  {
    method: 'post',
    path: '/api/program/partners/{tenantId}/reinstate',
    operationId: 'reinstateProgramPartner',
    summary: 'Reinstate a suspended partner (operator)',
    tags: ['program'],
    paramsSchema: partnerTenantParamSchema,
    responses: { 200: { description: 'Active', schema: partnerDocumentSchema }, ...std, 404: err('No such partner') },
  },
  {
    method: 'get',
    path: '/api/program/enrolment-requests',
    operationId: 'listEnrolmentRequests',
    summary: 'The enrolment requests, by status (operator)',
    tags: ['program'],
    querySchema: enrolmentRequestListQuerySchema,
    responses: { 200: { description: 'Page', schema: r.pageOf(enrolmentRequestDocumentSchema) }, ...std },
  },
  {
    method: 'post',
    path: '/api/program/enrolment-requests/{id}/approve',
    operationId: 'approveEnrolmentRequest',
    summary: 'Enrol the applicant and email it (operator)',
    tags: ['program'],
    paramsSchema: idParam,
    responses: {
      200: { description: 'Approved', schema: enrolmentRequestDocumentSchema },
      ...std,
      404: err('No such request'),
      409: err('Already rejected (already_decided), or the MPN id is taken (mpn_id_taken)'),
    },
  },
  {
    method: 'post',
    path: '/api/program/enrolment-requests/{id}/reject',
    operationId: 'rejectEnrolmentRequest',
    summary: 'Refuse with a reason the applicant is told (operator)',
    tags: ['program'],
    paramsSchema: idParam,
    requestSchema: enrolmentRejectionSchema,
    responses: {
      200: { description: 'Rejected', schema: enrolmentRequestDocumentSchema },
      ...std,
      404: err('No such request'),
      409: err('Already approved (already_decided)'),
    },
  },
];
