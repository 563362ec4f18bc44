import type * as Jose from 'jose';
import { runInThisContext } from 'node:vm';

/**
 * The `jose` library, loaded through Node's own `require`.
 *
 * Why not a plain `import`: jose 6 ships ESM only. Node ≥ 20.19 `require()`s ESM natively, so the
 * compiled app could import it directly, but jest's module registry refuses ESM before Node 24.9
 * and the jest config does not transform node_modules. `runInThisContext` reaches the host realm's
 * `process` (jest sandboxes the test realm's), whose `createRequire` is Node's real loader. In the
 * Functions host the host realm is the only realm, so this is an ordinary require there.
 * Consequence: jose's objects and errors come from the host realm, so test them with
 * `jose.errors.*` classes or their `code`, never with `instanceof Error`.
 */
const hostProcess = runInThisContext('process') as NodeJS.Process;

export const jose = hostProcess.getBuiltinModule('node:module').createRequire(__filename)('jose') as typeof Jose;
