// Registers the answers functions: the landing page, its assets, the sign-in return page, accept and decline. Each
// entry is the function's trigger and a loader: the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

// The host's routePrefix (`api`) applies to every HTTP function, so the page lives at /api/invite/{id}.
http(
  'invitationLanding',
  { route: 'invite/{id}', methods: ['GET'] },
  async () => (await import('./invitationLandingHttp.js')).invitationLandingHttp,
);
http(
  'landingAsset',
  { route: 'pages/{asset}', methods: ['GET'] },
  async () => (await import('./landingAssetHttp.js')).landingAssetHttp,
);
http(
  'signinReturn',
  { route: 'signin/return', methods: ['GET'] },
  async () => (await import('./signinReturnHttp.js')).signinReturnHttp,
);
http(
  'acceptInvitation',
  { route: 'invitations/{id}/accept', methods: ['POST'], durableClient: true },
  async () => (await import('./acceptInvitationHttp.js')).acceptInvitationHttp,
);
http(
  'declineInvitation',
  { route: 'invitations/{id}/decline', methods: ['POST'], durableClient: true },
  async () => (await import('./declineInvitationHttp.js')).declineInvitationHttp,
);
