import { describe, expect, it } from 'vitest';
import { saltStates } from '../../src/deploy/salt.js';

describe('saltStates', () => {
  it('reads file.managed contents configs (name or the id as the file) and the packages that say the minion', () => {
    const text = [
      'pkgs:',
      '  pkg.installed:',
      '    - pkgs: [kubelet, {docker-ce: 20.10}, vim]',
      'docker.io:',
      '  pkg.installed: []',
      '/etc/fluent-bit/fluent-bit.conf:',
      '  file.managed:',
      '    - contents: |',
      '        [INPUT]',
      '            Name cpu',
      'motd:',
      '  file.managed:',
      '    - name: /etc/motd',
      '    - contents: hello',
      'other:',
      '  file.managed:',
      '    - name: /etc/td-agent-bit/td-agent-bit.conf',
      '    - contents: "[OUTPUT]\\n    Name stdout\\n"',
      '',
    ].join('\n');
    const s = saltStates('salt/fb/init.sls', text);
    expect(s.kubernetes).toEqual(['kubelet']);
    expect(s.docker).toEqual(['docker-ce', 'docker.io']);
    expect(s.contents.map((c) => [c.id, c.dest, c.content])).toEqual([
      ['/etc/fluent-bit/fluent-bit.conf', '/etc/fluent-bit/fluent-bit.conf', '[INPUT]\n    Name cpu\n'],
      ['other', '/etc/td-agent-bit/td-agent-bit.conf', '[OUTPUT]\n    Name stdout\n'],
    ]);
    expect(text.slice(s.contents[0]!.start, s.contents[0]!.end)).toBe('file.managed');
    expect(saltStates('salt/fb/init.yaml', text).contents).toEqual([]);
    expect(saltStates('salt/fb/broken.sls', '{% if x %}\nfile.managed:\n  - contents: |\n').contents).toEqual([]);
  });
});
