import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '@ofs/platform';
import { describeStartupError } from '../../../libs/platform/src/bootstrap/startup-error';
import { startTestApp } from '../../../test/support/test-app';
import { financrooApp } from '../src/configure-app';

// Issue 11 item 1: a bad banks file stops Financroo at start with one line naming the bank and field.
describe('financroo with a bad banks file', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'financroo-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('does not start, and says why in one line', async () => {
    const file = path.join(dir, 'banks.json');
    writeFileSync(file, JSON.stringify({ banks: [{ id: 'gobank', name: 'Go Bank', enable_dcr: true }] }));
    const failure = await startTestApp(financrooApp, { FINANCROO_BANKS_FILE: file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ConfigError);
    const line = describeStartupError(failure);
    expect(line).toMatch(
      new RegExp(
        `^invalid configuration: banks file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: banks\\[0\\] tenant must be`,
      ),
    );
    expect(line).toContain('banks[0] acp_url must be an https URL like https://localhost:8443');
    expect(line).not.toContain('\n');
  });
});
