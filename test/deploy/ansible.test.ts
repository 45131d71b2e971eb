import { describe, expect, it } from 'vitest';
import { ansibleCopies, ansibleCopyOf, ansibleLinksIn } from '../../src/deploy/ansible.js';

describe('ansibleCopies', () => {
  it('reads copy/template tasks of a role (map and free form, blocks) and where Ansible looks their src up', () => {
    const text = [
      '- name: config',
      '  ansible.builtin.copy:',
      '    src: fluent-bit.conf',
      '    dest: /etc/fluent-bit/fluent-bit.conf',
      '- block:',
      '    - template: src=parsers.conf.j2 dest="/etc/fluent-bit/parsers.conf"',
      '  rescue:',
      '    - ansible.legacy.copy: {src: "{{ role_path }}/extra/lua.lua", dest: /etc/fluent-bit/x.lua}',
      '- copy: {src: "{{ item }}", dest: /etc/x}',
      '- copy: {content: "[INPUT]", dest: /etc/y}',
      '',
    ].join('\n');
    const copies = ansibleCopies('roles/fb/tasks/main.yml', text);
    expect(copies.map((c) => [c.module, c.src, c.dest, c.sources])).toEqual([
      ['ansible.builtin.copy', 'fluent-bit.conf', '/etc/fluent-bit/fluent-bit.conf', ['roles/fb/files/fluent-bit.conf', 'roles/fb/fluent-bit.conf', 'roles/fb/tasks/fluent-bit.conf']],
      ['template', 'parsers.conf.j2', '/etc/fluent-bit/parsers.conf', ['roles/fb/templates/parsers.conf.j2', 'roles/fb/parsers.conf.j2', 'roles/fb/tasks/parsers.conf.j2']],
      ['ansible.legacy.copy', '{{ role_path }}/extra/lua.lua', '/etc/fluent-bit/x.lua', ['roles/fb/extra/lua.lua']],
      ['copy', '{{ item }}', '/etc/x', []],
    ]);
    expect(text.slice(copies[0]!.start, copies[0]!.end)).toBe('ansible.builtin.copy');
  });

  it('reads a playbook (plays with tasks) against its own directory; not a map-rooted file (a manifest, a compose file)', () => {
    const play = '- hosts: all\n  tasks:\n    - copy:\n        src: fb.conf\n        dest: /etc/fluent-bit/fluent-bit.conf\n';
    expect(ansibleCopies('site/site.yml', play).map((c) => c.sources)).toEqual([['site/files/fb.conf', 'site/fb.conf']]);
    expect(ansibleCopies('site/cm.yaml', 'kind: ConfigMap\ncopy:\n  src: a\n  dest: b\n')).toEqual([]);
    expect(ansibleCopies('site/a.conf', play)).toEqual([]);
    expect(ansibleCopies('site/broken.yml', '- copy: {src: [\n')).toEqual([]);
  });

  it('finds the task installing a file (the first place Ansible finds it among the inputs) and links them for the CLI', () => {
    const text = '- copy:\n    src: fluent-bit.conf\n    dest: /etc/fluent-bit/fluent-bit.conf\n';
    const copies = ansibleCopies('r/tasks/main.yml', text);
    expect(ansibleCopyOf(copies, 'r/files/fluent-bit.conf', new Set(['r/files/fluent-bit.conf', 'r/fluent-bit.conf']))).toBe(copies[0]);
    // Ansible takes files/ first: the role's top-level copy is not what the task installs.
    expect(ansibleCopyOf(copies, 'r/fluent-bit.conf', new Set(['r/files/fluent-bit.conf', 'r/fluent-bit.conf']))).toBeUndefined();
    expect(ansibleCopyOf(copies, 'other/fluent-bit.conf', new Set(['other/fluent-bit.conf']))).toBeUndefined();
    expect(ansibleLinksIn('r/tasks/main.yml', text, ['r/tasks/main.yml', 'r/files/fluent-bit.conf', 'x/fluent-bit.conf'])).toEqual(['r/tasks/main.yml', 'r/files/fluent-bit.conf']);
    expect(ansibleLinksIn('r/tasks/main.yml', text, ['r/tasks/main.yml'])).toEqual([]);
  });
});
