import { expect, it } from 'vitest';
import { patternsMeet, filterMatchesTag } from '../../src/rules/support/tag-match.js';
it('Match and Match_Regex against a tail input tag pattern', () => {
  expect(patternsMeet('kube.*', 'kube.var.log.containers.*.log')).toBe(true);
  expect(patternsMeet('app.*', 'kube.var.log.containers.*.log')).toBe(false);
  expect(patternsMeet('*', 'x')).toBe(true);
  expect(patternsMeet('*.log', 'kube.*')).toBe(true);
  expect(patternsMeet('kube.var.log.containers.nginx*', 'kube.var.log.containers.*.log')).toBe(true);
  expect(patternsMeet('kube2.*', 'kube.var.*')).toBe(false);
  expect(patternsMeet('a*b*c', 'a*c')).toBe(true);
  expect(patternsMeet('abc', 'abd')).toBe(false);
  expect(patternsMeet('tail.*', 'kube.*')).toBe(false);
  expect(filterMatchesTag(undefined, '^kube\\.', 'kube.var.*', false)).toBe(true);
  expect(filterMatchesTag(undefined, '^app\\.', 'kube.var.*', false)).toBe(false);
  expect(filterMatchesTag(undefined, 'app', 'kube.var.*', false)).toBe(true);
  expect(filterMatchesTag(undefined, 'app', 'kube.var', false)).toBe(false);
  expect(filterMatchesTag(undefined, 'kube\\.var', 'kube.var', true)).toBe(true);
  expect(filterMatchesTag(undefined, 'var', 'kube.var', true)).toBe(false);
  expect(filterMatchesTag(undefined, undefined, 'kube.var', true)).toBe(false);
});

it('a literal Match_Regex is decided exactly against a tag with a wildcard, anything else by its anchored prefix', () => {
  const tag = 'kube.var.log.containers.app-*.log';
  // Unanchored literal text: found in some tag of the pattern, or in none.
  expect(filterMatchesTag(undefined, 'containers\\.app-', tag, false)).toBe(true);
  // The file name's wildcard may hold any text, dots included: a literal is ruled out only by the fixed parts.
  expect(filterMatchesTag(undefined, 'containers\\.nomatch-', tag, false)).toBe(true);
  expect(filterMatchesTag(undefined, 'containers\\.nomatch-', 'kube.var.log.containers.app.log', false)).toBe(false);
  expect(filterMatchesTag(undefined, 'nginx', tag, false)).toBe(true); // inside the wildcard
  expect(filterMatchesTag(undefined, '\\.log$', tag, false)).toBe(true);
  expect(filterMatchesTag(undefined, '\\.txt$', tag, false)).toBe(false);
  expect(filterMatchesTag(undefined, '^kube\\.var\\.log\\.containers\\.app-x\\.log$', tag, false)).toBe(true);
  expect(filterMatchesTag(undefined, '^kube\\.var\\.log\\.containers\\.db-x\\.log$', tag, false)).toBe(false);
  // A namespaced Filter's regex is read from the tag's start.
  expect(filterMatchesTag(undefined, 'containers\\.app-', tag, true)).toBe(false);
  // Regex syntax: only the anchored prefix decides, else credited.
  expect(filterMatchesTag(undefined, 'containers\\.(nomatch|other)-', tag, false)).toBe(true);
  expect(filterMatchesTag(undefined, '^db\\..*', tag, false)).toBe(false);
  // A literal `*` in the text is not a wildcard: credited.
  expect(filterMatchesTag(undefined, 'a\\*b', 'kube.x', false)).toBe(true);
});
