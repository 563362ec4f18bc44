// Registers the webhook publisher (issue 16): every second by default (WEBHOOK_PUBLISH_SCHEDULE,
// six-field NCRONTAB), reading the audit trail as the outbox; its module loads on the first run.
import { timer } from '../register';

timer(
  'webhookPublisher',
  process.env.WEBHOOK_PUBLISH_SCHEDULE ?? '*/1 * * * * *',
  async () => (await import('./webhookPublisher.js')).webhookPublisherTimer,
  { durableClient: true },
);
