/**
 * An activity's handler built from the process-wide stores (this folder's builders) on first use, so
 * importing its module reads no configuration (a missing setting fails one call, not the whole app). The
 * registration table (email.index.ts, invitationRecords.index.ts) and the sweep call the returned getter.
 */
export function wiredOnFirstUse<R>(wire: () => (raw: unknown) => Promise<R>): () => (raw: unknown) => Promise<R> {
  let handler: ((raw: unknown) => Promise<R>) | undefined;
  return () => (handler ??= wire());
}
