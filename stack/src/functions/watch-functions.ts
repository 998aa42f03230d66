/**
 * Watches the functions folder so edits apply like `supabase functions serve`: a change under
 * <name>/ names that function; a change anywhere else (_shared/, .env, a shared deno.json) names all.
 * Changes are gathered for a short while, since an editor's save is several events.
 */
import fs from 'node:fs';

const SETTLE_MS = 100;
/** Written by Deno itself while it runs a function; a change there is no edit. */
const IGNORED = /(^|[\\/])(deno\.lock|node_modules)([\\/]|$)/;

export interface FunctionsWatcher {
  close(): void;
}

export function watchFunctions(
  functionsDir: string,
  onChange: (names: string[] | 'all') => void,
  log: (line: string) => void,
): FunctionsWatcher {
  let names = new Set<string>();
  let all = false;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    onChange(all ? 'all' : [...names]);
    names = new Set();
    all = false;
  };
  let watcher: fs.FSWatcher;
  try {
    watcher = fs.watch(functionsDir, { recursive: true }, (_event, file) => {
      if (file === null || IGNORED.test(file)) return;
      const parts = file.split(/[\\/]/);
      const first = parts[0] ?? '';
      // <name>/… or the folder <name> itself; _shared/, .env and deno.json concern every function.
      const ownFolder = parts.length > 1 || !first.includes('.');
      if (ownFolder && !first.startsWith('_') && !first.startsWith('.')) names.add(first);
      else all = true;
      timer ??= setTimeout(flush, SETTLE_MS);
    });
  } catch (error) {
    log(`functions: not watching ${functionsDir} (${(error as Error).message}); restart the stack after editing a function.`);
    return { close: () => {} };
  }
  watcher.on('error', (error) =>
    log(`functions: watching ${functionsDir} stopped: ${error.message}; restart the stack after editing a function.`),
  );
  return {
    close: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
