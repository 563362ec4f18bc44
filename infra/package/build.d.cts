// Types for build.cjs, so the TypeScript test and bench can import it.
import type { BuildOptions, Metafile } from 'esbuild';

export declare const ENTRY: string;
export declare const PACKAGE_DIR: string;
export declare const PACKAGE_ZIP: string;
export declare const EXTERNAL: readonly string[];

/** esbuild options shared by the package and the bench. */
export declare function bundleOptions(root: string, entry: string, outfile: string): BuildOptions & { metafile: true };

export interface PackageResult {
  readonly dir: string;
  readonly zip: string;
  readonly zipBytes: number;
  /** Staged file (relative to dir) → size in bytes. */
  readonly files: Readonly<Record<string, number>>;
  readonly warnings: number;
  readonly metafile: Metafile;
}

/** Builds dist/package/ and dist/package.zip under `root` (default: the repository). */
export declare function buildPackage(root?: string): Promise<PackageResult>;

/** Zips every file under `dir` into `zipPath`; resolves with the zip's size in bytes. */
export declare function zipDirectory(dir: string, zipPath: string): Promise<number>;
