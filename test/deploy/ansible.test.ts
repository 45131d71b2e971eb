import { describe, expect, it } from 'vitest';
import { ansibleContents, ansibleCopies, ansibleCopyOf, ansibleImage, ansibleLinksIn, ansibleManifests, ansibleReach, ansibleReachOf, ansibleVariables, ansibleVariablesAt, jinjaValuesNote } from '../../src/deploy/ansible.js';

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

describe('ansibleManifests', () => {
  it('reads the files k8s tasks apply (src, template in its three forms, a definition looking a file up) where Ansible looks them up', () => {
    const text = [
      '- name: cm',
      '  kubernetes.core.k8s:',
      '    src: cm.yaml',
      '- k8s: {template: ds.yaml.j2}',
      '- community.kubernetes.k8s:',
      '    template:',
      '      - path: a.yaml.j2',
      '      - b.yaml.j2',
      '- block:',
      '    - redhat.openshift.k8s:',
      '        definition: "{{ lookup(\'template\', \'svc.yaml.j2\') | from_yaml }}"',
      '    - k8s:',
      '        definition: "{{ lookup(\\"ansible.builtin.file\\", \\"sa.yaml\\") | from_yaml_all }}"',
      '- k8s: {src: "{{ item }}"}',
      '- k8s: {definition: {kind: ConfigMap}}',
      '- copy: {src: cm.yaml, dest: /tmp/cm.yaml}',
      '',
    ].join('\n');
    const found = ansibleManifests('roles/fb/tasks/main.yml', text);
    expect(found.map((m) => [m.module, m.via, m.file, m.sources[0]])).toEqual([
      ['kubernetes.core.k8s', 'src', 'cm.yaml', 'roles/fb/files/cm.yaml'],
      ['k8s', 'template', 'ds.yaml.j2', 'roles/fb/templates/ds.yaml.j2'],
      ['community.kubernetes.k8s', 'template', 'a.yaml.j2', 'roles/fb/templates/a.yaml.j2'],
      ['community.kubernetes.k8s', 'template', 'b.yaml.j2', 'roles/fb/templates/b.yaml.j2'],
      ['redhat.openshift.k8s', 'definition', 'svc.yaml.j2', 'roles/fb/templates/svc.yaml.j2'],
      ['k8s', 'definition', 'sa.yaml', 'roles/fb/files/sa.yaml'],
    ]);
    expect(ansibleManifests('k8s/cm.yaml', 'kind: ConfigMap\nk8s:\n  src: a\n')).toEqual([]);
  });

  it('links a playbook with the manifests its k8s tasks apply, in whichever directory Ansible finds them', () => {
    const play = '- hosts: localhost\n  tasks:\n    - k8s: {src: manifests/ds.yaml}\n    - k8s: {src: cm.yaml}\n';
    const inputs = ['deploy/site.yml', 'deploy/files/cm.yaml', 'deploy/manifests/ds.yaml', 'deploy/manifests/other.yaml'];
    expect(ansibleLinksIn('deploy/site.yml', play, inputs)).toEqual(['deploy/site.yml', 'deploy/manifests/ds.yaml', 'deploy/files/cm.yaml']);
  });
});

describe('ansibleReach', () => {
  it('reads the includes and host signs of plays and tasks files', () => {
    const play = [
      '- hosts: [nodes, workers]',
      '  roles:',
      '    - common',
      '    - {role: fb}',
      '  tasks:',
      '    - include_role: {name: fb, tasks_from: config}',
      '    - shell: kubeadm join 10.0.0.1:6443 --token x',
      '- hosts: docker',
      '  tasks:',
      '    - ansible.builtin.import_tasks: {file: "{{ dir }}/x.yml"}',
      '    - community.docker.docker_container: {name: fb, image: fluent/fluent-bit}',
      '',
    ].join('\n');
    const r = ansibleReachOf('site.yml', play);
    expect(r.plays.map((p) => p.hosts)).toEqual(['nodes,workers', 'docker']);
    expect(r.includes.map((i) => [i.kind, i.name, i.candidates[0], i.play?.hosts])).toEqual([
      ['roles', 'common', 'roles/common/tasks/main.yml', 'nodes,workers'],
      ['roles', 'fb', 'roles/fb/tasks/main.yml', 'nodes,workers'],
      ['include_role', 'fb', 'roles/fb/tasks/config.yml', 'nodes,workers'],
      ['import_tasks', '{{ dir }}/x.yml', undefined, 'docker'],
    ]);
    expect(r.signs.map((s) => [s.kind, s.what, s.play?.hosts])).toEqual([
      ['kubernetes', 'kubeadm join', 'nodes,workers'],
      ['docker', 'community.docker.docker_container', 'docker'],
    ]);
    const tasks = '- package: name=docker-ce,containerd.io\n- dnf: {name: [kubelet-1.29.0, vim]}\n- include_tasks: conf.yml\n- import_role: {name: other}\n';
    const t = ansibleReachOf('roles/fb/tasks/main.yml', tasks);
    expect(t.signs.map((s) => [s.kind, s.what])).toEqual([['docker', 'docker-ce'], ['kubernetes', 'kubelet']]);
    // A role's include_tasks: beside it; its import_role: a sibling role.
    expect(t.includes.map((i) => i.candidates)).toEqual([
      ['roles/fb/tasks/conf.yml'],
      ['roles/other/tasks/main.yml', 'roles/other/tasks/main.yaml'],
    ]);
  });

  it('judges a role task by the plays that reach it, each play by its own signs; a role elsewhere (roles_path) by its name', () => {
    const files = [
      { path: 'play/site.yml', text: '- hosts: k8s\n  roles: [node, fb]\n- hosts: other\n  roles: [fb2]\n  tasks:\n    - include_tasks: "{{ x }}"\n' },
      { path: 'shared/roles/node/tasks/main.yml', text: '- apt: {name: kubelet}\n' },
      { path: 'play/roles/fb/tasks/main.yml', text: '- copy: {src: fb.conf, dest: /etc/fluent-bit/fluent-bit.conf}\n' },
      { path: 'play/roles/fb2/tasks/main.yml', text: '- copy: {src: fb.conf, dest: /etc/fluent-bit/fluent-bit.conf}\n' },
    ];
    const reach = ansibleReach(files);
    const [fb] = ansibleCopies(files[2]!.path, files[2]!.text);
    const [fb2] = ansibleCopies(files[3]!.path, files[3]!.text);
    expect(reach.hostsOf(fb!)).toEqual({ plays: [{ path: 'play/site.yml', hosts: 'k8s' }], signs: [expect.objectContaining({ kind: 'kubernetes', what: 'kubelet', path: 'shared/roles/node/tasks/main.yml' })] });
    expect(reach.hostsOf(fb2!)).toEqual({ plays: [{ path: 'play/site.yml', hosts: 'other' }], signs: [] });
    expect(reach.notFollowed.map((i) => i.name)).toEqual(['{{ x }}']);
    expect(ansibleLinksIn('play/site.yml', files[0]!.text, files.map((f) => f.path))).toEqual(['play/site.yml', 'shared/roles/node/tasks/main.yml', 'play/roles/fb/tasks/main.yml', 'play/roles/fb2/tasks/main.yml']);
  });
});

describe('ansibleVariables and ansibleImage', () => {
  const version = (v: string): { major: number; minor: number; patch?: number } | undefined => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
    return m ? { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? undefined : Number(m[3]) } : undefined;
  };
  const vars = ansibleVariables([
    { path: 'roles/fb/defaults/main.yml', text: 'fb_version: 1.10\nfb_repo: fluent/fluent-bit\nfb_list: [a]\n' },
    { path: 'group_vars/all.yml', text: 'fb_version: "2.0.9"\nfb_templated: "{{ other }}"\n' },
    { path: 'group_vars/old.yml', text: "fb_version: '1.9.3'\n" },
    { path: 'k8s/ds.yaml', text: 'fb_version: 9.9.9\n' },
  ]);

  it('reads literals as written (1.10 stays 1.10), a value that is not one as unknown, and vars files only', () => {
    expect(vars.get('fb_version')?.map((v) => [v.value, v.rank])).toEqual([['1.10', 0], ['2.0.9', 1], ['1.9.3', 1]]);
    expect(vars.get('fb_list')?.[0]?.value).toBeUndefined();
    expect(vars.get('fb_templated')?.[0]?.value).toBeUndefined();
  });

  it('fills an image from the highest precedence (the lowest version among its files), else the default literal', () => {
    expect(ansibleImage('{{ fb_repo }}:{{ fb_version | default("1.7.0") }}', vars, version)).toEqual({
      image: 'fluent/fluent-bit:1.9.3',
      used: [{ name: 'fb_repo', value: 'fluent/fluent-bit', from: 'roles/fb/defaults/main.yml' }, { name: 'fb_version', value: '1.9.3', from: 'group_vars/old.yml' }],
    });
    const filled = ansibleImage("fluent/fluent-bit:{{ unset_tag | d('1.8.15', true) }}", vars, version);
    expect(filled?.image).toBe('fluent/fluent-bit:1.8.15');
    expect(jinjaValuesNote(filled!.used)).toBe("unset_tag set nowhere in the input: its default('1.8.15')");
    // Unknown: no default, a value that is not a literal, an action that is not a variable.
    expect(ansibleImage('fluent/fluent-bit:{{ unset_tag }}', vars, version)).toBeUndefined();
    expect(ansibleImage("fluent/fluent-bit:{{ fb_templated | default('1.8') }}", vars, version)).toBeUndefined();
    expect(ansibleImage("fluent/fluent-bit:{{ tags[0] | default('1.8') }}", vars, version)).toBeUndefined();
    expect(ansibleImage('fluent/fluent-bit:1.8', vars, version)).toBeUndefined();
  });
});

describe('ansibleVariablesAt', () => {
  const image = "fluent/fluent-bit:{{ v | default('2.2.0') }}";
  const version = (s: string) => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(s);
    return m ? { major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? undefined : Number(m[3]) } : undefined;
  };
  const at = (files: { path: string; text: string }[], path: string, needle = 'image:') => {
    const f = files.find((x) => x.path === path)!;
    return ansibleImage(image, ansibleVariablesAt(ansibleVariables(files), ansibleReach(files), path, f.text.indexOf(needle)), version)?.image;
  };
  const k8s = (indent: string) => [`${indent}- kubernetes.core.k8s:`, `${indent}    definition:`, `${indent}      kind: Pod`, `${indent}      image: x`].join('\n');

  it('reads a role\'s variables only for the plays that run the role, a group\'s only for plays on it', () => {
    const files = [
      { path: 'a.yml', text: ['- hosts: web', '  tasks:', k8s('    ')].join('\n') },
      { path: 'b.yml', text: ['- hosts: localhost', '  roles: [fb]'].join('\n') },
      { path: 'roles/fb/tasks/main.yml', text: k8s('') },
      { path: 'roles/fb/defaults/main.yml', text: 'v: 1.7.0' },
      { path: 'roles/other/defaults/main.yml', text: 'v: 1.6.0' },
      { path: 'group_vars/db.yml', text: 'v: 1.5.0' },
    ];
    // a.yml runs no role and its play is on web: nothing applies, the default does.
    expect(at(files, 'a.yml')).toBe('fluent/fluent-bit:2.2.0');
    // The role's task, run by b.yml: its own defaults, not another role's, not db's group_vars.
    expect(at(files, 'roles/fb/tasks/main.yml')).toBe('fluent/fluent-bit:1.7.0');
    // A play on db (or all) reads db's group_vars.
    const onDb = files.map((f) => (f.path === 'a.yml' ? { ...f, text: f.text.replace('hosts: web', 'hosts: "db:&prod"') } : f));
    expect(at(onDb, 'a.yml')).toBe('fluent/fluent-bit:1.5.0');
    const onAll = files.map((f) => (f.path === 'a.yml' ? { ...f, text: f.text.replace('hosts: web', 'hosts: all') } : f));
    expect(at(onAll, 'a.yml')).toBe('fluent/fluent-bit:1.5.0');
  });

  it('reads a play\'s vars above vars files and below role vars; a file no play runs sees its own role only', () => {
    const files = [
      { path: 'p.yml', text: ['- hosts: localhost', '  vars:', '    v: "1.9.10"', '  tasks:', k8s('    ')].join('\n') },
      { path: 'group_vars/all.yml', text: 'v: 1.8.0' },
      { path: 'roles/lone/tasks/main.yml', text: k8s('') },
      { path: 'roles/lone/vars/main.yml', text: 'v: 1.4.0' },
      { path: 'roles/far/defaults/main.yml', text: 'v: 1.3.0' },
    ];
    expect(at(files, 'p.yml')).toBe('fluent/fluent-bit:1.9.10');
    expect(at(files, 'roles/lone/tasks/main.yml')).toBe('fluent/fluent-bit:1.4.0');
    const notes = ansibleImage(image, ansibleVariablesAt(ansibleVariables(files), ansibleReach(files), 'p.yml', files[0]!.text.indexOf('image:')), version)!.used;
    expect(jinjaValuesNote(notes)).toBe("v=1.9.10 from the play's vars in p.yml");
  });

  it('follows a play\'s k8s task to the manifest it applies', () => {
    const files = [
      { path: 'site.yml', text: ['- hosts: localhost', '  roles: [fb]', '  tasks:', '    - kubernetes.core.k8s:', '        src: manifests/ds.yaml'].join('\n') },
      { path: 'manifests/ds.yaml', text: 'kind: DaemonSet\nimage: x\n' },
      { path: 'roles/fb/defaults/main.yml', text: 'v: 1.7.0' },
      { path: 'roles/unused/defaults/main.yml', text: 'v: 1.1.0' },
    ];
    expect(at(files, 'manifests/ds.yaml')).toBe('fluent/fluent-bit:1.7.0');
  });
});

describe('ansibleContents', () => {
  it('reads copy tasks whose content is a classic config, with the content range; not templates, not other content', () => {
    const text = [
      '- copy:',
      '    dest: /etc/fluent-bit/fluent-bit.conf',
      '    content: |',
      '      [INPUT]',
      '          Name tail',
      '- copy: {dest: /etc/motd, content: "[INPUT] is not a header here"}',
      '- template: {src: a.j2, dest: /etc/x, content: "[INPUT]\\n"}',
      '',
    ].join('\n');
    const found = ansibleContents('roles/fb/tasks/main.yml', text);
    expect(found.map((c) => [c.module, c.dest, c.content])).toEqual([['copy', '/etc/fluent-bit/fluent-bit.conf', '[INPUT]\n    Name tail\n']]);
    expect(text.slice(found[0]!.contentStart, found[0]!.contentEnd)).toBe('|\n      [INPUT]\n          Name tail\n');
  });
});
