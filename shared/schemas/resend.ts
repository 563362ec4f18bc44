import * as z from 'zod';
import { emailSchema } from './common';

/**
 * The optional body of POST /api/invitations/{id}/resend: a corrected address, accepted only after
 * the latest email did not reach the old one (bounced, suppressed or failed: its timeline says so).
 */
export const resendBodySchema = z
  .object({
    recipientEmail: emailSchema
      .optional()
      .describe(
        'The corrected address; allowed after the latest email bounced, was suppressed or failed (409 conflict otherwise)',
      ),
  })
  .strict();
