import { idempotencyKeySchema } from './common';
import type { ApiRoute } from './openapi';
import { grantRenewalParamsSchema, renewalRequestSchema } from './renewals';
import { sendsUsedUp } from './routesIndirect';
import * as r from './responses';

const err = (description: string) => ({ description });

/** Renewal of a delegated admin grant before it lapses (issue 17): an invitation of kind `renewal`. */
export const renewalRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/api/customers/{id}/grants/{grantId}/renewal-requests',
    operationId: 'requestGrantRenewal',
    summary: 'Ask the customer to renew a delegated admin grant',
    tags: ['customers'],
    paramsSchema: grantRenewalParamsSchema,
    requestSchema: renewalRequestSchema,
    headers: [
      {
        name: 'Idempotency-Key',
        description: 'A repeat with the same key returns the first result and sends no second email.',
        schema: idempotencyKeySchema,
      },
    ],
    description:
      "An invitation of kind `renewal`, bound to the grant's customer: the same link, landing page and answer rules as every invitation, and it counts against the inviter's sends of the hour. Accepted by the customer's Global Administrator it extends the grant in place (the roles asked, the new duration counted from the acceptance; the audit shows the invitation's acceptance and `grant.extended`); declined or expired it changes nothing. `delegatedAdmin.roles` are the grant's roles or fewer.",
    responses: {
      202: {
        description: 'Created; the email is on its way (Location: the invitation)',
        schema: r.invitationViewSchema,
      },
      400: err('Invalid input, or roles the grant does not hold (roles_not_in_grant)'),
      401: err('No valid bearer token'),
      403: err('Role or tenant not allowed'),
      404: err("No such grant of the caller's (not_found)"),
      409: err('The grant has ended or was removed (grant_not_active)'),
      422: err('Email text lost its link, or a rule of delegated admin refused (auto_extend_not_allowed)'),
      429: sendsUsedUp,
    },
  },
];
