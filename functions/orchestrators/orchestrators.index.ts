// Registers every orchestrator; each module (and the SDK's replay machinery) loads on its first
// episode (see ../register.ts). Their activities are registered from ../activities/.
import { orchestration } from '../register';
import { batchOrchestratorName, orchestrators } from '../names';

orchestration(
  orchestrators.invitation,
  async () => (await import('./invitationOrchestrator.js')).invitationOrchestrator,
);
orchestration(
  orchestrators.enrolmentNotice,
  async () => (await import('./enrolmentNoticeOrchestrator.js')).enrolmentNoticeOrchestrator,
);
orchestration(
  orchestrators.inviterNotice,
  async () => (await import('./inviterNoticeOrchestrator.js')).inviterNoticeOrchestrator,
);
orchestration(batchOrchestratorName, async () => (await import('./batchOrchestrator.js')).batchOrchestrator);
orchestration(
  orchestrators.webhookDelivery,
  async () => (await import('./webhookDeliveryOrchestrator.js')).webhookDeliveryOrchestrator,
);
