import * as z from 'zod';
import { answerScopes } from '../auth/scopes';
import { acceptBodySchema, declineBodySchema } from './answers';
import { idempotencyKeySchema } from './common';
import { invitationCreateSchema, invitationDraftSchema } from './invitations';
import { resendBodySchema } from './resend';
import type { ApiRoute } from './openapi';
import {
  auditListQuerySchema,
  customerListQuerySchema,
  idParamSchema,
  invitationListQuerySchema,
  pageQuerySchema,
} from './queries';
import { indirectChannelRoutes, sendsUsedUp } from './routesIndirect';
import { programRoutes } from './routesProgram';
import { batchRoutes, bulkRoutes } from './routesBulk';
import { webhookRoutes } from './routesWebhooks';
import { renewalRoutes } from './routesRenewal';
import * as r from './responses';

/** The Idempotency-Key header of creating endpoints. */
export const idempotencyHeader = {
  name: 'Idempotency-Key',
  description: 'A repeat with the same key returns the first result and sends no second email.',
  schema: idempotencyKeySchema,
};

const err = (description: string) => ({ description });
/** Optimistic concurrency of the partner profile. */
const etagHeader = {
  ETag: { description: 'The version of the profile, for If-Match.', required: true, schema: z.string() },
};
const std = { 400: err('Invalid input'), 401: err('No valid bearer token'), 403: err('Role or tenant not allowed') };

/** Direct partners' routes: partner profile, customer invitations, customers, grants, audit. */
export const customerInvitationRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/api/partner',
    operationId: 'getPartner',
    summary: "The caller's partner profile",
    tags: ['partner'],
    responses: {
      200: { description: 'Profile', schema: r.partnerProfileSchema, headers: etagHeader },
      401: std[401],
      403: err('Not enrolled in the program (partner_not_enrolled)'),
    },
  },
  {
    method: 'post',
    path: '/api/invitations/draft',
    operationId: 'draftInvitation',
    summary: 'The default email for the chosen options',
    tags: ['invitations'],
    requestSchema: invitationDraftSchema,
    responses: {
      200: { description: 'Draft', schema: r.invitationDraftResponseSchema },
      ...std,
      409: err('No profile yet, or no active partnership with the provider'),
      422: err('A rule of the send refused (kind, national cloud, self)'),
    },
  },
  {
    method: 'post',
    path: '/api/invitations',
    operationId: 'createInvitation',
    summary: 'Invite a customer to a reseller relationship',
    tags: ['invitations'],
    requestSchema: invitationCreateSchema,
    headers: [idempotencyHeader],
    responses: {
      202: { description: 'Created; the email is on its way', schema: r.invitationViewSchema },
      ...std,
      409: err('Rule refused'),
      422: err('Email text lost its link, or a rule refused'),
      429: sendsUsedUp,
    },
  },
  {
    method: 'get',
    path: '/api/invitations',
    operationId: 'listInvitations',
    summary: "The caller's invitations",
    tags: ['invitations'],
    querySchema: invitationListQuerySchema,
    responses: {
      200: {
        description: 'Page of summaries (the full invitation is GET /api/invitations/{id})',
        schema: r.pageOf(r.invitationSummarySchema),
      },
      ...std,
    },
  },
  {
    method: 'get',
    path: '/api/invitations/{id}',
    operationId: 'getInvitation',
    summary: 'Status and timeline',
    tags: ['invitations'],
    paramsSchema: idParamSchema,
    responses: { 200: { description: 'Invitation', schema: r.invitationViewSchema }, ...std, 404: err('Not found') },
  },
  {
    method: 'post',
    path: '/api/invitations/{id}/resend',
    operationId: 'resendInvitation',
    summary: 'Send the email again',
    tags: ['invitations'],
    description:
      'Sends the same link again. After the latest email bounced, was suppressed or failed (the timeline shows it, and the inviter was told), the body may name a corrected `recipientEmail`: it replaces the address before the send.',
    paramsSchema: idParamSchema,
    requestSchema: resendBodySchema,
    requestOptional: true,
    responses: {
      202: { description: 'Resending; no body (Location: the invitation)' },
      ...std,
      404: err('Not found'),
      409: err('Already answered, or an address correction while the latest email was not reported undelivered'),
      429: err("Too many resends of this invitation, or the inviter's sends of the hour are used up (Retry-After)"),
    },
  },
  {
    method: 'post',
    path: '/api/invitations/{id}/revoke',
    operationId: 'revokeInvitation',
    summary: 'Withdraw a pending invitation',
    tags: ['invitations'],
    paramsSchema: idParamSchema,
    responses: {
      200: { description: 'Revoked', schema: r.invitationViewSchema },
      ...std,
      404: err('Not found'),
      409: err('Already answered'),
    },
  },
  {
    method: 'post',
    path: '/api/invitations/{id}/accept',
    operationId: 'acceptInvitation',
    summary: 'Accept (customer Global admin, or reseller for a partnership)',
    tags: ['answers'],
    paramsSchema: idParamSchema,
    requestSchema: acceptBodySchema,
    scopes: answerScopes,
    description:
      'Synchronous: the acceptance is recorded before the answer, so on 200 the customer, relationship and grant (for a partnership request: the partnership) exist and may be used at once. If recording fails the request fails (5xx) with the acceptance kept; repeat the same request (a repeat by the same acceptor is answered like the first) to finish it.',
    responses: {
      200: { description: 'Accepted and recorded (or already accepted by you)', schema: r.answerResponseSchema },
      ...std,
      404: err('Link not valid'),
      409: err('The state forbids it now: partnership_ended, already_partners'),
      422: err(
        'A program rule refused: customer agreement required, self_relationship, region_mismatch, partner_kind_not_allowed',
      ),
      429: err('Too many failed answers on this link (Retry-After)'),
    },
  },
  {
    method: 'post',
    path: '/api/invitations/{id}/decline',
    operationId: 'declineInvitation',
    summary: 'Decline',
    tags: ['answers'],
    paramsSchema: idParamSchema,
    requestSchema: declineBodySchema,
    scopes: answerScopes,
    responses: {
      200: { description: 'Declined', schema: r.answerResponseSchema },
      ...std,
      404: err('Link not valid'),
      429: err('Too many failed answers on this link (Retry-After)'),
    },
  },
  {
    method: 'get',
    path: '/api/customers',
    operationId: 'listCustomers',
    summary: "The caller's customers",
    tags: ['customers'],
    querySchema: customerListQuerySchema,
    responses: { 200: { description: 'Page', schema: r.pageOf(r.customerViewSchema) }, ...std },
  },
  {
    method: 'get',
    path: '/api/customers/{id}',
    operationId: 'getCustomer',
    summary: 'Relationships and grants',
    tags: ['customers'],
    paramsSchema: idParamSchema,
    responses: { 200: { description: 'Customer', schema: r.customerViewSchema }, ...std, 404: err('Not found') },
  },
  {
    method: 'delete',
    path: '/api/customers/{id}/relationship',
    operationId: 'removeRelationship',
    summary: 'Remove the relationship; grants stay',
    tags: ['customers'],
    paramsSchema: idParamSchema,
    responses: {
      200: { description: 'Removed; what remains in force', schema: r.removeRelationshipResponseSchema },
      ...std,
      404: err('Not found'),
    },
  },
  {
    method: 'get',
    path: '/api/me/partners',
    operationId: 'listMyPartners',
    summary: "A customer's partners and grants",
    tags: ['customer side'],
    querySchema: pageQuerySchema,
    responses: { 200: { description: 'Page', schema: r.pageOf(r.myPartnerSchema) }, ...std },
  },
  {
    method: 'delete',
    path: '/api/me/delegated-admin-grants/{id}',
    operationId: 'removeMyGrant',
    summary: 'A customer Global admin removes a grant',
    tags: ['customer side'],
    paramsSchema: idParamSchema,
    responses: { 200: { description: 'Removed', schema: r.grantViewSchema }, ...std, 404: err('Not found') },
  },
  {
    method: 'get',
    path: '/api/audit',
    operationId: 'listAudit',
    summary: "The caller's tenant's audit trail",
    tags: ['audit'],
    querySchema: auditListQuerySchema,
    responses: { 200: { description: 'Page', schema: r.pageOf(r.auditEntrySchema) }, ...std },
  },
  {
    method: 'get',
    path: '/api/health',
    operationId: 'health',
    summary: 'Liveness; touches no dependency',
    tags: ['meta'],
    anonymous: true,
    responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
  },
  {
    method: 'get',
    path: '/api/invite/{id}',
    operationId: 'invitationLanding',
    summary: 'The landing page the emailed link opens (HTML; the token stays in the fragment)',
    tags: ['answers'],
    anonymous: true,
    paramsSchema: idParamSchema,
    responses: {
      200: { description: 'The invitation page', media: ['text/html'] },
      404: { description: 'Unknown, used, revoked or expired: one neutral page', media: ['text/html'] },
    },
  },
  {
    method: 'get',
    path: '/api/signin/return',
    operationId: 'signinReturn',
    summary: 'Where sign-in sends the invitee back (HTML; the code stays in the fragment)',
    tags: ['answers'],
    anonymous: true,
    responses: {
      200: {
        description: 'The same page for everyone: its script returns to the invitation page',
        media: ['text/html'],
      },
    },
  },
  {
    method: 'get',
    path: '/api/pages/{asset}',
    operationId: 'landingAsset',
    summary: "The pages' scripts and stylesheet",
    tags: ['answers'],
    anonymous: true,
    paramsSchema: z.strictObject({ asset: z.enum(['landing.js', 'landing.css', 'signin-return.js']) }),
    responses: {
      200: { description: 'JavaScript or CSS', media: ['text/javascript', 'text/css'] },
      404: err('No such asset'),
    },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document',
    tags: ['meta'],
    anonymous: true,
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) } },
  },
];

/**
 * Every documented route: the direct partners', the indirect program's, the operator's, the bulk ones and the webhooks.
 */
export const apiRoutes: ApiRoute[] = [
  ...customerInvitationRoutes,
  ...indirectChannelRoutes,
  ...programRoutes,
  ...bulkRoutes,
  ...batchRoutes,
  ...webhookRoutes,
  ...renewalRoutes,
];
