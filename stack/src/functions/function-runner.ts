/**
 * Keeps one Deno process per function: booted on the function's first request (later requests wait
 * for that boot), kept warm and shared by concurrent requests, booted again on the next request if it
 * died. After an edit it is retired: new requests go to a fresh process, the old one ends when its
 * last request is done. stop() ends every process it started.
 */
import http from 'node:http';
import path from 'node:path';
import { StackError } from '../errors.ts';
import { functionEnv, readFunctionsEnvFile, type StackEnvForFunctions } from './function-env.ts';
import { type FunctionProcess, startFunctionProcess } from './function-process.ts';

export interface FunctionRunnerOptions {
  functionsDir: string;
  stackEnv: StackEnvForFunctions;
  bootTimeoutMs: number;
  log: (line: string) => void;
}

interface Instance {
  name: string;
  process: Promise<FunctionProcess>;
  agent: http.Agent;
  inFlight: number;
  retired: boolean;
}

/** A ready process lent to one request; release() when the exchange is over. */
export interface Lease {
  port: number;
  agent: http.Agent;
  process: FunctionProcess;
  release(): void;
}

export class FunctionRunner {
  private readonly current = new Map<string, Instance>();
  private readonly live = new Set<Instance>();
  private stopped = false;

  constructor(private readonly options: FunctionRunnerOptions) {}

  entryOf(name: string): string {
    return path.join(this.options.functionsDir, name, 'index.ts');
  }

  /** The function's ready process, booting one first if none runs. Rejects with a BootError. */
  async acquire(name: string): Promise<Lease> {
    if (this.stopped) throw new StackError('Functions are stopping; the request was not run.');
    let instance = this.current.get(name);
    if (!instance) instance = this.boot(name);
    instance.inFlight++;
    const lent = instance;
    try {
      const process = await lent.process;
      const port = await process.ready;
      return { port, agent: lent.agent, process, release: () => this.release(lent) };
    } catch (error) {
      this.release(lent);
      throw error;
    }
  }

  /** Functions whose files changed: the next request gets a fresh process. */
  retire(names: string[] | 'all'): void {
    for (const [name, instance] of [...this.current]) {
      if (names !== 'all' && !names.includes(name)) continue;
      this.current.delete(name);
      instance.retired = true;
      this.options.log(`functions/${name}: files changed; the next request starts it again.`);
      if (instance.inFlight === 0) void this.end(instance);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current.clear();
    await Promise.all([...this.live].map((instance) => this.end(instance)));
  }

  private boot(name: string): Instance {
    const { functionsDir, stackEnv, bootTimeoutMs, log } = this.options;
    const instance: Instance = {
      name,
      inFlight: 0,
      retired: false,
      agent: new http.Agent({ keepAlive: true }),
      process: (async () => {
        const secrets = await readFunctionsEnvFile(path.join(functionsDir, '.env'), log);
        const started = Date.now();
        const process = startFunctionProcess({ name, entry: this.entryOf(name), env: functionEnv(stackEnv, secrets), bootTimeoutMs, log });
        void process.exited.then(() => this.forget(instance));
        process.ready.then(
          (port) => log(`functions/${name}: listening on 127.0.0.1:${port} (pid ${process.pid}), booted in ${Date.now() - started} ms`),
          () => this.forget(instance), // the boot error goes to the waiting requests
        );
        return process;
      })(),
    };
    instance.process.catch(() => this.forget(instance)); // .env unreadable: reported to the waiting requests
    this.current.set(name, instance);
    this.live.add(instance);
    return instance;
  }

  /** The instance's process is gone (or never came): the next request boots a new one. */
  private forget(instance: Instance): void {
    if (this.current.get(instance.name) === instance) this.current.delete(instance.name);
    this.live.delete(instance);
    instance.agent.destroy();
  }

  private release(instance: Instance): void {
    instance.inFlight--;
    if (instance.retired && instance.inFlight === 0) void this.end(instance);
  }

  private async end(instance: Instance): Promise<void> {
    const process = await instance.process.catch(() => undefined); // a failed boot left nothing to stop
    await process?.stop();
    this.forget(instance);
  }
}
