/**
 * The `jose` library in one place. jose 6 ships ESM only: Node ≥ 20.19 `require()`s it natively in
 * the compiled app, and jest transforms it to CommonJS (the "jest" section of package.json).
 */
export * as jose from 'jose';
