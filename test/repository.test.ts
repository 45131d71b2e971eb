import { existsSync, readlinkSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from './helpers/child-process.js';

/**
 * What a clone of the repository holds. A worktree links node_modules to the main checkout's; a `git add -A` there
 * once committed that link (`node_modules/` in .gitignore matches directories only), and checking it out replaced
 * the installed tree by a link to itself. A tracked symbolic link (a fixture's) is relative and stays inside the
 * repository, and nothing under node_modules or dist is tracked.
 */
describe('repository', () => {
  const git = existsSync('.git') ? spawnSync('git', ['ls-files', '-s', '-z'], { encoding: 'utf8' }) : undefined;
  it.skipIf(git === undefined || git.status !== 0)('tracks no symbolic link out of the repository and nothing installed or built', () => {
    const entries = String(git?.stdout ?? '').split('\0').filter(Boolean).map((line) => ({ mode: line.slice(0, 6), path: line.slice(line.indexOf('\t') + 1) }));
    expect(entries.length).toBeGreaterThan(0);
    const outside = entries.filter((e) => e.mode === '120000').flatMap((e) => {
      const target = readlinkSync(e.path);
      const rel = relative('.', join(e.path, '..', target));
      return isAbsolute(target) || rel.startsWith('..') ? [`${e.path} -> ${target}`] : [];
    });
    expect(outside).toEqual([]);
    expect(entries.filter((e) => /^(node_modules|dist)(\/|$)/.test(e.path)).map((e) => e.path)).toEqual([]);
  });
});
