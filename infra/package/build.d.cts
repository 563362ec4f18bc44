// Types for build.cjs, so the TypeScript test and bench can import it.
import type { BuildOptions, Metafile } from 'esbuild';

export declare const ENTRY: string;
/** The bundle's entry file in the package folder (its package.json "main"). */
export declare const ENTRY_FILE: string;
export declare const PACKAGE_DIR: string;
export declare const PACKAGE_ZIP: string;
export declare const EXTERNAL: readonly string[];

/** esbuild options shared by the package and the bench: `outdir/index.mjs` and its chunks under `outdir/chunks/`. */
export declare function bundleOptions(root: string, entry: string, outdir: string): BuildOptions & { metafile: true };

export interface PackageResult {
  readonly dir: string;
  /** The bundle's entry, `dir/index.mjs`. */
  readonly entry: string;
  readonly zip: string;
  readonly zipBytes: number;
  /** Staged file (relative to dir) → size in bytes. */
  readonly files: Readonly<Record<string, number>>;
  readonly warnings: number;
  readonly metafile: Metafile;
}

/** Builds dist/package/ and dist/package.zip under `root` (default: the repository), or `out.dir` and `out.zip`. */
export declare function buildPackage(root?: string, out?: { dir?: string; zip?: string }): Promise<PackageResult>;

/** Zips every file under `dir` into `zipPath`; resolves with the zip's size in bytes. */
export declare function zipDirectory(dir: string, zipPath: string): Promise<number>;
