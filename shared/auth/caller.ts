import * as z from 'zod';
import { AppError } from '../http/errors';
import { appRoles } from './roles';
import { scopesOf } from './scopes';

/** Entra directory role template id of Global Administrator (the `wids` claim). */
export const GLOBAL_ADMINISTRATOR_WID = '62e90394-69f5-4237-9190-012177145e10';

/** The authenticated person behind a request, as the rest of the app sees it. */
export const callerSchema = z.object({
  /** Directory tenant id (`tid`), lower-cased so it compares equal to stored ids. */
  tenantId: z.guid(),
  /** Object id of the user in that tenant (`oid`). */
  userId: z.guid(),
  /** Lower-cased so invitation addresses compare case-insensitively. */
  email: z
    .string()
    .min(3)
    .max(320)
    .regex(/^[^@\s]+@[^@\s]+$/),
  name: z.string().min(1).max(256).optional(),
  /** Partner roles (app roles such as `AdminAgent`). */
  roles: z.array(z.string().min(1)),
  /** Directory role template ids. */
  wids: z.array(z.guid()),
  /** ISO 3166 alpha-2 country of the caller's tenant, upper-cased. */
  tenantCountry: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  /** The API scopes the token grants (`scp`); none for an app-only token. */
  scopes: z.array(z.string().min(1)),
  /** An app-only token (client credentials): no user; `roles` are application permissions. */
  app: z.literal(true).optional(),
});

export type Caller = z.infer<typeof callerSchema>;

/** The claims this app reads from an Entra v2 access token; everything else is ignored. */
const claimsSchema = z.object({
  tid: z.string(),
  oid: z.string(),
  email: z.string().optional(),
  preferred_username: z.string().optional(),
  name: z.string().optional(),
  roles: z.array(z.string()).optional(),
  wids: z.array(z.string()).optional(),
  tenant_ctry: z.string().optional(),
  scp: z.string().optional(),
  /** `app` on an app-only token (Entra's optional claim). */
  idtyp: z.string().optional(),
  /** The client app's id. */
  azp: z.string().optional(),
});

const rejected = () => new AppError('unauthenticated', 'The access token does not identify a user.');

/** Maps verified token claims to a Caller; a token missing or garbling what we need is rejected. */
export function callerFromClaims(claims: unknown): Caller {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) throw rejected();
  const c = parsed.data;
  if (isAppOnly(c)) return appCaller(c);
  const caller = callerSchema.safeParse({
    tenantId: c.tid.toLowerCase(),
    userId: c.oid.toLowerCase(),
    email: (c.email ?? c.preferred_username)?.toLowerCase(),
    name: c.name === '' ? undefined : c.name,
    // Application permissions count only in an app-only token.
    roles: (c.roles ?? []).filter((r) => !(appRoles as readonly string[]).includes(r)),
    wids: (c.wids ?? []).map((w) => w.toLowerCase()),
    tenantCountry: c.tenant_ctry?.toUpperCase(),
    scopes: scopesOf(c.scp),
  });
  if (!caller.success) throw rejected();
  return caller.data;
}

/**
 * An app-only (client credentials) access token: Entra's `idtyp: app` where the optional claim is
 * configured, otherwise a token naming a client app (`azp`) with neither `scp` nor any user name
 * claim (a v2 client-credentials token carries tid, oid and sub of the service principal, azp and
 * roles only). Claims naming neither a user nor an app stay unauthenticated.
 */
function isAppOnly(c: z.infer<typeof claimsSchema>): boolean {
  return (
    c.idtyp === 'app' ||
    (c.scp === undefined && c.email === undefined && c.preferred_username === undefined && c.azp !== undefined)
  );
}

/**
 * The caller of an app-only token: the consenting tenant (`tid`) and the app's service principal
 * (`oid`); its roles are the application permissions it was granted, nothing else (a partner or
 * program role is a user's). It has no mailbox: the address recorded as its actor is a
 * non-deliverable `.invalid` one naming the service principal.
 */
function appCaller(c: z.infer<typeof claimsSchema>): Caller {
  const caller = callerSchema.safeParse({
    tenantId: c.tid.toLowerCase(),
    userId: c.oid.toLowerCase(),
    email: `app-${c.oid.toLowerCase()}@apps.invalid`,
    ...(c.azp ? { name: `App ${c.azp}` } : {}),
    roles: (c.roles ?? []).filter((r) => (appRoles as readonly string[]).includes(r)),
    wids: [],
    scopes: [],
    app: true,
  });
  if (!caller.success) throw rejected();
  return caller.data;
}
