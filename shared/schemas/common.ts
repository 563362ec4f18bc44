import * as z from 'zod';
import { durationDays } from '../domain/delegatedAdmin';
import { clouds, partnerKinds } from '../domain/partner';

// Every string has a length limit: the bodies end up in Cosmos documents and durable history.

/** A directory/tenant/object id, lower-cased so it compares equal to stored ids. */
export const guidSchema = z.guid().toLowerCase();

/** An e-mail address (RFC 5321 caps the path at 254), lower-cased for comparison. */
export const emailSchema = z.email().max(254).toLowerCase();

/** ISO 3166-1 alpha-2 country code, upper-cased. */
export const countrySchema = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'a two-letter ISO 3166-1 country code')
  .toUpperCase();

/** A cloud of the program. */
export const cloudSchema = z.enum(clouds);

/** A partner kind of the program. */
export const partnerKindSchema = z.enum(partnerKinds);

/** An MPN (partner location) id: digits only. */
export const mpnIdSchema = z.string().regex(/^[0-9]{1,10}$/, 'an MPN id of up to 10 digits');

/**
 * A person's or organisation's display name: NFC-normalised printable text. Refused: control
 * characters (Cc), format characters (Cf: the bidi overrides and isolates, zero-width joiners…),
 * lone surrogates, private-use and unassigned code points. A name that could render as another
 * (an RTL override turning "Contoso" around) or break a log line never reaches an email.
 */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine(
    (s) => !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u.test(s),
    'must be printable text (no control, format or bidi characters, no lone surrogates)',
  )
  .normalize('NFC');

/** A phone number as people write it: digits, spaces and + ( ) - . only. */
export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()\-.]{3,32}$/, 'a phone number: digits, spaces and + ( ) - .');

/** GDAP duration: ISO 8601 whole days from P1D to P730D. */
export const grantDurationSchema = z
  .string()
  .max(6)
  .regex(/^P[1-9][0-9]{0,2}D$/, 'ISO 8601 days, "P1D" to "P730D"')
  .refine((d) => durationDays(d) !== undefined, 'from "P1D" to "P730D"');

/** The invitation link token as emailed (base64url). */
export const invitationTokenSchema = z
  .string()
  .min(16)
  .max(256)
  .regex(/^[A-Za-z0-9_-]+$/, 'a base64url token');

/** Languages the default emails are written in. */
export const localeSchema = z.enum(['en', 'sv']);

/** An ISO 8601 instant with a zone, as stored and exchanged. */
export const instantSchema = z.iso.datetime({ offset: true });

/**
 * An opaque continuation token from a previous page. Printable ASCII only, as Cosmos issues them:
 * the token travels in an HTTP header, where other characters made Node throw before any request
 * (a 500 `internal` found by test/e2e/fuzz.test.ts with `continuationToken=%C4%80`).
 */
export const continuationTokenSchema = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^[\x20-\x7E]+$/, 'a continuation token from a previous page');

/** Page size of list endpoints; query strings arrive as text, hence the coercion. */
export const pageSizeSchema = z.coerce.number().int().min(1).max(100).default(25);

/** The Idempotency-Key header: visible ASCII, bounded. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7E]+$/, 'visible ASCII characters');
