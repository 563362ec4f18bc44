// The app's entry (package.json "main"): importing a registration table registers its functions.
// Only the tables load here; each function's code loads on its first invocation (register.ts).
import './http/service.index';
import './http/invitations.index';
import './http/answers.index';
import './http/records.index';
import './http/indirect.index';
import './http/customerCreation.index';
import './http/program.index';
import './http/roleTemplates.index';
import './http/invitationBatches.index';
import './activities/batch.index';
import './http/webhooks.index';
import './activities/email.index';
import './activities/invitationRecords.index';
import './orchestrators/orchestrators.index';
import './activities/webhookDelivery.index';
import './timers/sweep.index';
import './timers/webhookPublisher.index';
import './events/emailDelivery.index';
