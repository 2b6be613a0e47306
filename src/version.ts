import { existsSync, readFileSync } from 'node:fs';

/** The nearest package.json above this module: one folder up from src/ and dist/, more from a bundled chunk. */
function packageJson(): string {
  for (let url = new URL('../package.json', import.meta.url); ; url = new URL('../package.json', url)) {
    if (existsSync(url)) return readFileSync(url, 'utf8');
    if (url.pathname === '/package.json') throw new Error(`no package.json above ${import.meta.url}`);
  }
}

/** The package version, read once from package.json. */
export const VERSION: string = (JSON.parse(packageJson()) as { version: string }).version;
