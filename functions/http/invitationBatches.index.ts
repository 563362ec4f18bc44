// Registers the invitation batch endpoints (issue 18). Each entry is the function's trigger and a
// loader: the handler's module loads on the first call (see ../register.ts).
import { http } from '../register';

http(
  'createInvitationBatch',
  { route: 'invitation-batches', methods: ['POST'], durableClient: true },
  async () => (await import('./invitationBatchesHttp.js')).createInvitationBatchHttp,
);
http(
  'getInvitationBatch',
  { route: 'invitation-batches/{id}', methods: ['GET'], durableClient: true },
  async () => (await import('./invitationBatchesHttp.js')).getInvitationBatchHttp,
);
http(
  'listInvitationBatchResults',
  { route: 'invitation-batches/{id}/results', methods: ['GET'] },
  async () => (await import('./invitationBatchesHttp.js')).listInvitationBatchResultsHttp,
);
http(
  'cancelInvitationBatch',
  { route: 'invitation-batches/{id}/cancel', methods: ['POST'], durableClient: true },
  async () => (await import('./invitationBatchesHttp.js')).cancelInvitationBatchHttp,
);
