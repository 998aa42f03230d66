/** Resident memory of a process and all its descendants (Linux /proc), in MB. */
import fs from 'node:fs/promises';

export async function treeRssMb(rootPid: number): Promise<number> {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await fs.readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const ppid = /PPid:\s+(\d+)/.exec(status)?.[1];
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    if (ppid) parents.set(Number(entry), Number(ppid));
    if (kb) rss.set(Number(entry), Number(kb));
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid; p && p > 1; p = parents.get(p)) if (p === rootPid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, kb] of rss) if (inTree(pid)) total += kb;
  return Math.round(total / 1024);
}
