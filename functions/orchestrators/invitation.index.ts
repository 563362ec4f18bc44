// Registers the orchestrators; each module (and the SDK's replay machinery) loads on its first
// episode (see ../register.ts).
import { orchestration } from '../register';
import { orchestrators } from '../names';

orchestration(orchestrators.invitation, async () => (await import('./invitationOrchestrator.js')).invitationOrchestrator);
orchestration(orchestrators.enrolmentNotice, async () => (await import('./enrolmentNoticeOrchestrator.js')).enrolmentNoticeOrchestrator);
orchestration(orchestrators.inviterNotice, async () => (await import('./inviterNoticeOrchestrator.js')).inviterNoticeOrchestrator);
