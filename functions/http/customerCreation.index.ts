// Registers new customers for resellers and their subscriptions (the recovery of creations a crash
// left open is a timer: ../timers/sweep.index.ts). Each entry is the function's trigger and a loader: the handler's module loads on
// the first call (see ../register.ts).
import { http } from '../register';

http('createCustomerForReseller', { route: 'customers', methods: ['POST'] }, async () => (await import('./createCustomerForReseller.js')).createCustomerForResellerHttp);
http('createSubscription', { route: 'customers/{id}/subscriptions', methods: ['POST'] }, async () => (await import('./createSubscription.js')).createSubscriptionHttp);
http('listSubscriptions', { route: 'customers/{id}/subscriptions', methods: ['GET'] }, async () => (await import('./listSubscriptions.js')).listSubscriptionsHttp);
http('updateSubscription', { route: 'customers/{id}/subscriptions/{subscriptionId}', methods: ['PATCH'] }, async () => (await import('./updateSubscription.js')).updateSubscriptionHttp);
http('listOffers', { route: 'offers', methods: ['GET'] }, async () => (await import('./listOffers.js')).listOffersHttp);
