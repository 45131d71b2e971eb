import { readFileSync } from 'node:fs';

/**
 * Reads this package's own package.json at run time. The URL is relative to
 * the compiled file, `dist/cli/*.js`, or the bundled bin `dist/bin/flb-migrate.js`
 * (scripts/build-cli.mjs keeps it at that depth), or `src/cli/*.ts` under vitest, so
 * it resolves to the package root in the repo and in an installed package alike.
 */
export function readPackageInfo(): { version: string; bugsUrl: string | undefined } {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
    bugs?: unknown;
  };
  const bugs = pkg.bugs;
  const bugsUrl =
    typeof bugs === 'string' ? bugs
    : typeof bugs === 'object' && bugs !== null && typeof (bugs as { url?: unknown }).url === 'string' ? (bugs as { url: string }).url
    : undefined;
  return { version: typeof pkg.version === 'string' ? pkg.version : '0.0.0', bugsUrl };
}
