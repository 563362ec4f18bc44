import { idempotencyKeySchema } from './common';
import { newCustomerSchema, subscriptionCreateSchema, subscriptionPatchSchema } from './customers';
import { multiPartyCreateSchema, partnershipRequestSchema } from './invitations';
import { type ApiRoute, locationHeader } from './openapi';
import {
  idParamSchema,
  pageQuerySchema,
  resellerListQuerySchema,
  subscriptionParamsSchema,
  tenantIdParamSchema,
} from './queries';
import * as r from './responses';

const idempotency = {
  name: 'Idempotency-Key',
  description: 'A repeat with the same key returns the first result (never the password again).',
  schema: idempotencyKeySchema,
};
const err = (description: string) => ({ description });
const std = { 400: err('Invalid input'), 401: err('No valid bearer token'), 403: err('Role or tenant not allowed') };
/** The 429 of every invitation-creating endpoint (INVITER_SENDS_PER_HOUR); a replayed Idempotency-Key never gets it. */
export const sendsUsedUp = err(
  "The inviter's sends of the hour are used up (rate_limited; Retry-After: seconds until the hour ends)",
);

/**
 * The indirect program's routes: partnership requests, multi-party invitations, new customers and
 * subscriptions for resellers.
 */
export const indirectChannelRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/api/indirect-resellers/requests',
    operationId: 'requestPartnership',
    summary: 'Invite an indirect reseller to a partnership',
    tags: ['indirect channel'],
    requestSchema: partnershipRequestSchema,
    headers: [idempotency],
    responses: {
      202: { description: 'Created; the email is on its way', schema: r.invitationViewSchema },
      ...std,
      409: err('No partner profile yet, or already partners (already_partners)'),
      422: err('Email text lost its link, or a program rule refused (self_relationship, partner_kind_not_allowed)'),
      429: sendsUsedUp,
    },
  },
  {
    method: 'post',
    path: '/api/invitations/multi-party',
    operationId: 'createMultiPartyInvitation',
    summary: 'Invite a customer to the reseller and its provider at once',
    tags: ['indirect channel'],
    requestSchema: multiPartyCreateSchema,
    headers: [idempotency],
    responses: {
      202: { description: 'Created', schema: r.invitationViewSchema },
      ...std,
      409: err('No active partnership with the provider'),
      422: err('Email text lost its link'),
      429: sendsUsedUp,
    },
  },
  {
    method: 'get',
    path: '/api/indirect-resellers',
    operationId: 'listIndirectResellers',
    summary: "A provider's resellers",
    tags: ['indirect channel'],
    querySchema: resellerListQuerySchema,
    responses: { 200: { description: 'Page', schema: r.pageOf(r.resellerViewSchema) }, ...std },
  },
  {
    method: 'get',
    path: '/api/indirect-providers',
    operationId: 'listIndirectProviders',
    summary: "A reseller's providers",
    tags: ['indirect channel'],
    querySchema: pageQuerySchema,
    responses: { 200: { description: 'Page', schema: r.pageOf(r.providerViewSchema) }, ...std },
  },
  {
    method: 'delete',
    path: '/api/indirect-resellers/{tenantId}',
    operationId: 'removePartnership',
    summary: 'Remove a partnership; customers and grants stay',
    tags: ['indirect channel'],
    paramsSchema: tenantIdParamSchema,
    responses: {
      200: { description: 'Removed; what remains', schema: r.removePartnershipResponseSchema },
      ...std,
      404: err('Not found'),
    },
  },
  {
    method: 'post',
    path: '/api/customers',
    operationId: 'createCustomerForReseller',
    summary: 'Add a new customer for a reseller',
    tags: ['indirect channel'],
    requestSchema: newCustomerSchema,
    headers: [idempotency],
    responses: {
      201: {
        description: 'Created; the temporary password is shown this once',
        schema: r.newCustomerResponseSchema,
        headers: locationHeader('The new customer'),
      },
      ...std,
      409: err('Domain prefix taken, or no active partnership'),
      422: err('No such offer, or a quantity outside its bounds (validation_failed; see GET /api/offers)'),
    },
  },
  {
    method: 'post',
    path: '/api/customers/{id}/subscriptions',
    operationId: 'createSubscription',
    summary: 'Add a subscription',
    tags: ['subscriptions'],
    paramsSchema: idParamSchema,
    requestSchema: subscriptionCreateSchema,
    responses: {
      201: { description: 'Created; the caller owns it', schema: r.subscriptionViewSchema },
      ...std,
      404: err('Not found'),
      409: err('Reseller not in partnership'),
      422: err(
        'No such offer, a quantity outside its bounds (validation_failed; see GET /api/offers), or an indirect reseller ordering (its orders go through its provider: partner_kind_not_allowed)',
      ),
    },
  },
  {
    method: 'get',
    path: '/api/customers/{id}/subscriptions',
    operationId: 'listSubscriptions',
    summary: "A customer's subscriptions",
    tags: ['subscriptions'],
    paramsSchema: idParamSchema,
    querySchema: pageQuerySchema,
    responses: {
      200: { description: 'Page of those the caller owns or is named on', schema: r.pageOf(r.subscriptionViewSchema) },
      ...std,
    },
  },
  {
    method: 'patch',
    path: '/api/customers/{id}/subscriptions/{subscriptionId}',
    operationId: 'updateSubscription',
    summary: 'Set reseller of record or support contact',
    tags: ['subscriptions'],
    paramsSchema: subscriptionParamsSchema,
    requestSchema: subscriptionPatchSchema,
    responses: {
      200: { description: 'Updated', schema: r.subscriptionViewSchema },
      ...std,
      403: err('Named reseller: it reads, only the owner changes'),
      404: err('Not found, or not yours'),
      409: err('Reseller not in partnership'),
    },
  },
  {
    method: 'get',
    path: '/api/offers',
    operationId: 'listOffers',
    summary: 'The offer catalog subscriptions refer to (offerId), with license bounds',
    tags: ['subscriptions'],
    responses: { 200: { description: 'The whole catalog', schema: r.offerListSchema }, 401: std[401], 403: std[403] },
  },
];
