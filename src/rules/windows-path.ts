import { isTailInput, shownValue, tailTarget } from './support/tail-target.js';
import { defineRule } from './types.js';

export const windowsPath = defineRule({
  meta: {
    id: 'windows-path',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'Windows container paths (out of scope: migrate by hand)',
      details: "Windows nodes keep container logs under `C:\\var\\log\\containers` or `C:\\ProgramData\\docker\\containers`, with their own runtime story (containerd on Windows, different log formats and paths). flb-migrate handles Linux nodes only: a tail input with a Windows path is reported, never rewritten. The example is one by-hand answer for containerd on Windows (the kubelet's path, CRI lines read by the multiline parsers); check it against your nodes.",
      example: {
        before: [
          '[INPUT]',
          '    Name    tail',
          '    Tag     kube.*',
          '    Path    C:\\var\\log\\containers\\*.log',
          '    Parser  docker',
          '',
        ].join('\n'),
        after: [
          '[INPUT]',
          '    Name              tail',
          '    Tag               kube.*',
          '    Path              C:\\var\\log\\containers\\*.log',
          '    multiline.parser  docker, cri',
          '',
        ].join('\n'),
      },
    },
    messages: {
      windowsPath: 'Windows container path {{value}}: Windows nodes are out of scope for flb-migrate; migrate this input by hand',
    },
  },
  create(context) {
    return {
      input(section) {
        if (!isTailInput(section, context.setup.variables)) return;
        const target = tailTarget(section, context.setup.variables, context.options);
        if (target.kinds.has('windows') && target.path) context.report({ severity: 'warning', messageId: 'windowsPath', data: { value: shownValue(target.path, context.setup.variables) }, at: target.path.at });
      },
    };
  },
});
