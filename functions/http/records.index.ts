// Registers the records functions: customers, relationships, grants, audit. Each entry is the
// function's trigger and a loader: the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

http('listCustomers', { route: 'customers', methods: ['GET'] }, async () => (await import('./listCustomers.js')).listCustomersHttp);
http('getCustomer', { route: 'customers/{id}', methods: ['GET'] }, async () => (await import('./getCustomer.js')).getCustomerHttp);
http('removeRelationship', { route: 'customers/{id}/relationship', methods: ['DELETE'] }, async () => (await import('./removeRelationship.js')).removeRelationshipHttp);
http('listMyPartners', { route: 'me/partners', methods: ['GET'] }, async () => (await import('./myPartners.js')).myPartnersHttp);
http('removeMyGrant', { route: 'me/delegated-admin-grants/{id}', methods: ['DELETE'] }, async () => (await import('./removeMyGrant.js')).removeMyGrantHttp);
http('listAudit', { route: 'audit', methods: ['GET'] }, async () => (await import('./listAudit.js')).listAuditHttp);
http('requestGrantRenewal', { route: 'customers/{id}/grants/{grantId}/renewal-requests', methods: ['POST'], durableClient: true }, async () => (await import('./requestGrantRenewal.js')).requestGrantRenewalHttp);
