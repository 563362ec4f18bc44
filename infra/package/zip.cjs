'use strict';
// Zips a staged folder with yazl. CommonJS like build.cjs, so jest and the compiled bench can require it.
const fs = require('node:fs');
const path = require('node:path');
const yazl = require('yazl');

// A fixed timestamp makes the zip a function of its contents only: the same build gives the same bytes.
const FIXED_MTIME = new Date('2020-01-01T00:00:00Z');

/** Every file under `dir`, as forward-slash paths relative to it, sorted for a stable entry order. */
function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** Writes `zipPath` with every file under `dir` at the zip's root; resolves with the zip's size in bytes. */
function zipDirectory(dir, zipPath) {
  const zip = new yazl.ZipFile();
  for (const rel of listFiles(dir)) {
    zip.addFile(path.join(dir, rel), rel, { mtime: FIXED_MTIME, mode: 0o100644, compressionLevel: 9 });
  }
  zip.end();
  fs.mkdirSync(path.dirname(zipPath), { recursive: true });
  return new Promise((resolve, reject) => {
    const sink = fs.createWriteStream(zipPath);
    zip.outputStream.on('error', reject).pipe(sink).on('error', reject);
    sink.on('close', () => resolve(fs.statSync(zipPath).size));
  });
}

module.exports = { zipDirectory, listFiles };
