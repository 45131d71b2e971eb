import { describe, expect, it } from 'vitest';
import { discoverFile } from '../../src/discover/discover-file.js';
import type { EmbeddedConfig } from '../../src/discover/discovery-types.js';
import { rootWalks, walkBatchIncludes } from '../../src/includes/include-diagnostics.js';
import { parseDiscoveredConfigs } from '../../src/model/parse-configs.js';
import { LineIndex } from '../../src/source/line-index.js';

/*
 * Which include walks report (include-diagnostics.ts rootWalks): only those
 * of top-level files. A config another config of the batch includes is read
 * by Fluent Bit through its includer, whose directory its relative classic
 * paths resolve against (fluent-bit-config-format.md A.9); its own walk
 * (against its own directory) would report false misses and link wrong
 * files. Golden cases: fixtures/migrate/include-links/nested-*,
 * included-and-run-directly.
 */

type Files = Record<string, string>;

/** `path:line:col severity code` of the walks that count, and their links. */
function walk(files: Files, direct: readonly string[] = []): { found: string[]; links: string[][] } {
  const discoveries = Object.entries(files).map(([path, text]) => discoverFile({ path, text }));
  const result = walkBatchIncludes(discoveries, parseDiscoveredConfigs(discoveries), undefined, (c: EmbeddedConfig) => direct.includes(c.id));
  const found = result.diagnostics.map((d) => {
    const p = new LineIndex(files[d.path] as string).position(d.start);
    return `${d.path}:${p.line}:${p.column} ${d.severity} ${d.code}`;
  });
  return { found, links: result.links.map((l) => [...l]) };
}

const TOP = '[SERVICE]\n    Flush 1\n\n@INCLUDE inputs/tail.conf\n';
const INPUT = '\n[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n';
const FILTER = '[FILTER]\n    Name kubernetes\n    Match *\n';

describe('include walks from top-level files only', () => {
  it('resolves a nested relative @INCLUDE against the top-level file: no false miss', () => {
    const { found, links } = walk({
      'etc/fluent-bit.conf': TOP,
      'etc/inputs/tail.conf': `@INCLUDE filters/kube.conf\n${INPUT}`,
      'etc/filters/kube.conf': FILTER,
    });
    expect(found).toEqual([]);
    expect(links).toEqual([['etc/fluent-bit.conf', 'etc/inputs/tail.conf', 'etc/filters/kube.conf']]);
  });

  it('does not link a same-named file next to the included one (Fluent Bit never reads it through the includer)', () => {
    const { found, links } = walk({
      'etc/fluent-bit.conf': TOP,
      'etc/inputs/tail.conf': `@INCLUDE filters/kube.conf\n${INPUT}`,
      'etc/filters/kube.conf': FILTER,
      'etc/inputs/filters/kube.conf': FILTER,
    });
    expect(found).toEqual([]);
    // etc/inputs/filters/kube.conf is a top-level file of its own: it reaches nothing, so it links nothing.
    expect(links).toEqual([['etc/fluent-bit.conf', 'etc/inputs/tail.conf', 'etc/filters/kube.conf']]);
  });

  it('expands a nested glob in the top-level file\'s directory: no false INCLUDE_GLOB_NO_MATCH', () => {
    const { found, links } = walk({
      'etc/fluent-bit.conf': TOP,
      'etc/inputs/tail.conf': `@INCLUDE filters/*.conf\n${INPUT}`,
      'etc/filters/10-kube.conf': FILTER,
      'etc/filters/20-more.conf': FILTER,
    });
    expect(found).toEqual([]);
    expect(links).toEqual([['etc/fluent-bit.conf', 'etc/inputs/tail.conf', 'etc/filters/10-kube.conf', 'etc/filters/20-more.conf']]);
  });

  it('still reports a nested miss that the top-level file\'s walk sees', () => {
    const { found } = walk({
      'etc/fluent-bit.conf': TOP,
      'etc/inputs/tail.conf': `@INCLUDE filters/kube.conf\n@INCLUDE filters/*.conf\n${INPUT}`,
      'etc/inputs/filters/kube.conf': FILTER,
    });
    expect(found).toEqual(['etc/inputs/tail.conf:1:10 info INCLUDE_NOT_FOUND', 'etc/inputs/tail.conf:2:10 warning INCLUDE_GLOB_NO_MATCH']);
  });

  it('reports a file both included and run directly (-c) from both walks', () => {
    const files = {
      'etc/fluent-bit.conf': TOP,
      'etc/inputs/tail.conf': `@INCLUDE filters/kube.conf\n${INPUT}`,
      'etc/filters/kube.conf': FILTER,
    };
    // Run directly, its @INCLUDE resolves next to it: etc/inputs/filters/kube.conf, which is not there.
    const { found, links } = walk(files, ['etc/inputs/tail.conf']);
    expect(found).toEqual(['etc/inputs/tail.conf:1:10 info INCLUDE_NOT_FOUND']);
    expect(links).toEqual([['etc/fluent-bit.conf', 'etc/inputs/tail.conf', 'etc/filters/kube.conf']]);
    // Included only: nothing.
    expect(walk(files).found).toEqual([]);
  });

  it('reports a second @INCLUDE that only the top-level file\'s reading makes (the included file\'s own walk reads common.conf once)', () => {
    const { found } = walk({
      'fluent-bit.conf': '@INCLUDE common.conf\n@INCLUDE tail.conf\n',
      'tail.conf': `@INCLUDE common.conf\n${INPUT}`,
      'common.conf': FILTER,
    });
    expect(found).toEqual(['tail.conf:1:10 error INCLUDE_TWICE']);
  });
});

describe('include cycles', () => {
  it('reports both edges of a cycle nothing includes (neither file is read through the other)', () => {
    const { found } = walk({
      'a.conf': `@INCLUDE b.conf\n${INPUT}`,
      'b.conf': `@INCLUDE a.conf\n${FILTER}`,
    });
    expect(found).toEqual(['b.conf:1:10 error INCLUDE_CYCLE', 'a.conf:1:10 error INCLUDE_CYCLE']);
  });

  it('reports a cycle below a top-level file where Fluent Bit reads the file again', () => {
    const { found, links } = walk({
      'fluent-bit.conf': '@INCLUDE a.conf\n',
      'a.conf': `@INCLUDE b.conf\n${INPUT}`,
      'b.conf': `@INCLUDE a.conf\n${FILTER}`,
    });
    expect(found).toEqual(['b.conf:1:10 error INCLUDE_CYCLE']);
    expect(links).toEqual([['fluent-bit.conf', 'a.conf', 'b.conf']]);
  });

  it('reports a YAML cycle, and a YAML include of a classic text, from the top-level file', () => {
    const { found } = walk({
      'fluent-bit.yaml': 'includes:\n  - sub/a.yaml\n',
      'sub/a.yaml': 'includes:\n  - b.yaml\n  - out.conf\n',
      'sub/b.yaml': 'includes:\n  - a.yaml\n',
      'sub/out.conf': '[OUTPUT]\n    Name stdout\n    Match *\n',
    });
    expect(found).toEqual(['sub/b.yaml:2:5 error INCLUDE_CYCLE', 'sub/out.conf:1:1 error YAML_SYNTAX', 'sub/a.yaml:3:5 error YAML_SYNTAX']);
  });
});

describe('rootWalks', () => {
  const w = (...ids: string[]): { configs: { id: string }[] } => ({ configs: ids.map((id) => ({ id })) });
  const roots = (walks: { configs: { id: string }[] }[], direct: readonly string[] = []): string[] => {
    const kept = rootWalks(walks, (x) => direct.includes(x.configs[0]!.id));
    return walks.filter((x) => kept.has(x)).map((x) => x.configs[0]!.id);
  };

  it('keeps the walks nothing reaches, and a start only a non-root walk reaches (a later round)', () => {
    // top reaches a; a's own walk reaches x (a resolution top's walk does not make).
    expect(roots([w('top', 'a'), w('a', 'x'), w('x')])).toEqual(['top', 'x']);
  });

  it('keeps every member of a cycle with no way in, and the direct ones whatever reaches them', () => {
    expect(roots([w('a', 'b'), w('b', 'a')])).toEqual(['a', 'b']);
    expect(roots([w('top', 'a', 'b'), w('a', 'b'), w('b', 'a')])).toEqual(['top']);
    expect(roots([w('top', 'a'), w('a')], ['a'])).toEqual(['top', 'a']);
  });

  it('ends on walks that see a cycle differently (no start qualifies): the first in batch order', () => {
    // a reaches b, b reaches c, c reaches a, none reaches back the one that reaches it.
    expect(roots([w('a', 'b'), w('b', 'c'), w('c', 'a')])).toEqual(['a', 'c']);
  });
});
