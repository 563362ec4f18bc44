// Registers the webhook delivery activities (its orchestrator: ../orchestrators/orchestrators.index.ts);
// their module loads on first use (see ../register.ts).
import { activity } from '../register';
import { activities } from '../names';

activity(activities.attemptWebhookDelivery, async () =>
  (await import('./webhookActivities.js')).attemptWebhookDeliveryHandler(),
);
activity(activities.disableFailingWebhook, async () =>
  (await import('./webhookActivities.js')).disableFailingWebhookHandler(),
);
