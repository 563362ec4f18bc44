// Registers the indirect channel's endpoints: partnership requests, partnerships, multi-party
// invitations. Each entry is the function's trigger and a loader: the handler's module loads on the
// first call (see ../register.ts).
import { http } from '../register';

http(
  'requestPartnership',
  { route: 'indirect-resellers/requests', methods: ['POST'], durableClient: true },
  async () => (await import('./requestPartnershipHttp.js')).requestPartnershipHttp,
);
http(
  'createMultiPartyInvitation',
  { route: 'invitations/multi-party', methods: ['POST'], durableClient: true },
  async () => (await import('./createMultiPartyInvitationHttp.js')).createMultiPartyInvitationHttp,
);
http(
  'listIndirectResellers',
  { route: 'indirect-resellers', methods: ['GET'] },
  async () => (await import('./listIndirectResellersHttp.js')).listIndirectResellersHttp,
);
http(
  'listIndirectProviders',
  { route: 'indirect-providers', methods: ['GET'] },
  async () => (await import('./listIndirectProvidersHttp.js')).listIndirectProvidersHttp,
);
http(
  'removePartnership',
  { route: 'indirect-resellers/{tenantId}', methods: ['DELETE'] },
  async () => (await import('./removePartnershipHttp.js')).removePartnershipHttp,
);
