import { z } from 'zod';

/**
 * The body of `POST /emails:send` (ACS EmailMessage), checked as strictly as this product needs:
 * a stand-in that accepts what the service rejects would hide bugs until production.
 */
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const emailAddressSchema = z.object({
  address: z.string().regex(ADDRESS, 'must be an email address'),
  displayName: z.string().optional(),
});

export const emailMessageSchema = z.object({
  senderAddress: z.string().regex(ADDRESS, 'must be an email address'),
  content: z
    .object({
      subject: z.string().min(1),
      plainText: z.string().optional(),
      html: z.string().optional(),
    })
    .refine((c) => c.plainText !== undefined || c.html !== undefined, 'needs plainText or html'),
  recipients: z.object({
    to: z.array(emailAddressSchema).min(1),
    cc: z.array(emailAddressSchema).optional(),
    bcc: z.array(emailAddressSchema).optional(),
  }),
  headers: z.record(z.string(), z.string()).optional(),
  replyTo: z.array(emailAddressSchema).optional(),
  userEngagementTrackingDisabled: z.boolean().optional(),
});
export type EmailMessageBody = z.infer<typeof emailMessageSchema>;

export type ParsedEmail = { ok: true; message: EmailMessageBody } | { ok: false; problem: string };

/** Parses raw bytes into a message, or says (without echoing the content) what is wrong. */
export function parseEmailRequest(body: Buffer): ParsedEmail {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, problem: 'The request body is not valid JSON.' };
  }
  const result = emailMessageSchema.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  const problem = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  return { ok: false, problem };
}

/** ACS operation ids are GUIDs (the spec types `Operation-Id` as uuid; the SDK refuses others). */
export const OPERATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
