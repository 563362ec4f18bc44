import type { HttpResponseInit } from '@azure/functions';

/** Liveness: answers without touching any dependency, so a probe never wakes Cosmos. */
export async function healthHttp(): Promise<HttpResponseInit> {
  return { status: 200, jsonBody: { status: 'ok' } };
}
