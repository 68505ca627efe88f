import * as net from 'node:net';
import { waitForPostgres } from './wait-for-postgres';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('waitForPostgres', () => {
  it('rejects within the timeout when nothing listens, naming host:port but not the password', async () => {
    const port = await closedPort();
    const began = Date.now();
    const error = await waitForPostgres(`postgres://app:s3cret-pw@127.0.0.1:${port}/db`, 1_000).catch((e: Error) => e);
    const elapsed = Date.now() - began;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      new RegExp(`^database unreachable at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`),
    );
    expect((error as Error).message).not.toContain('s3cret-pw');
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2_500);
  });

  it('reports a refused "localhost" (tried on several addresses) with a non-empty reason', async () => {
    const port = await closedPort();
    await expect(waitForPostgres(`postgres://app:pw@localhost:${port}/db`, 300)).rejects.toThrow(
      new RegExp(`^database unreachable at localhost:${port}: \\S+`),
    );
  });

  it('does not echo an unparsable URL', async () => {
    await expect(waitForPostgres('not a url with s3cret', 200)).rejects.toThrow(/^database unreachable at /);
    await expect(waitForPostgres('not a url with s3cret', 200)).rejects.not.toThrow(/s3cret/);
  });
});
