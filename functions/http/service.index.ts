// Registers the service endpoints and the partner profile. Each entry is the function's trigger and a
// loader: the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

http('health', { route: 'health', methods: ['GET'] }, async () => (await import('./healthHttp.js')).healthHttp);
http(
  'openapi',
  { route: 'openapi.json', methods: ['GET'] },
  async () => (await import('./openApiHttp.js')).openApiHttp,
);
http(
  'getPartner',
  { route: 'partner', methods: ['GET'] },
  async () => (await import('./getPartnerHttp.js')).getPartnerHttp,
);
http(
  'putPartner',
  { route: 'partner', methods: ['PUT'] },
  async () => (await import('./partnerProfileHttp.js')).putPartnerHttp,
);
http(
  'patchPartner',
  { route: 'partner', methods: ['PATCH'] },
  async () => (await import('./partnerProfileHttp.js')).patchPartnerHttp,
);
