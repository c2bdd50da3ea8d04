import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the proxy does to requests whose request line matches `match`. */
export interface Fault {
  match: RegExp;
  /** `cut`: close both sides after `afterBytes` of the engine's answer; `hang`: stop passing the answer on then. */
  mode: 'cut' | 'hang';
  afterBytes: number;
}

/**
 * A Unix-socket proxy in front of the real engine that breaks chosen requests partway, to test how
 * repro-check behaves when an engine stops answering. Everything else passes through untouched.
 */
export class EngineProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  faults: Fault[] = [];
  /** Request lines of the requests that were broken. */
  readonly broken: string[] = [];

  private constructor(
    readonly socketPath: string,
    private readonly dir: string,
    private readonly target: string,
  ) {}

  static async start(target = '/var/run/docker.sock'): Promise<EngineProxy> {
    const dir = await mkdtemp(join(tmpdir(), 'engine-proxy-'));
    const proxy = new EngineProxy(join(dir, 'docker.sock'), dir, target);
    proxy.server = createServer((client) => proxy.connect(client));
    await new Promise<void>((resolve) => proxy.server!.listen(proxy.socketPath, resolve));
    return proxy;
  }

  private connect(client: Socket): void {
    const upstream = createConnection(this.target);
    this.sockets.add(client).add(upstream);
    let fault: Fault | undefined;
    let decided = false;
    let answered = 0;
    client.on('data', (chunk: Buffer) => {
      if (!decided) {
        decided = true;
        const requestLine = chunk.toString('latin1').split('\r\n')[0] ?? '';
        fault = this.faults.find((f) => f.match.test(requestLine));
        if (fault) this.broken.push(requestLine);
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      answered += chunk.length;
      if (fault && answered > fault.afterBytes) {
        if (fault.mode === 'cut') {
          client.destroy();
          upstream.destroy();
        }
        // hang: the client waits for data that never comes.
        return;
      }
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', () => fault?.mode !== 'hang' && upstream.end());
    upstream.on('error', close).on('end', () => fault?.mode !== 'hang' && client.end());
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    await rm(this.dir, { recursive: true, force: true });
  }
}
