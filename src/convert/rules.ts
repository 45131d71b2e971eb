/*
 * The finding ids of the classic -> YAML conversion (`--to-yaml`), with
 * their docs and message templates: data, like the runtime rules'
 * `meta`. They are not run by the rule runner (the conversion stage reports
 * them); src/rules/registry.ts lists them next to the runtime rules, so
 * `--list-rules`, `--explain`, the README table and SARIF know them.
 * Ids are stable: scripts filter on them.
 */

export type ConvertSeverity = 'change' | 'warning' | 'info' | 'error';

export interface ConvertRuleMeta {
  readonly id: string;
  /** `change`: the conversion edits; `report`: it only reports. */
  readonly kind: 'change' | 'report';
  readonly severities: readonly ConvertSeverity[];
  readonly docs: { readonly summary: string; readonly details: string; readonly example?: { readonly before: string; readonly after: string } };
  /** `{{placeholder}}` templates, filled from a finding's `data`. */
  readonly messages: Readonly<Record<string, string>>;
}

const rule = <const M extends ConvertRuleMeta>(meta: M): M => meta;

const CONVERTED_EXAMPLE = {
  before: [
    'fluent-bit.conf: |',
    '  [SERVICE]',
    '      Flush  1',
    '  # container logs',
    '  [INPUT]',
    '      Name   tail',
    '      Path   /var/log/containers/*.log',
    '  [OUTPUT]',
    '      Name   stdout',
    '      Match  *',
  ].join('\n'),
  after: [
    'fluent-bit.yaml: |',
    '  service:',
    '    flush: 1',
    '  pipeline:',
    '    inputs:',
    '      # container logs',
    '      - name: tail',
    '        path: /var/log/containers/*.log',
    '    outputs:',
    "      - name: stdout",
    "        match: '*'",
  ].join('\n'),
};

export const TO_YAML_RULE_METAS = [
  rule({
    id: 'to-yaml',
    kind: 'change',
    severities: ['change'],
    docs: {
      summary: 'a classic config is converted to the YAML format (`--to-yaml`)',
      details: [
        'Fluent Bit classic configs are to be deprecated at the end of 2026; YAML is the standard format since Fluent Bit 3.2. With --to-yaml every classic setup (a main file, what it @INCLUDEs and its custom parsers files) becomes YAML files named `<name>.yaml`, keeping comments, blank lines, the order of properties and the split into files; `${VAR}` stays as written.',
        'The result is proven at run time: both the classic and the YAML setup are read the way Fluent Bit v5.1.1 reads them and compared (instances, order, properties, values); any difference refuses the setup and nothing of it changes.',
        'A ConfigMap key `fluent-bit.conf` becomes `fluent-bit.yaml` with the YAML text; a plain file `x.conf` is renamed `x.yaml`; every reference follows (to-yaml-reference, to-yaml-config-path).',
      ].join('\n'),
      example: CONVERTED_EXAMPLE,
    },
    messages: {
      converted: 'converted to YAML as {{to}}',
      removed: '{{file}} is no longer needed: its sections are inlined into {{into}}',
    },
  }),
  rule({
    id: 'to-yaml-reference',
    kind: 'change',
    severities: ['change', 'error'],
    docs: {
      summary: 'a reference to a converted file follows its new `.yaml` name (ConfigMap key, subPath, mountPath, items, kustomize generator files)',
      details: [
        'Fluent Bit picks the YAML reader by the file name (`.yaml`/`.yml`), so a converted file gets a new name and everything that names the old one is changed with it: the ConfigMap key, `subPath` mounts of that key (and their `mountPath` when it is the file), `items[].key`/`items[].path` of configMap volumes and projected sources, and the `files:` entries of a kustomize configMapGenerator/secretGenerator.',
        'A file whose sections were inlined into the main file is removed, with its mounts and items. Includes and `parsers_file` inside the configs are rewritten by the conversion itself (to-yaml).',
        'A `subPath` or `mountPath` written with a `${VAR}` that a Flux Kustomization with postBuild fills (`subPath: ${CONF}`, CONF=fluent-bit.conf) is read with its value but not edited, since the value is shared by the build: the setup is not converted, and an error at the reference says what the value must become (or what to write there).',
      ].join('\n'),
      example: {
        before: ['- name: config', '  mountPath: /fluent-bit/etc/fluent-bit.conf', '  subPath: fluent-bit.conf'].join('\n'),
        after: ['- name: config', '  mountPath: /fluent-bit/etc/fluent-bit.yaml', '  subPath: fluent-bit.yaml'].join('\n'),
      },
    },
    messages: {
      subPath: 'subPath {{from}} becomes {{to}}: the ConfigMap (or Secret) key was converted to YAML',
      mountPath: 'mountPath {{from}} becomes {{to}}: Fluent Bit reads a file as YAML by its .yaml name',
      itemKey: 'items key {{from}} becomes {{to}}: the ConfigMap (or Secret) key was converted to YAML',
      itemPath: 'items path {{from}} becomes {{to}}: Fluent Bit reads a file as YAML by its .yaml name',
      generatorFile: 'generator file {{from}} becomes {{to}}: the file was converted to YAML',
      removedMount: 'the mount of {{key}} is removed: its sections are inlined into {{into}}',
      fluxVariable: '{{key}} {{written}} reads {{from}} through Flux postBuild and must read {{to}} (the converted file\'s name), but flb-migrate does not edit a value the build writes: change the postBuild value so that it does, or write {{to}} here; until then the converted setup is not written (the pod would mount a name the ConfigMap no longer has)',
      removedItem: 'items entry {{key}} is removed: its sections are inlined into {{into}}',
      removedGeneratorFile: 'generator file {{file}} is removed: its sections are inlined into {{into}}',
    },
  }),
  rule({
    id: 'to-yaml-config-path',
    kind: 'change',
    severities: ['change'],
    docs: {
      summary: "the container's `-c`/`--config` points at the converted YAML main file (added when the container relied on the image's CMD)",
      details: [
        'Fluent Bit reads the file given with -c/--config (the last one wins). Every Fluent Bit container that runs a converted setup gets that argument changed where it is written: `-c X`, `-cX`, `--config X`, `--config=X` in `args` or `command`, or inside a `sh -c` script.',
        'A container without command and args runs the image\'s CMD. For the official image (fluent/fluent-bit, cr.fluentbit.io, ghcr.io) that is `/fluent-bit/bin/fluent-bit -c /fluent-bit/etc/fluent-bit.conf` (dockerfiles/Dockerfile; the production stage also has ENTRYPOINT /fluent-bit/bin/fluent-bit, the debug stage has none), so `command: [/fluent-bit/bin/fluent-bit]` and `args: [-c, <yaml file>]` are added: they work with and without that ENTRYPOINT. Other images are refused (to-yaml-entrypoint).',
      ].join('\n'),
      example: {
        before: ['- name: fluent-bit', '  image: fluent/fluent-bit:3.2.10'].join('\n'),
        after: ['- name: fluent-bit', '  image: fluent/fluent-bit:3.2.10', '  command:', '  - /fluent-bit/bin/fluent-bit', '  args:', '  - -c', '  - /fluent-bit/etc/fluent-bit.yaml'].join('\n'),
      },
    },
    messages: {
      changed: 'container {{container}} runs {{to}} (was {{from}})',
      added: 'container {{container}} ran the image default {{from}}: command and args added to run {{to}}',
    },
  }),
  rule({
    id: 'to-yaml-version',
    kind: 'report',
    severities: ['error', 'warning', 'info'],
    docs: {
      summary: 'the Fluent Bit version that runs the config decides: below 2.0 refused, 2.0-3.1 warned per construct, unknown noted once',
      details: [
        'YAML configs are production ready from Fluent Bit 2.0 (experimental in 1.9): a setup that a Fluent Bit below 2.0 runs is refused (an error; upgrade first). The `parsers`, `multiline_parsers`, `plugins` and `upstream_servers` sections came with fluent/fluent-bit#9513 in 3.2: for 2.0 to 3.1 custom parsers files stay classic (a YAML main file may load a classic parsers file), with a warning at each [PARSER]/[MULTILINE_PARSER], and a [PLUGINS] or [UPSTREAM] that would have to be YAML refuses the setup.',
        'The version comes from the deployment model (the image tags of the workloads that run the config, the lowest one) or --fluent-bit-version; when nothing tells, one info per setup says what is needed.',
      ].join('\n'),
      example: {
        before: ['- name: fluent-bit', '  image: fluent/fluent-bit:1.9.10'].join('\n'),
        after: ['- name: fluent-bit', '  image: fluent/fluent-bit:3.2.10'].join('\n'),
      },
    },
    messages: {
      belowTwo: 'Fluent Bit {{version}} has no production YAML config reader (YAML is production ready from 2.0): upgrade first, then convert',
      belowTwoRunner: 'Fluent Bit {{version}} ({{source}}) has no production YAML config reader (YAML is production ready from 2.0): upgrade first, then convert',
      unknown: 'Fluent Bit version unknown: YAML configs need Fluent Bit 2.0 or later',
      unknownNeeds32: 'Fluent Bit version unknown: YAML configs need Fluent Bit 2.0 or later, and 3.2 or later for the parsers/multiline_parsers/plugins/upstream_servers sections written here (fluent/fluent-bit#9513)',
      sectionNeeds32: '[{{name}}] becomes a YAML {{yamlSection}} section, which Fluent Bit reads only from 3.2 (fluent/fluent-bit#9513); the deployed {{version}} needs this file kept classic',
      parsersStayClassic: '[{{name}}] stays in the classic file {{file}}: YAML {{yamlSection}} sections need Fluent Bit 3.2 (fluent/fluent-bit#9513), the deployed {{version}} reads this file as classic from the YAML main file',
      sectionRefused: '[{{name}}] becomes a YAML {{yamlSection}} section, which Fluent Bit reads only from 3.2 (fluent/fluent-bit#9513); the deployed {{version}} would refuse the file',
    },
  }),
  rule({
    id: 'to-yaml-invalid-input',
    kind: 'report',
    severities: ['error'],
    docs: {
      summary: 'the classic config is one Fluent Bit refuses, so there is nothing equivalent to write',
      details: 'The conversion reads the classic setup the way Fluent Bit does before writing anything. A setup Fluent Bit would refuse (a grammar error, a plugin without name, a file included twice, a missing parsers file) has no equivalent YAML: it is refused and nothing of it changes. Fix the config first; the reason is Fluent Bit\'s own.',
      example: {
        before: ['[INPUT]', '    Name', '    Tag  app'].join('\n'),
        after: ['[INPUT]', '    Name dummy', '    Tag  app'].join('\n'),
      },
    },
    messages: {
      refused: 'Fluent Bit refuses this config, so there is nothing equivalent to write: {{reason}}',
    },
  }),
  rule({
    id: 'to-yaml-missing-file',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'a file the classic setup @INCLUDEs is not among the inputs: the setup is not converted',
      details: 'Every file of a setup must be converted together (an included classic file cannot stay classic: Fluent Bit\'s YAML reader refuses to include it). When an included file is not among the files flb-migrate was given (a file in a directory flb-migrate was not given, or a file the image provides), nothing of the setup changes. Give the library every file of the setup, or move the included files next to the main file.',
      example: {
        before: ['# main/fluent-bit.conf; flb-migrate main/ --to-yaml', '@INCLUDE ../shared/outputs.conf'].join('\n'),
        after: ['# give flb-migrate both directories: flb-migrate main/ shared/ --to-yaml', '@INCLUDE ../shared/outputs.conf'].join('\n'),
      },
    },
    messages: {
      missing: '{{reason}}: the file is not among the inputs, and an included file must be converted with the setup; nothing of the setup changes',
    },
  }),
  rule({
    id: 'to-yaml-unsupported',
    kind: 'report',
    severities: ['error'],
    docs: {
      summary: 'a construct that has no YAML form Fluent Bit reads the same way; the setup is refused',
      details: 'Some classic constructs have no YAML equivalent that reads the same in Fluent Bit v5.1.1: a classic [processors] group, a key longer than 1024 characters (libyaml\'s implicit key limit), an @SET with spaces around `=` that some ${...} uses, a multiline parser key named `rules`, an upstream key named `nodes`, [PLUGINS] keys other than Path, includes around plugin sections in a single file, a glob include whose YAML form would match other files, an @INCLUDE inside a parsers file, a ConfigMap value shared through a YAML anchor and alias, a config written as a kustomize generator literal (`fluent-bit.conf=[INPUT]...`). The whole setup is refused, with the line to change.',
      example: {
        before: ['[INPUT]', '    Name dummy', '    [processors] logs', '        name content_modifier'].join('\n'),
        after: ['pipeline:', '  inputs:', '    - name: dummy', '      processors:', '        logs:', '          - name: content_modifier'].join('\n'),
      },
    },
    messages: {
      processorsGroup: 'a classic [processors] group on [{{section}}] has no equivalent we can prove (YAML processors are structured maps); convert it by hand',
      longKey: 'key longer than {{max}} characters cannot be a YAML key',
      spacedVariableUsed: '{{line}}: YAML env trims names and values, so the variable {{name}} cannot be defined, and {{usage}} is used (write {{fix}} and use {{fixUsage}} if that is what you mean)',
      pluginsKey: '[{{section}}] key "{{key}}" has no YAML form: the plugins section is a list of paths',
      upstreamNodes: 'an upstream key named "nodes" has no YAML form (the YAML reader expects the node list there)',
      multilineRules: 'a multiline parser key named "rules" has no YAML form (the YAML reader expects the rule list there)',
      includesAround: 'plugin sections stand both before and after @INCLUDE lines: one YAML includes block cannot keep that order without knowing the included files; convert the whole setup (convertSetup), which checks it and inlines when needed',
      globMismatch: '@INCLUDE {{ref}}: no YAML glob matches exactly the converted files ({{files}})',
      mainMissing: 'the main file {{main}} is not among the files',
      includedAndParsers: '{{file}} is both included in the config and used as a parsers file',
      nameTaken: '{{from}} would become {{to}}, which already exists',
      parsersInclude: '@INCLUDE {{ref}} in parsers file {{file}}: the included parsers are not converted with it, and a YAML includes item cannot read a classic file; move its [PARSER]/[MULTILINE_PARSER] sections into {{file}} (or list it as its own Parsers_File), then convert',
      generatorLiteral: "{{key}} is a kustomize generator literal ({{key}}=...): the conversion renames ConfigMap keys and generator files, not literals; move the config into a file the generator lists under `files:`, then convert",
      sharedThroughAlias: '{{key}} is shared through the YAML anchor &{{anchor}} and its aliases: converting it here would change every key that reads it, or leave them classic; write the value out in each key, then convert',
    },
  }),
  rule({
    id: 'to-yaml-not-equivalent',
    kind: 'report',
    severities: ['error'],
    docs: {
      summary: 'reading the YAML back gave a different config than the classic files (internal check); the setup is refused',
      details: 'After writing the YAML, the conversion reads it the way Fluent Bit\'s YAML reader does and compares it with the classic setup: every instance in order, with its properties and values, the env, the service, parsers and multiline parsers per file. A difference (or an error reading the YAML, or a manifest that no longer reads back) refuses the setup: nothing of it changes. It means flb-migrate has a gap; please report it with the config.',
    },
    messages: {
      notEquivalent: 'the YAML would not be read like the classic config: {{difference}}',
      manifest: 'the converted manifests would not be read as expected ({{difference}}): nothing of the setup changes (please report it)',
      internal: 'flb-migrate bug while converting: {{message}}; nothing of the setup changes (please report it)',
    },
  }),
  rule({
    id: 'to-yaml-ignored-section',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'an unknown section (ignored by Fluent Bit) is kept as a comment',
      details: 'Fluent Bit ignores sections it does not know ([INPTU], text after a valid prefix it does not read from this file). YAML has no place for them, so they are kept as comments where they stood, with a warning: check whether the section was meant to do something.',
      example: {
        before: ['[INPTU]', '    Name tail'].join('\n'),
        after: ['[INPUT]', '    Name tail'].join('\n'),
      },
    },
    messages: {
      ignoredSection: 'section [{{name}}] is ignored by Fluent Bit ({{why}}); kept as a comment',
    },
  }),
  rule({
    id: 'to-yaml-group',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'a classic group (ignored by plugins) is kept as a comment',
      details: 'A classic group (`[G name]` followed by double-indented lines) is not a plugin property: plugins ignore it, and a YAML map value cannot be configured. It is kept as a comment inside its section, with a warning.',
      example: {
        before: ['[INPUT]', '    Name dummy', '    [G] x', '        a b'].join('\n'),
        after: ['[INPUT]', '    Name dummy'].join('\n'),
      },
    },
    messages: {
      group: 'group {{group}} has no effect on a [{{section}}] section and no YAML form; kept as a comment',
    },
  }),
  rule({
    id: 'to-yaml-ignored-command',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'an unknown @command (ignored by Fluent Bit) is kept as a comment',
      details: 'Fluent Bit knows @INCLUDE and @SET and ignores other @commands. They are kept as comments where they stood, with a warning.',
      example: {
        before: ['@NOTE keep in sync with prod'].join('\n'),
        after: ['# keep in sync with prod'].join('\n'),
      },
    },
    messages: {
      ignoredCommand: '{{command}} is not a command Fluent Bit knows (it ignores it); kept as a comment',
    },
  }),
  rule({
    id: 'to-yaml-unused-variable',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'an @SET whose name or value YAML env cannot hold (spaces around "="), used by no ${...}, is kept as a comment',
      details: '`@SET a = b` defines the variable "a " with the value " b" (nothing is trimmed); YAML `env` trims names and values, so it cannot define the same variable. When no ${...} uses that exact name the line has no effect and is kept as a comment; when one does, the setup is refused (to-yaml-unsupported).',
      example: {
        before: ['@SET region = eu'].join('\n'),
        after: ['@SET region=eu'].join('\n'),
      },
    },
    messages: {
      unusedVariable: '{{line}} defines {{name}}, which YAML env cannot hold (it trims names and values) and no ${...} uses; kept as a comment',
    },
  }),
  rule({
    id: 'to-yaml-inlined',
    kind: 'report',
    severities: ['info'],
    docs: {
      summary: 'an included file was inlined because YAML includes would change the plugin order',
      details: 'Fluent Bit\'s YAML reader reads an included file where the `includes:` key stands, and allows one `service` across all files. When one includes block per file cannot keep the order of plugins of a kind (an include between two filters, for example) or a [SERVICE] sits in an included file, every included file is inlined into the main file, which then keeps the order with one pipeline; the included files are removed.',
      example: {
        before: ['[FILTER]', '    Name modify', '    Add  step one', '@INCLUDE middle.conf', '[FILTER]', '    Name modify', '    Add  step three'].join('\n'),
        after: ['pipeline:', '  filters:', '    - name: modify', '      add: step one', '    - name: modify', '      add: step two', '    - name: modify', '      add: step three'].join('\n'),
      },
    },
    messages: {
      inlined: '{{file}} is inlined into {{into}}: {{why}}',
    },
  }),
  rule({
    id: 'to-yaml-external-file',
    kind: 'report',
    severities: ['info'],
    docs: {
      summary: 'a referenced file that is not part of the setup is left as it is',
      details: 'A parsers_file that is not among the setup\'s files (the image\'s stock parsers.conf, a mount flb-migrate was not given) or that holds a ${VARIABLE} is left as it is and still referenced: a YAML main file may load a classic parsers file.',
      example: {
        before: ['[SERVICE]', '    Parsers_File /etc/shared/parsers.conf'].join('\n'),
        after: ['service:', '  parsers_file: /etc/shared/parsers.conf'].join('\n'),
      },
    },
    messages: {
      variable: 'parsers_file {{value}} holds a variable: left as it is (the file it names is not converted)',
      notInSetup: 'parsers_file {{value}} is not part of the setup: left as it is and still referenced',
    },
  }),
  rule({
    id: 'to-yaml-already-yaml',
    kind: 'report',
    severities: ['info'],
    docs: {
      summary: 'the setup already uses the YAML format: nothing to do',
      details: 'A setup whose main file is already YAML is left as it is, so running --to-yaml a second time changes nothing. Classic parsers files such a main file loads stay classic (Fluent Bit reads them by their name). A main file under a .yaml name that holds classic text is not converted either: Fluent Bit reads it as YAML by its name, and the message says to rename it to .conf first.',
    },
    messages: {
      alreadyYaml: '{{file}} is already a YAML config: nothing to convert',
      classicUnderYamlName: '{{file}} holds classic text under a .yaml name, which Fluent Bit reads as YAML by its name (and refuses): not converted under that name; rename it to .conf (and what names it), then run --to-yaml',
      classicLoaded: '{{file}} is a classic file that the YAML config {{main}} loads: Fluent Bit reads it as classic by its name; left as it is',
    },
  }),
  rule({
    id: 'to-yaml-entrypoint',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'a container that runs the setup has no -c flag and an image whose entrypoint flb-migrate does not know: the setup is not converted',
      details: 'Without command and args a container runs its image\'s ENTRYPOINT and CMD. flb-migrate knows them for the official fluent/fluent-bit image only; aws-for-fluent-bit starts a script that writes its own config, bitnami and private images have other paths. Adding args there could break the container, so nothing of the setup changes. Add the command line the image runs today, with an explicit `-c <config>`, then run --to-yaml again: that argument is then changed in place.',
      example: {
        before: ['- name: fluent-bit', '  image: registry.corp/logging/fb:3.2'].join('\n'),
        after: ['- name: fluent-bit', '  image: registry.corp/logging/fb:3.2', '  command: [/opt/fb/bin/fluent-bit]', '  args: [-c, /fluent-bit/etc/fluent-bit.conf]'].join('\n'),
      },
    },
    messages: {
      unknownImage: 'container {{container}} ({{image}}) runs the image default command line, which flb-migrate does not know for this image: nothing of the setup changes; write its command line with an explicit -c {{config}} and run --to-yaml again',
      noConfigFlag: 'container {{container}} mounts the config but its command line has no -c/--config flag flb-migrate can follow: nothing of the setup changes; give it an explicit -c {{config}} and run --to-yaml again',
    },
  }),
  rule({
    id: 'to-yaml-deployment',
    kind: 'report',
    severities: ['warning', 'info'],
    docs: {
      summary: 'how the workloads read the setup cannot be followed (several ConfigMaps, another main file, files with errors): the setup is not converted',
      details: 'The conversion changes a setup and every reference to it at once, or nothing. It is not converted when its main files are spread over several ConfigMaps or directories, when a Fluent Bit container mounts its configs but runs a file that is not among the inputs (or runs on Windows nodes: a drive-letter mount or `-c`, a Windows image; out of scope, as for windows-path), when the working directory or mounts of a container make it resolve a reference to another file than the conversion does, or when a file of the setup or of its workloads has errors, or when a plain file of the setup sits in a Helm chart (a `Chart.yaml` of the input above it: the chart\'s templates read it by name with `.Files.Get`/`.Files.Glob`, and flb-migrate does not edit templates), or when a Dockerfile of the input copies a plain file of the setup into an image by its name (a COPY or ADD source that is the file, or a directory holding it when the Dockerfile names the file too, as its CMD `-c` does: renamed, the build fails or the image runs a missing file), or when a docker-compose service of the input (a Fluent Bit image) bind-mounts a plain file of the setup by its name or runs it with `-c` from a bound directory (the compose file is not edited either). The finding names what to change. EKS Fargate\'s `aws-logging` ConfigMap is never converted: Fargate reads its keys as classic sections.',
      example: {
        before: ['- name: debug', '  image: fluent/fluent-bit:3.2.10', '  command: [/fluent-bit/bin/fluent-bit]'].join('\n'),
        after: ['- name: debug', '  image: fluent/fluent-bit:3.2.10', '  command: [/fluent-bit/bin/fluent-bit]', '  args: [-c, /fluent-bit/etc/fluent-bit.conf]'].join('\n'),
      },
    },
    messages: {
      severalSources: '{{main}} is read together with configs of {{other}}: converting a setup spread over several ConfigMaps or directories is not supported; nothing of it changes (put its files in one ConfigMap or directory to convert it)',
      otherMain: 'container {{container}} reads {{config}} but runs {{main}}, which is not among the inputs: nothing of the setup changes',
      windowsContainer: 'container {{container}} reads {{config}} on a Windows node ({{why}}): Windows nodes are out of scope for flb-migrate, so nothing of the setup changes; convert it by hand',
      resolvesElsewhere: 'container {{container}} does not read {{file}} the way the conversion resolves it (working directory or mounts differ): nothing of the setup changes',
      fileWithErrors: '{{file}} has errors: nothing of the setup changes',
      unloadedParsers: '{{file}} holds only parsers and no config of the input loads it: a main file elsewhere may load it by this name, so it is not converted on its own; convert it together with that file',
      chartFile: "{{file}} is a file of the Helm chart in {{chart}}, which its templates read by name (.Files.Get, .Files.Glob) and flb-migrate does not edit: renamed to .yaml, it would no longer be rendered where the chart expects it; nothing of the setup changes (convert it by hand, together with the templates that read it)",
      dockerfileCopy: "{{file}} is copied into an image by the Dockerfile at {{dockerfile}}, which names it (COPY/ADD, CMD -c) and which flb-migrate does not edit: renamed to .yaml, the image build would fail or the image would run a file that is not there; nothing of the setup changes (convert it by hand, together with the Dockerfile's COPY and -c)",
      ansibleCopy: "{{file}} is installed on a host by its name by the Ansible task at {{task}} (copy/template src), which flb-migrate does not edit: renamed to .yaml, the task would not find it, and its dest would still give Fluent Bit a classic file name; nothing of the setup changes (convert it by hand, together with the task's src and dest and the service's -c)",
      composeMount: "{{file}} is mounted or run by its name by the {{runner}} at {{compose}} (a volume bind, `-c`), which flb-migrate does not edit: renamed to .yaml, the bind would mount a file that is not there or -c would name one; nothing of the setup changes (convert it by hand, together with the {{where}})",
      scriptFromFile: "{{file}} is named by the `{{command}} --from-file` at {{script}}, which flb-migrate does not edit: renamed to .yaml, the command would fail on the missing file; nothing of the setup changes (convert it by hand, together with the script's --from-file and the -c the workload runs)",
      fargateRouter: "{{file}} holds EKS Fargate's log router config (ConfigMap aws-logging), which Fargate reads as classic [FILTER], [OUTPUT] and [PARSER] sections under its own keys only: it stays classic",
      fragment: '{{file}} is not run by any workload in the input and is not a whole config (no [SERVICE], no @INCLUDE, not both inputs and outputs): another file may include it, so it is not converted on its own; convert it together with the file that includes it',
    },
  }),
  rule({
    id: 'to-yaml-related',
    kind: 'report',
    severities: ['error', 'warning', 'info'],
    docs: {
      summary: 'this file belongs to a setup whose conversion was refused elsewhere: it is left as it is',
      details: 'A setup is converted whole or not at all: the ConfigMap, the plain files, and the workloads and kustomizations that name them. When any part is refused, the other files of the setup get this finding, with the severity of the refusal and where it is, and nothing of them changes (with --runtime, an error here also keeps the runtime migration of the file from being written, so that the deployment is never half-migrated).',
    },
    messages: {
      related: 'not converted: its setup was refused at {{where}} ({{rule}}), and a setup changes whole or not at all',
    },
  }),
  rule({
    id: 'to-yaml-helm-chart',
    kind: 'report',
    severities: ['warning', 'info'],
    docs: {
      summary: 'fluent/fluent-bit chart values: the chart renders `config.*` as classic, so the YAML goes through `config.extraFiles` and `args` (the exact override is in the message)',
      details: [
        'No version of the fluent/fluent-bit chart (up to 0.57.9) renders a YAML config from its `config.service`/`inputs`/`filters`/`outputs` values: they are concatenated into a classic fluent-bit.conf (templates/configmap.yaml; fluent/helm-charts#516 is open, PR #558 was closed, #618 is open). Since chart 0.20 the ConfigMap is mounted at /fluent-bit/etc/conf, where `config.extraFiles` keys land, and `args` reach Fluent Bit: a YAML file shipped through extraFiles and named by --config runs (the chart maintainers\' workaround, fluent/helm-charts#295).',
        'Values files are never edited: the warning carries the exact override (the converted YAML under config.extraFiles.fluent-bit.yaml, and args naming it); apply it, then remove the classic config.* strings you no longer need. Values written for a chart before 0.20 (args: [], subPath volumeMounts) must upgrade the chart first.',
      ].join('\n'),
      example: {
        before: ['config:', '  inputs: |', '    [INPUT]', '        Name cpu'].join('\n'),
        after: ['config:', '  extraFiles:', '    fluent-bit.yaml: |', '      pipeline:', '        inputs:', '          - name: cpu', 'args:', '  - --workdir=/fluent-bit/etc', '  - --config=/fluent-bit/etc/conf/fluent-bit.yaml'].join('\n'),
      },
    },
    messages: {
      override: 'the fluent/fluent-bit chart renders config.* into a classic fluent-bit.conf (no chart version reads YAML from config.*: fluent/helm-charts#516); values are not edited: run the converted YAML through config.extraFiles and args with this override:{{override}}',
      oldChart: 'these values are for a fluent/fluent-bit chart before 0.20 ({{evidence}}), which mounts each config file on its own: upgrade the chart (0.20+ mounts its ConfigMap at /fluent-bit/etc/conf), then apply this override:{{override}}',
      templated: '{{key}} holds Helm control actions (if, range, with...), which Helm resolves before Fluent Bit reads the text: render the chart (helm template) and convert the rendered ConfigMap',
      otherChart: '{{key}} is a classic config in the values of a chart flb-migrate does not know the templates of: not converted (render the chart and convert the rendered ConfigMap)',
      saltState: "{{key}} is a classic config a Salt state writes on a minion (file.managed contents): not converted (convert it by hand: the YAML text, a .yaml name for the state's file and the service's -c)",
      ansibleVariable: "{{key}} is a classic config in an Ansible variable (a role's defaults or vars, group_vars, host_vars), which a template of the role pastes into the file it installs: not converted (render the role's template, convert the output, and give the role the YAML file and its name)",
    },
  }),
  rule({
    id: 'to-yaml-operator',
    kind: 'report',
    severities: ['info'],
    docs: {
      summary: 'Fluent Operator resources are structured: there is no classic text to convert',
      details: 'Fluent Operator inputs, filters and outputs are Kubernetes resources the operator renders into a config itself (its FluentBitConfig and chart decide the format). --to-yaml leaves them alone and says so once per file.',
    },
    messages: {
      operator: 'Fluent Operator resources are structured and rendered by the operator: nothing to convert',
    },
  }),
] as const;

export type ConvertRuleId = (typeof TO_YAML_RULE_METAS)[number]['id'];

type MetaOf<Id extends ConvertRuleId> = Extract<(typeof TO_YAML_RULE_METAS)[number], { id: Id }>;
/** The message ids of a conversion rule. */
export type ConvertMessageId<Id extends ConvertRuleId> = keyof MetaOf<Id>['messages'] & string;

const BY_ID: ReadonlyMap<string, ConvertRuleMeta> = new Map(TO_YAML_RULE_METAS.map((m) => [m.id, m]));

export function convertRuleMeta(id: string): ConvertRuleMeta | undefined {
  return BY_ID.get(id);
}

/** Fills a message template (`{{name}}` -> data.name), as report/format-message.ts does. */
export function fillMessage(ruleId: ConvertRuleId, messageId: string, data: Readonly<Record<string, string | number>>): string {
  const template = BY_ID.get(ruleId)?.messages[messageId] ?? messageId;
  return template.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
    const value = data[name];
    return value === undefined ? placeholder : String(value);
  });
}

/** One-line summary of every conversion rule, by id (what part 1 exported as CONVERT_RULES). */
export const CONVERT_RULES: Readonly<Record<ConvertRuleId, string>> = Object.fromEntries(
  TO_YAML_RULE_METAS.map((m) => [m.id, `${m.docs.summary}${m.kind === 'change' ? ' (change)' : ''}`]),
) as Record<ConvertRuleId, string>;
