// Registers the records functions: customers, relationships, grants, audit. Each entry is the
// function's trigger and a loader: the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

http(
  'listCustomers',
  { route: 'customers', methods: ['GET'] },
  async () => (await import('./listCustomersHttp.js')).listCustomersHttp,
);
http(
  'getCustomer',
  { route: 'customers/{id}', methods: ['GET'] },
  async () => (await import('./getCustomerHttp.js')).getCustomerHttp,
);
http(
  'removeRelationship',
  { route: 'customers/{id}/relationship', methods: ['DELETE'] },
  async () => (await import('./removeRelationshipHttp.js')).removeRelationshipHttp,
);
http(
  'listMyPartners',
  { route: 'me/partners', methods: ['GET'] },
  async () => (await import('./myPartnersHttp.js')).myPartnersHttp,
);
http(
  'removeMyGrant',
  { route: 'me/delegated-admin-grants/{id}', methods: ['DELETE'] },
  async () => (await import('./removeMyGrantHttp.js')).removeMyGrantHttp,
);
http('listAudit', { route: 'audit', methods: ['GET'] }, async () => (await import('./listAuditHttp.js')).listAuditHttp);
http(
  'requestGrantRenewal',
  { route: 'customers/{id}/grants/{grantId}/renewal-requests', methods: ['POST'], durableClient: true },
  async () => (await import('./requestGrantRenewalHttp.js')).requestGrantRenewalHttp,
);
