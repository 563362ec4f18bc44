// Registers the invitation orchestrator; its module (and the SDK's replay machinery) loads on the
// first episode (see ../register.ts).
import { orchestration } from '../register';
import { orchestrators } from '../names';

orchestration(orchestrators.invitation, async () => (await import('./invitationOrchestrator.js')).invitationOrchestrator);
