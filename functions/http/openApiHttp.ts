import type { HttpResponseInit } from '@azure/functions';
import { buildOpenApiDocument, type OpenApiDocument } from '../../shared/schemas/openapi';
import { apiRoutes } from '../../shared/schemas/routes';

let document: OpenApiDocument | undefined;

/** GET /api/openapi.json: the OpenAPI 3.1 document generated from the zod schemas (anonymous). */
export async function openApiHttp(): Promise<HttpResponseInit> {
  document ??= buildOpenApiDocument(apiRoutes);
  return { status: 200, jsonBody: document };
}
