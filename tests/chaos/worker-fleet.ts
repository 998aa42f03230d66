/**
 * Real `tagwright worker` processes for the chaos suite: started with the stack's env, SIGKILLed on
 * demand (preferably one that holds a running job) and replaced at once by a fresh process, as a
 * process supervisor would. A worker that exits without being killed is a crash: counted,
 * reported with its last output, and replaced too.
 */
import type { Sql } from '@tagwright/shared';
import { type CliRun, runCli } from '../cli/run-cli.ts';

interface Member {
  id: string;
  run: CliRun;
  killed: boolean;
}

export class WorkerFleet {
  private readonly members: Member[] = [];
  private generation = 0;
  private stopping = false;
  kills = 0;
  readonly crashes: { id: string; code: number | null; output: string }[] = [];

  constructor(
    private readonly size: number,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(): void {
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  private spawn(): void {
    const id = `chaos-${++this.generation}`;
    const run = runCli(['worker'], { ...this.env, WORKER_ID: id });
    const member: Member = { id, run, killed: false };
    this.members.push(member);
    void run.exited.then((code) => {
      this.members.splice(this.members.indexOf(member), 1);
      if (this.stopping) return;
      if (!member.killed) {
        const { stdout, stderr } = run.output();
        this.crashes.push({ id, code, output: `${stdout}\n${stderr}`.trim().split('\n').slice(-15).join('\n') });
      }
      this.spawn();
    });
  }

  /** SIGKILLs one worker, one holding a running job when there is one; its replacement starts at once. */
  async killOne(sql: Sql): Promise<string | undefined> {
    const busy = new Set(
      (await sql<{ locked_by: string }[]>`select distinct locked_by from public.jobs where status = 'running'`).map((r) => r.locked_by),
    );
    const alive = this.members.filter((m) => !m.killed && m.run.child.exitCode === null);
    const candidates = alive.filter((m) => busy.has(m.id));
    const pool = candidates.length > 0 ? candidates : alive;
    const victim = pool[Math.floor(Math.random() * pool.length)];
    if (!victim) return undefined;
    victim.killed = true;
    victim.run.child.kill('SIGKILL');
    this.kills++;
    return victim.id;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const all = [...this.members];
    for (const m of all) m.run.child.kill('SIGTERM');
    await Promise.all(all.map((m) => m.run.exited));
  }
}
