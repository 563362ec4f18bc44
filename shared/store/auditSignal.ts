import type { AuditEntry } from './audit';

/**
 * In-process notice of the audit entries just appended: the webhook publisher (shared/webhooks/
 * publishSoon.ts) listens and publishes them at once rather than at the timer's next second. Only
 * an accelerator: the trail stays the outbox, and the timer still reads it for entries appended
 * by other instances, or whose notice was lost to a crash.
 */
type Listener = (entries: readonly AuditEntry[]) => void;
const listeners = new Set<Listener>();

export function onAuditAppended(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function auditAppended(entries: readonly AuditEntry[]): void {
  if (entries.length === 0) return;
  for (const l of listeners) {
    try {
      l(entries);
    } catch {
      // a listener's failure is not the append's: the timer publishes what it missed
    }
  }
}
