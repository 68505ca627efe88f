import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import semver from 'semver';

/*
 * Issue 12, item 2: `npm install` on the supported Node versions prints no engine warnings. Every package in
 * package-lock.json that declares `engines.node` must accept the lowest Node version our own `engines.node` admits,
 * checked as npm checks it (semver.satisfies, prereleases included) — else `npm ci` prints EBADENGINE for it.
 */

const root = path.join(__dirname, '..');
const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as T;

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

const ourRange = readJson<{ engines: { node: string } }>('package.json').engines.node;
const lock = readJson<{ packages: Record<string, LockEntry> }>('package-lock.json');

/** `node_modules/a/node_modules/@b/c` → `@b/c`. */
const nameOf = (lockPath: string): string =>
  lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);

describe('engines (issue 12: no EBADENGINE on the supported Node versions)', () => {
  const lowest = semver.minVersion(ourRange);

  it('our engines.node is a range with a lowest version', () => {
    expect(lowest?.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('every locked package that names a Node range accepts the lowest Node version we support', () => {
    const ranges = Object.entries(lock.packages).flatMap(([lockPath, entry]) => {
      const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return lockPath !== '' && typeof node === 'string' ? [{ lockPath, version: entry.version, node }] : [];
    });
    expect(ranges.length).toBeGreaterThan(50);
    const refusing = ranges
      .filter(({ node }) => !semver.satisfies(lowest!, node, { includePrerelease: true }))
      .map(({ lockPath, version, node }) => `${nameOf(lockPath)}@${version} needs Node ${node}`);
    expect({ ourRange, lowest: lowest?.version, refusing }).toEqual({
      ourRange,
      lowest: lowest?.version,
      refusing: [],
    });
  });
});
