// Writes the OpenAPI document the app serves at GET /api/openapi.json to a file (default
// dist/openapi.json), for Redocly's lint and the typed client's generator: `npm run openapi`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../../../shared/schemas/openapi';
import { apiRoutes } from '../../../shared/schemas/routes';

const out = path.resolve(process.argv[2] ?? 'dist/openapi.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(buildOpenApiDocument(apiRoutes), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
