import * as z from 'zod';
import { DEFAULT_SWEEP_SCHEDULE } from './sweep/schedule';

/**
 * The one place that reads process.env. Every key the app reads is declared here (the Bicep app
 * settings mirror this list; test/unit/infra-consistency keeps them matched).
 */
export const configSchema = z.object({
  /** Cosmos DB account endpoint (the embedded Cosmos-protocol server locally). */
  COSMOS_ENDPOINT: z.url(),
  /** Key for the local server or the emulator; absent in Azure, where the managed identity is used. */
  COSMOS_KEY: z.string().min(1).optional(),
  /** PEM file of the local server's self-signed certificate, trusted through the client's agent only. */
  COSMOS_CA_CERT_FILE: z.string().min(1).optional(),
  COSMOS_DATABASE: z.string().min(1).default('resellerconnect'),
  /** Client id of the user-assigned managed identity (Azure only). */
  AZURE_CLIENT_ID: z.string().min(1).optional(),
  /** ACS endpoint (managed identity) or a connection string (local sink). One of the two is required. */
  ACS_ENDPOINT: z.url().optional(),
  ACS_CONNECTION_STRING: z.string().min(1).optional(),
  EMAIL_SENDER_ADDRESS: z.string().min(3).default('DoNotReply@reseller-connect.local'),
  /** ACS quota the sender paces itself under; 0 = unlimited (the local sink). */
  EMAIL_QUOTA_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  EMAIL_QUOTA_PER_HOUR: z.coerce.number().int().min(0).default(100),
  /**
   * Sends (new invitations and resends) one partner may make per clock hour, shared by every
   * instance; 0 = unlimited. 50 is half the ACS default of 100 emails an hour for the whole app:
   * one partner in a burst (or a stolen Sales agent account) can use up at most half the hour's
   * quota and the sender domain's goodwill, while a busy partner's normal day of invitations,
   * tens an hour, is never refused. Raise it with the ACS quota.
   */
  INVITER_SENDS_PER_HOUR: z.coerce.number().int().min(0).default(50),
  /** Token verification: issuer, audience and JWKS (Entra ID in Azure, the dev issuer locally). */
  AUTH_ISSUER: z.string().min(1),
  AUTH_AUDIENCE: z.string().min(1),
  AUTH_JWKS_URI: z.url(),
  /** Key the invitation link tokens are derived from (HMAC); only their SHA-256 is stored. */
  INVITATION_TOKEN_SECRET: z.string().min(32),
  /** Base of links in emails; never derived from the Host header. */
  PUBLIC_BASE_URL: z.url(),
  /** Browser origins allowed to POST accept/decline (the public base URL's origin is always allowed). */
  ALLOWED_ORIGINS: z.string().default(''),
  /**
   * Where invitees sign in (OAuth 2.0 authorization code flow with PKCE): an Entra authority, e.g.
   * https://login.microsoftonline.com/organizations, whose v2 endpoints are
   * `<authority>/oauth2/v2.0/authorize` and `/token`. A path means this origin: locally the dev
   * issuer at /dev, which serves the same paths.
   */
  SIGNIN_AUTHORITY: z
    .string()
    .max(2000)
    .refine(isAuthority, 'must be an http(s) URL without query or fragment, or a path on this origin such as /dev')
    .default('/dev'),
  /** Application (client) id of the landing page's app registration (type spa); the dev issuer's locally. */
  SIGNIN_CLIENT_ID: z.string().min(1).max(200).default('5a1e0000-0000-4000-8000-00000000c0de'),
  /** The API scope the landing page asks for, so the token's audience is this API (AUTH_AUDIENCE). */
  SIGNIN_SCOPE: z
    .string()
    .min(1)
    .max(500)
    .regex(/^\S+$/, 'must be one scope')
    .default('api://reseller-connect/Invitations.Answer'),
  SWEEP_SCHEDULE: z.string().min(1).default(DEFAULT_SWEEP_SCHEDULE),
  /** The reminder schedule: days before the deadline, comma-separated ("7,3"); 0 sends none. */
  REMINDER_DAYS_BEFORE_EXPIRY: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be whole numbers of days, comma-separated')
    .default('3')
    .transform((s) => s.split(',').map((d) => Number(d.trim())))
    .pipe(z.array(z.number().int().min(0).max(89)).min(1).max(10)),
  /** Grant expiry notices: days before a grant's end, comma-separated ("30,7,1"); 0 sends none. */
  GRANT_EXPIRY_NOTICE_DAYS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be whole numbers of days, comma-separated')
    .default('30,7,1')
    .transform((s) => s.split(',').map((d) => Number(d.trim())))
    .pipe(z.array(z.number().int().min(0).max(730)).min(1).max(10))
    .transform((days) => [...new Set(days.filter((d) => d > 0))].sort((a, b) => b - a)),
  DURABLE_TASK_HUB_NAME: z.string().min(3).default('resellerconnect'),
  /**
   * The directory tenant of the organisation that runs the program (as Microsoft runs CSP). Its
   * users holding the app role ProgramAdmin are the operators; the role counts from this tenant
   * only, since every tenant's own admin can assign app roles in its own enterprise application.
   * Unset: nobody is an operator (no partner can be enrolled).
   */
  PROGRAM_OPERATOR_TENANT_ID: z.guid().toLowerCase().optional(),
});

export type Config = z.infer<typeof configSchema>;

function isAuthority(value: string): boolean {
  if (value.startsWith('/')) return !value.startsWith('//') && !/[?#\\]/.test(value);
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash && !value.includes('#');
}

/** Parses the environment once; the error lists every missing or invalid key at the same time. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if (!parsed.data.ACS_ENDPOINT && !parsed.data.ACS_CONNECTION_STRING) {
    throw new Error('Invalid configuration: ACS_ENDPOINT or ACS_CONNECTION_STRING is required');
  }
  return parsed.data;
}

let cached: Config | undefined;
/** The process-wide configuration, parsed on first use. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
