// Registers the inviter's invitation endpoints. Each entry is the function's trigger and a loader:
// the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

http('createInvitation', { route: 'invitations', methods: ['POST'], durableClient: true }, async () => (await import('./createInvitation.js')).createInvitationHandler);
http('draftInvitation', { route: 'invitations/draft', methods: ['POST'] }, async () => (await import('./draftInvitation.js')).draftInvitation);
http('listInvitations', { route: 'invitations', methods: ['GET'] }, async () => (await import('./listInvitations.js')).listInvitations);
http('getInvitation', { route: 'invitations/{id}', methods: ['GET'] }, async () => (await import('./getInvitation.js')).getInvitation);
http('resendInvitation', { route: 'invitations/{id}/resend', methods: ['POST'], durableClient: true }, async () => (await import('./resendInvitation.js')).resendInvitation);
http('revokeInvitation', { route: 'invitations/{id}/revoke', methods: ['POST'], durableClient: true }, async () => (await import('./revokeInvitation.js')).revokeInvitation);
