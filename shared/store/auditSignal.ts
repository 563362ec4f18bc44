/**
 * In-process notice that an audit entry was appended: the webhook publisher (shared/webhooks/
 * publishSoon.ts) listens, so a change is published at once rather than at the timer's next second.
 * A notice carries nothing; the trail stays the outbox, and the timer still reads it for entries
 * appended by other instances or before a crash.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onAuditAppended(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function auditAppended(): void {
  for (const l of listeners) {
    try {
      l();
    } catch {
      // a listener's failure is not the append's: the timer publishes what it missed
    }
  }
}
