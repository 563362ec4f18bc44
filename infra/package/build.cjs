'use strict';
// `npm run package`: bundles the functions into dist/package/ (what azure.yaml's `dist` deploys) and
// zips that folder to dist/package.zip (for `azd deploy --from-package`, and for the size figure).
// Plain CommonJS, no build step: `npm run build` runs it after tsc (azd runs only `build`), jest and the compiled bench
// require it directly.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { zipDirectory, listFiles } = require('./zip.cjs');

/** The app entry: importing it registers every function (package.json "main" in the repo). */
const ENTRY = 'functions/index.ts';
/** The bundle's entry file in the package folder (its package.json "main"). */
const ENTRY_FILE = 'index.mjs';
/** The folder azure.yaml's `dist` names: azd zips exactly this. */
const PACKAGE_DIR = 'dist/package';
const PACKAGE_ZIP = 'dist/package.zip';
/** Provided by the Functions Node worker at run time; it is not on npm as a runtime package. */
const EXTERNAL = ['@azure/functions-core'];
/**
 * The bundled CommonJS packages call require() (Node built-ins, @azure/functions-core, which the
 * worker serves by hooking Module.prototype.require); an ES module has no require, so every output
 * file gets one, made for its own location.
 */
const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** esbuild options shared by the package and the bench, so both measure the same artefact: `outdir/index.mjs` and its chunks. */
function bundleOptions(root, entry, outdir) {
  return {
    absWorkingDir: root,
    entryPoints: { index: path.resolve(root, entry) },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node22',
    // ES modules, because esbuild splits code only there: every import() of the app (each function's
    // module, functions/register.ts) becomes a chunk read and compiled on the function's first call,
    // so a cold start parses the registration code only, not the whole app (CommonJS would put
    // everything in one file: ~2.3 MB to compile before the first function registers).
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: REQUIRE_BANNER },
    external: EXTERNAL,
    // Linked source map: stack traces map back to the TypeScript when Node runs with
    // --enable-source-maps (NODE_OPTIONS in the Bicep app settings). Sources stay out of the map:
    // a stack trace needs the mappings only, and the zip stays small.
    sourcemap: 'linked',
    sourcesContent: false,
    minify: true,
    // Error names and class names survive minification (SDK errors and logs read them).
    keepNames: true,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  };
}

/** The package.json the Functions host reads: "main" is the bundle's entry; no dependencies to install. */
function packageManifest(root) {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return { name: app.name, version: app.version, private: true, main: ENTRY_FILE, engines: { node: '>=22' } };
}

/**
 * Builds the package folder and its zip (default dist/package/ and dist/package.zip under `root`);
 * returns what was written, with sizes.
 */
async function buildPackage(root = path.resolve(__dirname, '..', '..'), out = {}) {
  const dir = out.dir ?? path.join(root, PACKAGE_DIR);
  const zip = out.zip ?? path.join(root, PACKAGE_ZIP);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const result = await esbuild.build(bundleOptions(root, ENTRY, dir));
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(packageManifest(root), null, 2)}\n`);
  fs.copyFileSync(path.join(root, 'host.json'), path.join(dir, 'host.json'));
  const zipBytes = await zipDirectory(dir, zip);
  const files = Object.fromEntries(listFiles(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size]));
  return {
    dir,
    entry: path.join(dir, ENTRY_FILE),
    zip,
    zipBytes,
    files,
    warnings: result.warnings.length,
    metafile: result.metafile,
  };
}

module.exports = { ENTRY, ENTRY_FILE, PACKAGE_DIR, PACKAGE_ZIP, EXTERNAL, bundleOptions, buildPackage, zipDirectory };

if (require.main === module) {
  buildPackage().then(
    (r) => {
      const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
      const sum = (names) => names.reduce((n, f) => n + r.files[f], 0);
      const top = Object.keys(r.files).filter((f) => !f.includes('/'));
      for (const f of top) console.log(`  ${PACKAGE_DIR}/${f}  ${kb(r.files[f])}`);
      const chunks = Object.keys(r.files).filter((f) => f.startsWith('chunks/'));
      const code = chunks.filter((f) => f.endsWith('.mjs'));
      console.log(
        `  ${PACKAGE_DIR}/chunks/  ${code.length} chunks, ${kb(sum(code))} (with maps and licence notes: ${chunks.length} files, ${kb(sum(chunks))})`,
      );
      console.log(`${PACKAGE_ZIP}  ${kb(r.zipBytes)}`);
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
