import { config } from '../config';
import { emailQuotaLedger } from '../store/emailQuotaLedger';
import { createLedgerPacer, quotaWindows } from './pacer';
import type { EmailSender } from './sender';
import { acsEmailSender } from './senderAcs';
import { createEmailClient } from './senderClient';

let shared: EmailSender | undefined;
let prompt: EmailSender | undefined;

function fromConfig(o: { maxPaceWaitMs?: number; timeoutMs?: number }): EmailSender {
  const c = config();
  const client = createEmailClient({
    endpoint: c.ACS_ENDPOINT,
    connectionString: c.ACS_CONNECTION_STRING,
    managedIdentityClientId: c.AZURE_CLIENT_ID,
  });
  const windows = quotaWindows({ perMinute: c.EMAIL_QUOTA_PER_MINUTE, perHour: c.EMAIL_QUOTA_PER_HOUR });
  const pacer = windows.length > 0 ? createLedgerPacer(emailQuotaLedger(), windows) : undefined;
  return acsEmailSender(client, { senderAddress: c.EMAIL_SENDER_ADDRESS, pacer, ...o });
}

/**
 * The process-wide sender: one EmailClient, paced under EMAIL_QUOTA_PER_MINUTE/HOUR on the ledger
 * every instance shares (no pacer, and no ledger write, when both are 0, as against the local sink).
 */
export function emailSender(): EmailSender {
  shared ??= fromConfig({});
  return shared;
}

/**
 * A sender for emails that something durable sends again when they do not go out now (a due item
 * of the sweep: grant notices, the access-lost email a removal request tries at once). It waits
 * for no quota slot ('deferred' instead) and at most 10 s for ACS, so neither a request nor a
 * sweep run is held up for minutes by a used-up quota. Same quota ledger as every send.
 */
export function promptEmailSender(): EmailSender {
  prompt ??= fromConfig({ maxPaceWaitMs: 0, timeoutMs: 10_000 });
  return prompt;
}
