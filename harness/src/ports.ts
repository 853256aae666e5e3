import { createServer } from 'node:net';

function tryListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A free port on 127.0.0.1 whose next port is free too: n8n's task-runner broker takes the
 * port after n8n's own (see n8nEnvironment).
 */
export async function freePortPair(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await tryListen(port)) && (await tryListen(port + 1))) return port;
  }
  throw new Error('No free pair of ports found on 127.0.0.1.');
}

export async function isPortFree(port: number): Promise<boolean> {
  return tryListen(port);
}
