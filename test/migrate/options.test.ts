import { describe, expect, it } from 'vitest';
import { migrate, migrateText } from '../../src/migrate/migrate.js';
import { checkOptions, resolveOptions, type MigrateOptions } from '../../src/migrate/options.js';

describe('options', () => {
  it('defaults: docker, cri; /var/log/pods; the Docker mount goes', () => {
    expect(resolveOptions({ runtime: 'cri-o' })).toEqual({ runtime: 'cri-o', criOnly: false, podLogsDir: '/var/log/pods', keepDockerMount: false });
  });

  it('podLogsDir loses trailing slashes; "" and "/" mean the default', () => {
    expect(resolveOptions({ runtime: 'containerd', podLogsDir: '/data/pods//' }).podLogsDir).toBe('/data/pods');
    expect(resolveOptions({ runtime: 'containerd', podLogsDir: '' }).podLogsDir).toBe('/var/log/pods');
    expect(resolveOptions({ runtime: 'containerd', podLogsDir: '////' }).podLogsDir).toBe('/var/log/pods');
  });

  it('options that bypassed the types are refused with a reason, before any work', () => {
    const bad = (o: unknown): string | undefined => checkOptions(o as MigrateOptions);
    expect(bad({ runtime: 'containerd' })).toBeUndefined();
    expect(bad({ runtime: 'docker' })).toBe("invalid runtime 'docker': expected one of containerd, cri-o, cri-dockerd");
    expect(bad({ runtime: 'containerd', podLogsDir: 'var/log/pods' })).toMatch(/podLogsDir must be an absolute path/);
    expect(() => migrate([], { runtime: 'Containerd' } as unknown as MigrateOptions)).toThrow(TypeError);
    expect(() => migrateText('[INPUT]\n    Name tail\n', { runtime: 'containerd', podLogsDir: 'pods' })).toThrow(/flb-migrate: migrateText\(text, options\): podLogsDir must/);
  });
});
