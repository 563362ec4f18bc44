// Registers the webhook delivery orchestrator and its activities (issue 16); their modules load on
// first use (see ../register.ts).
import { activity, orchestration } from '../register';
import { activities, orchestrators } from '../names';

orchestration(orchestrators.webhookDelivery, async () => (await import('./webhookDeliveryOrchestrator.js')).webhookDeliveryOrchestrator);
activity(activities.attemptWebhookDelivery, async () => (await import('../activities/webhookActivities.js')).attemptWebhookDeliveryHandler());
activity(activities.disableFailingWebhook, async () => (await import('../activities/webhookActivities.js')).disableFailingWebhookHandler());
