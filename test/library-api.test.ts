import { describe, expect, it } from 'vitest';
import { migrate, migrateText } from '../src/index.js';

const CONF = '[INPUT]\n    Name tail\n    Path /var/log/containers/*.log\n    Parser docker\n';
// JavaScript callers (or `any`) can pass anything; TypeScript would stop these.
const loose = { migrate: migrate as (files: unknown, options: unknown) => unknown, migrateText: migrateText as (text: unknown, options: unknown) => unknown };

describe('library argument validation (src/validate-options.ts)', () => {
  it.each([
    [undefined, 'options must be an object with a runtime (containerd, cri-o, cri-dockerd) or toYaml: true, got undefined'],
    [{}, 'runtime is required unless toYaml is true: one of containerd, cri-o, cri-dockerd'],
    [{ toYaml: 'yes' }, 'toYaml must be a boolean when given'],
    [{ runtime: 'docker' }, "invalid runtime 'docker': expected one of containerd, cri-o, cri-dockerd"],
    [{ runtime: 'crio' }, "invalid runtime 'crio': expected one of containerd, cri-o, cri-dockerd"],
    [{ runtime: 'containerd', criOnly: 'yes' }, "criOnly must be a boolean when given, got 'yes'"],
    [{ runtime: 'containerd', podLogsDir: 'pods' }, "podLogsDir must be an absolute path on the node (default /var/log/pods), got 'pods'"],
  ])('migrate() and migrateText() with options %j throw a TypeError', (options, message) => {
    expect(() => loose.migrate([{ path: 'a.conf', text: CONF }], options)).toThrow(TypeError);
    expect(() => loose.migrate([{ path: 'a.conf', text: CONF }], options)).toThrow(`flb-migrate: migrate(files, options): ${message}`);
    expect(() => loose.migrateText(CONF, options)).toThrow(`flb-migrate: migrateText(text, options): ${message}`);
  });

  it.each([
    ['not an array', 'a.conf', 'files must be an array of { path: string, text: string }, got \'a.conf\''],
    ['a bare string element', ['a.conf'], "files[0] must be an object { path: string, text: string }, got 'a.conf'"],
    ['a missing path', [{ text: CONF }], 'files[0].path must be a string, got undefined'],
    ['a Buffer text', [{ path: 'a.conf', text: Buffer.from(CONF) }], "files[0].text (a.conf) must be a string, got a Buffer: decode it first, e.g. buffer.toString('utf8')"],
    ['a null text', [{ path: 'a.conf', text: null }], 'files[0].text (a.conf) must be a string, got null'],
  ])('migrate() with %s throws a TypeError', (_name, files, message) => {
    expect(() => loose.migrate(files, { runtime: 'containerd' })).toThrow(new TypeError(`flb-migrate: migrate(): ${message}`.replace('migrate(): files must', 'migrate(files, options): files must')));
  });

  it('migrateText() with a non-string text or path throws a TypeError', () => {
    expect(() => loose.migrateText(42, { runtime: 'cri-o' })).toThrow(new TypeError('flb-migrate: migrateText(text, options): text must be a string, got number 42'));
    expect(() => loose.migrateText(new Uint8Array(2), { runtime: 'cri-o' })).toThrow(/got a Uint8Array: decode it first/);
    expect(() => loose.migrateText(CONF, { runtime: 'cri-o', path: 3 })).toThrow(/options\.path must be a string when given, got number 3/);
  });

  it('valid calls still work, and bad text is still diagnostics, not an exception', () => {
    expect(migrateText(CONF, { runtime: 'cri-o' }).changed).toBe(true);
    expect(migrate([], { runtime: 'containerd' }).files).toEqual([]);
    expect(migrateText(CONF, { runtime: 'containerd', podLogsDir: '' }).changed).toBe(true); // '' is the default
    expect(migrateText('a: [\n', { runtime: 'containerd', path: 'x.yaml' }).hasErrors).toBe(true);
  });
});

describe('library diff headers', () => {
  it("follow git: a trailing TAB after a name with a space", () => {
    const r = migrateText(CONF, { runtime: 'containerd', path: 'my dir/fluent bit.conf' });
    expect(r.diff.split('\n').slice(0, 2)).toEqual(['--- a/my dir/fluent bit.conf\t', '+++ b/my dir/fluent bit.conf\t']);
    expect(migrateText(CONF, { runtime: 'containerd', path: 'plain.conf' }).diff.split('\n')[0]).toBe('--- a/plain.conf');
  });
});
