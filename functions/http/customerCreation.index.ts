// Registers new customers for resellers and their subscriptions (the recovery of creations a crash
// left open is a timer: ../timers/sweep.index.ts). Each entry is the function's trigger and a
// loader: the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

http(
  'createCustomerForReseller',
  { route: 'customers', methods: ['POST'] },
  async () => (await import('./createCustomerForResellerHttp.js')).createCustomerForResellerHttp,
);
http(
  'createSubscription',
  { route: 'customers/{id}/subscriptions', methods: ['POST'] },
  async () => (await import('./createSubscriptionHttp.js')).createSubscriptionHttp,
);
http(
  'listSubscriptions',
  { route: 'customers/{id}/subscriptions', methods: ['GET'] },
  async () => (await import('./listSubscriptionsHttp.js')).listSubscriptionsHttp,
);
http(
  'updateSubscription',
  { route: 'customers/{id}/subscriptions/{subscriptionId}', methods: ['PATCH'] },
  async () => (await import('./updateSubscriptionHttp.js')).updateSubscriptionHttp,
);
http(
  'listOffers',
  { route: 'offers', methods: ['GET'] },
  async () => (await import('./listOffersHttp.js')).listOffersHttp,
);
