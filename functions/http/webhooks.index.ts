// Registers the webhook endpoints (issue 16); each handler's module loads on its first call (see ../register.ts).
import { http } from '../register';

const load = async () => import('./webhooksHttp.js');
http('createWebhook', { route: 'webhooks', methods: ['POST'] }, async () => (await load()).createWebhookHttp);
http('listWebhooks', { route: 'webhooks', methods: ['GET'] }, async () => (await load()).listWebhooksHttp);
http('getWebhook', { route: 'webhooks/{id}', methods: ['GET'] }, async () => (await load()).getWebhookHttp);
http('patchWebhook', { route: 'webhooks/{id}', methods: ['PATCH'] }, async () => (await load()).patchWebhookHttp);
http('deleteWebhook', { route: 'webhooks/{id}', methods: ['DELETE'] }, async () => (await load()).deleteWebhookHttp);
http(
  'rotateWebhookSecret',
  { route: 'webhooks/{id}/rotate-secret', methods: ['POST'] },
  async () => (await load()).rotateWebhookSecretHttp,
);
http(
  'testWebhook',
  { route: 'webhooks/{id}/test', methods: ['POST'], durableClient: true },
  async () => (await load()).testWebhookHttp,
);
http(
  'replayWebhook',
  { route: 'webhooks/{id}/replay', methods: ['POST'], durableClient: true },
  async () => (await load()).replayWebhookHttp,
);
http(
  'listWebhookDeliveries',
  { route: 'webhooks/{id}/deliveries', methods: ['GET'] },
  async () => (await load()).listWebhookDeliveriesHttp,
);
