'use strict';
// `npm run package`: bundles the functions into dist/package/ (what azure.yaml's `dist` deploys) and
// zips that folder to dist/package.zip (for `azd deploy --from-package`, and for the size figure).
// Plain CommonJS, no build step: azd runs it right after `npm run build`, jest and the compiled bench
// require it directly.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { zipDirectory, listFiles } = require('./zip.cjs');

/** The app entry: importing it registers every function (package.json "main" in the repo). */
const ENTRY = 'functions/index.ts';
/** The folder azure.yaml's `dist` names: azd zips exactly this. */
const PACKAGE_DIR = 'dist/package';
const PACKAGE_ZIP = 'dist/package.zip';
/** Provided by the Functions Node worker at run time; it is not on npm as a runtime package. */
const EXTERNAL = ['@azure/functions-core'];

/** esbuild options shared by the package and the bench, so both measure the same artefact. */
function bundleOptions(root, entry, outfile) {
  return {
    absWorkingDir: root,
    entryPoints: [path.resolve(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
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

/** The package.json the Functions host reads: "main" is the bundle; no dependencies to install. */
function packageManifest(root) {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return { name: app.name, version: app.version, private: true, main: 'index.js', engines: { node: '>=20' } };
}

/** Builds dist/package/ and dist/package.zip under `root`; returns what was written, with sizes. */
async function buildPackage(root = path.resolve(__dirname, '..', '..')) {
  const dir = path.join(root, PACKAGE_DIR);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const result = await esbuild.build(bundleOptions(root, ENTRY, path.join(dir, 'index.js')));
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(packageManifest(root), null, 2)}\n`);
  fs.copyFileSync(path.join(root, 'host.json'), path.join(dir, 'host.json'));
  const zip = path.join(root, PACKAGE_ZIP);
  const zipBytes = await zipDirectory(dir, zip);
  const files = Object.fromEntries(listFiles(dir).map((f) => [f, fs.statSync(path.join(dir, f)).size]));
  return { dir, zip, zipBytes, files, warnings: result.warnings.length, metafile: result.metafile };
}

module.exports = { ENTRY, PACKAGE_DIR, PACKAGE_ZIP, EXTERNAL, bundleOptions, buildPackage, zipDirectory };

if (require.main === module) {
  buildPackage().then(
    (r) => {
      const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
      for (const [f, size] of Object.entries(r.files)) console.log(`  ${PACKAGE_DIR}/${f}  ${kb(size)}`);
      console.log(`${PACKAGE_ZIP}  ${kb(r.zipBytes)}`);
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
