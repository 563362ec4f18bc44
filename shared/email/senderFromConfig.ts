import { config } from '../config';
import { emailQuotaLedger } from '../store/emailQuotaLedger';
import { createLedgerPacer, quotaWindows } from './pacer';
import type { EmailSender } from './sender';
import { acsEmailSender } from './senderAcs';
import { createEmailClient } from './senderClient';

let shared: EmailSender | undefined;
let prompt: EmailSender | undefined;
let sweep: EmailSender | undefined;

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
 * For an email a request sends at once and the sweep sends otherwise (the access-lost email a
 * removal tries before its due item does): it waits for no quota slot ('deferred' instead) and at
 * most 10 s for ACS, so the request is never held up. Same quota ledger as every send.
 */
export function promptEmailSender(): EmailSender {
  prompt ??= fromConfig({ maxPaceWaitMs: 0, timeoutMs: 10_000 });
  return prompt;
}

/**
 * For the sweep's grant notices, whose due item is retried by the next run (every 15 minutes by
 * default). A notice's slot further away than it may wait is held for its retry, and a hold counts
 * until 10 minutes past its time (pacer.ts): waiting up to 5 minutes, and holding what is further,
 * leaves every hold valid at the next run, so no claimed slot goes unused. At most 60 s for ACS.
 */
export function sweepEmailSender(): EmailSender {
  sweep ??= fromConfig({ maxPaceWaitMs: 5 * 60_000, timeoutMs: 60_000 });
  return sweep;
}
