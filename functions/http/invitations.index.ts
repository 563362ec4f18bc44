// Registers the inviter's invitation endpoints. Each entry is the function's trigger and a loader:
// the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

http(
  'createInvitation',
  { route: 'invitations', methods: ['POST'], durableClient: true },
  async () => (await import('./createInvitationHttp.js')).createInvitationHttp,
);
http(
  'draftInvitation',
  { route: 'invitations/draft', methods: ['POST'] },
  async () => (await import('./draftInvitationHttp.js')).draftInvitationHttp,
);
http(
  'listInvitations',
  { route: 'invitations', methods: ['GET'] },
  async () => (await import('./listInvitationsHttp.js')).listInvitationsHttp,
);
http(
  'getInvitation',
  { route: 'invitations/{id}', methods: ['GET'] },
  async () => (await import('./getInvitationHttp.js')).getInvitationHttp,
);
http(
  'resendInvitation',
  { route: 'invitations/{id}/resend', methods: ['POST'], durableClient: true },
  async () => (await import('./resendInvitationHttp.js')).resendInvitationHttp,
);
http(
  'revokeInvitation',
  { route: 'invitations/{id}/revoke', methods: ['POST'], durableClient: true },
  async () => (await import('./revokeInvitationHttp.js')).revokeInvitationHttp,
);
