import { config } from '../config';
import { createPacer, quotaWindows } from './pacer';
import type { EmailSender } from './sender';
import { acsEmailSender } from './senderAcs';
import { createEmailClient } from './senderClient';

let shared: EmailSender | undefined;

/** The process-wide sender: one EmailClient and one pacer under EMAIL_QUOTA_PER_MINUTE/HOUR. */
export function emailSender(): EmailSender {
  if (!shared) {
    const c = config();
    const client = createEmailClient({ endpoint: c.ACS_ENDPOINT, connectionString: c.ACS_CONNECTION_STRING, managedIdentityClientId: c.AZURE_CLIENT_ID });
    const pacer = createPacer(quotaWindows({ perMinute: c.EMAIL_QUOTA_PER_MINUTE, perHour: c.EMAIL_QUOTA_PER_HOUR }));
    shared = acsEmailSender(client, { senderAddress: c.EMAIL_SENDER_ADDRESS, pacer });
  }
  return shared;
}
