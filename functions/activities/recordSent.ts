/**
 * Writes the record of an email that has just gone out, trying again (up to 5 times within about
 * 3 s) when the write fails. Once the email is out, the activity must not give up on its record
 * at the first Cosmos throttle, timeout or dropped connection: its retry by the orchestrator comes
 * later, and by then an answer through that very email may have landed, so the retry would find
 * the invitation answered and skip, leaving a sent email out of the count and the audit.
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
