import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireDataDirLock, LOCK_FILE_NAME } from './data-dir-lock';

describe('acquireDataDirLock', () => {
  let root: string;
  let dir: string;
  let lockFile: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-lock-'));
    dir = path.join(root, 'data');
    lockFile = path.join(dir, LOCK_FILE_NAME);
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  });

  const writeLock = (owner: object): void => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(lockFile, JSON.stringify(owner));
  };
  const deadPid = (): number => {
    const pid = spawnSync('true').pid;
    if (!pid) throw new Error('could not spawn');
    return pid;
  };
  const liveChild = (): ChildProcess => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(child);
    return child;
  };

  it('creates the folder and the lock (pid, start time), refuses a second holder, and releases idempotently', async () => {
    const lock = await acquireDataDirLock(dir);
    const owner = JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { pid: number; startedAt: string };
    expect(owner.pid).toBe(process.pid);
    expect(Number.isNaN(Date.parse(owner.startedAt))).toBe(false);

    await expect(acquireDataDirLock(dir)).rejects.toThrow(
      `another sandbox is already running on ${dir} (pid ${process.pid}); stop it first or set SANDBOX_DATA_DIR to another folder`,
    );

    await lock.release();
    await lock.release();
    expect(fs.existsSync(lockFile)).toBe(false);
    const again = await acquireDataDirLock(dir);
    again.releaseSync();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('refuses while another live process holds it', async () => {
    const child = liveChild();
    writeLock({ pid: child.pid, startedAt: new Date().toISOString() });
    await expect(acquireDataDirLock(dir)).rejects.toThrow(`already running on ${dir} (pid ${child.pid})`);
  });

  it('takes over a lock whose process is dead', async () => {
    writeLock({ pid: deadPid(), startedAt: new Date().toISOString() });
    const lock = await acquireDataDirLock(dir);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  (fs.existsSync('/proc/self/stat') ? it : it.skip)(
    'takes over a lock whose pid was reused by another process',
    async () => {
      const child = liveChild();
      writeLock({ pid: child.pid, startedAt: new Date().toISOString(), processStart: '1' });
      const lock = await acquireDataDirLock(dir);
      await lock.release();
    },
  );

  it('takes over an unreadable lock once it is not fresh', async () => {
    writeLock({});
    fs.writeFileSync(lockFile, 'garbage');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile, old, old);
    const lock = await acquireDataDirLock(dir);
    await lock.release();
  });

  it('never removes a lock that is no longer its own', async () => {
    const lock = await acquireDataDirLock(dir);
    fs.writeFileSync(lockFile, JSON.stringify({ pid: 1, startedAt: 'x' }));
    await lock.release();
    expect(fs.existsSync(lockFile)).toBe(true);
  });
});
