/**
 * Writes the record of something that has just gone out (an email, a webhook delivery), trying
 * again (up to 5 times within about 3 s) when the write fails. Once it is out, the activity must
 * not give up on its record at the first Cosmos throttle, timeout or dropped connection: its retry
 * by the orchestrator comes later. For an email, an answer through that very email may have landed
 * by then, so the retry would find the invitation answered and skip, leaving a sent email out of
 * the count and the audit (soak defect 4); for a webhook, the retry posts the event again.
 */
export async function recordSent<T>(
  write: () => Promise<T>,
  wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (attempt >= 5) throw e;
      await wait(100 * 2 ** attempt);
    }
  }
}
