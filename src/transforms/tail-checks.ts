import { isTail, resolveVariables, tailTarget } from './tail-inputs.js';
import type { ClassicTransform, RuleFinding } from './transform.js';

/**
 * Rules unresolved-variable, windows-path, kube-tag-prefix and old-multiline
 * on tail inputs (runtime-migration.md F#10, F#20, H):
 * - a Parser / multiline.parser value built from `${VAR}` we cannot resolve;
 * - Windows container paths (out of scope: reported, not rewritten);
 * - container inputs whose path is not the kubelet's symlinks, paired with
 *   kubernetes filters that still expect the default tag prefix;
 * - old-style Multiline/Parser_Firstline on container inputs.
 */
export const tailChecks: ClassicTransform = {
  id: 'tail-checks',
  description: 'report tail settings that need a human: variables, Windows paths, tag prefixes, old multiline',
  run(ctx) {
    const findings: RuleFinding[] = [];
    const tails = ctx.model.sections.filter(isTail);
    for (const s of tails) {
      for (const key of ['parser', 'multiline.parser']) {
        for (const e of s.getAll(key)) {
          const r = resolveVariables(e, ctx.setup);
          if (r.unresolved.length > 0) {
            findings.push({ ruleId: 'unresolved-variable', severity: 'warning', message: `${e.key} ${e.value}: \${${r.unresolved.join('}, ${')}} is not set in the files given; if it names docker or cri, it must become multiline.parser docker, cri`, offset: e.valueStart });
          }
        }
      }
      const target = tailTarget(s, ctx.setup, ctx.options.podLogsDir);
      if (target.kinds.has('windows') && target.path) {
        findings.push({ ruleId: 'windows-path', severity: 'warning', message: `Windows container path ${target.path.value}: Windows nodes are out of scope for flb-migrate; migrate this input by hand`, offset: target.path.line.key.start });
      }
      const container = target.kinds.has('pod-logs') || target.kinds.has('docker-root');
      if (container && !target.kinds.has('kubelet-symlinks')) {
        for (const f of ctx.model.sectionsOf('filter')) {
          if (f.plugin !== 'kubernetes') continue;
          if (f.has('regex_parser') || f.has('kube_tag_prefix')) continue;
          const name = f.get('name');
          findings.push({ ruleId: 'kube-tag-prefix', severity: 'warning', message: `the kubernetes filter keeps its default Kube_Tag_Prefix (kube.var.log.containers.) and built-in regex, but the tail input reads ${target.path?.value ?? 'another path'}: set Kube_Tag_Prefix and Regex_Parser, or tail /var/log/containers/*.log`, offset: name?.line.key.start ?? f.start });
        }
      }
      if (container || target.kinds.has('kubelet-symlinks')) {
        for (const key of ['multiline', 'parser_firstline']) {
          const e = s.get(key);
          if (e && (key !== 'multiline' || /^(on|true|yes)$/i.test(e.value))) {
            findings.push({ ruleId: 'old-multiline', severity: 'warning', message: `${e.key} ${e.value}: old-style multiline runs before the CRI fields are parsed; move application multiline handling to a [MULTILINE_PARSER] and the multiline filter`, offset: e.line.key.start });
          }
        }
      }
    }
    return { edits: [], findings };
  },
};
