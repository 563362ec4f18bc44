// Jest globalSetup: starts the count of responses checked against the OpenAPI document afresh.
import { rmSync } from 'node:fs';
import path from 'node:path';

export default function contractCountSetup(): void {
  const dir = path.resolve(__dirname, '../../.data/openapi-validated');
  rmSync(dir, { recursive: true, force: true });
  rmSync(path.resolve(dir, '../openapi-violations.log'), { force: true });
}
