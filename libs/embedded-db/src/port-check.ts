import * as net from 'node:net';

/** Rejects with a message naming the port and SANDBOX_PG_PORT when `host:port` cannot be listened on. */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? portInUseError(port, host)
          : new Error(
              `cannot listen on ${host}:${port} for the sandbox's PostgreSQL (${error.message}); ` +
                `choose another port with SANDBOX_PG_PORT=<port>`,
            ),
      );
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

export function portInUseError(port: number, host: string): Error {
  return new Error(
    `port ${port} on ${host} is already in use by another program, so the sandbox's PostgreSQL cannot listen there; ` +
      `stop that program, or choose another port with SANDBOX_PG_PORT=<port> (or set DATABASE_URL to use your own PostgreSQL)`,
  );
}
