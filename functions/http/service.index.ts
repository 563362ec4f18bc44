// Registers the service endpoints and the partner profile. Each entry is the function's trigger and a
// loader: the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

http('health', { route: 'health', methods: ['GET'] }, async () => (await import('./health.js')).health);
http('openapi', { route: 'openapi.json', methods: ['GET'] }, async () => (await import('./openapi.js')).openApi);
http('getPartner', { route: 'partner', methods: ['GET'] }, async () => (await import('./getPartner.js')).getPartner);
http('putPartner', { route: 'partner', methods: ['PUT'] }, async () => (await import('./putPartner.js')).putPartner);
http('patchPartner', { route: 'partner', methods: ['PATCH'] }, async () => (await import('./putPartner.js')).patchPartner);
