import type { DurableClient } from 'durable-functions';

/** Whether a client call's error says there is no such instance (the SDK names the 404 only in its message). */
export const isNotFound = (e: unknown): boolean => e instanceof Error && /\b404\b|No instance with ID/.test(e.message);

/**
 * An instance's runtime status ('Running', 'Completed', 'Failed', ...), or undefined when there is no such instance.
 */
export async function instanceStatus(
  client: Pick<DurableClient, 'getStatus'>,
  instanceId: string,
): Promise<string | undefined> {
  try {
    return String((await client.getStatus(instanceId)).runtimeStatus);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
