import { describe, expect, it } from 'vitest';
import { createColors } from '../../src/cli/ansi.js';
import { gitHeaderName, relabelDiff } from '../../src/cli/diff-label.js';
import { colorizeDiff } from '../../src/cli/report.js';
import { removalDiff, renameDiff, unifiedDiff } from '../../src/migrate/unified-diff.js';

/*
 * The CLI's relabelling of a diff touches only its header (issue #14: a big --to-yaml diff was split into lines and
 * joined again at the end of the run), and colorizeDiff without colors returns the diff itself. Both give what the
 * line-by-line forms gave, on every shape of diff the engine writes.
 */

/** The line-by-line relabelling relabelDiff did before. */
function plainRelabel(diff: string, label: string, newLabel: string = label): string {
  if (diff === '') return diff;
  const lines = diff.split('\n');
  for (let i = 0; i < lines.length && !(lines[i] ?? '').startsWith('@@'); i++) {
    const line = lines[i] ?? '';
    if (line === '+++ /dev/null') continue;
    if (line.startsWith('--- ')) lines[i] = `--- ${gitHeaderName(`a/${label}`)}`;
    else if (line.startsWith('+++ ')) lines[i] = `+++ ${gitHeaderName(`b/${newLabel}`)}`;
    else if (line.startsWith('diff --git ')) lines[i] = `diff --git ${gitHeaderName(`a/${label}`).trimEnd()} ${gitHeaderName(`b/${newLabel}`).trimEnd()}`;
    else if (line.startsWith('rename from ')) lines[i] = `rename from ${label}`;
    else if (line.startsWith('rename to ')) lines[i] = `rename to ${newLabel}`;
  }
  return lines.join('\n');
}

const before = '[INPUT]\n    Name tail\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n' + Array.from({ length: 40 }, (_, i) => `    K${i} v${i}\n`).join('');
const after = before.replace('Name tail', 'Name  tail').replace('K30 v30', 'K30 w30') + '--- tail\n';
const diffs = [
  unifiedDiff('x.conf', before, after),
  unifiedDiff('my dir/x.conf', before, after),
  renameDiff('conf/fluent-bit.conf', 'conf/fluent-bit.yaml', before, 'pipeline:\n  inputs:\n    - name: tail\n'),
  renameDiff('a.conf', 'a.yaml', before, before),
  removalDiff('conf/inc.conf', before),
  '@@ -1 +1 @@\n-a\n+b\n',
  '--- a/x\n+++ b/x\n',
  'diff --git a/x b/y\nrename from x\nrename to y\n',
  '--- a/x\r\n+++ b/x\r\n@@ -1 +1 @@\r\n-a\r\n+b\r\n',
  'no header at all\n',
  '',
];

describe('relabelDiff', () => {
  it.each(diffs.map((d, i) => [i, d] as const))('diff %i: what the line-by-line relabelling gave', (_i, diff) => {
    for (const [label, newLabel] of [['k8s/x.conf', undefined], ['my x', 'my y'], ['café', 'b/c']] as const) {
      expect(relabelDiff(diff, label, newLabel)).toBe(plainRelabel(diff, label, newLabel));
    }
  });
});

describe('colorizeDiff', () => {
  it('without colors: the diff itself; with colors: every line colored as before', () => {
    for (const diff of diffs) {
      expect(colorizeDiff(diff, createColors(false))).toBe(diff);
    }
    expect(colorizeDiff('+a\n-b\n', createColors(true))).toBe('\u001b[32m+a\u001b[39m\n\u001b[31m-b\u001b[39m\n');
  });
});
