import type { FluxFill, FluxPostBuild } from '../deploy/flux-postbuild.js';
import type { Edit } from '../source/edit.js';
import { LineIndex } from '../source/line-index.js';
import { lineEndOf, lineStartOf } from '../yaml/newline-style.js';
import { fileTarget } from '../view/target.js';
import type { EditTarget, Fix, Located } from '../view/types.js';
import type { FindingKind } from './run-rules.js';
import { defineRule, type MessageData } from './types.js';
import { fluxExample } from './flux-substitution.js';

/*
 * A change a rule decided on a value Flux postBuild writes into the config
 * (view/flux-escape.ts: `Parser ${LOG_PARSER}` read as `Parser docker` when
 * the Kustomization substitutes LOG_PARSER=docker). The value lives in the
 * Kustomization (or the substituteFrom ConfigMap), not on the line: the
 * change is not made, and a warning at the line and one at the value say the
 * exact edit to make. No listener: the rule runner reports it in place of
 * the change (as yaml-list-value does for a refused edit).
 */
/** The docs example: LOG_PATH set in the Kustomization, read by the ConfigMap's tail input. */
const example = (logPath: string): string => fluxExample(`{substitute: {LOG_PATH: ${logPath}}}`, ['    [INPUT]', '        Name tail', '        Path ${LOG_PATH}', '']).join('\n');

export const fluxVariable = defineRule({
  meta: {
    id: 'flux-variable',
    kind: 'report',
    severities: ['warning'],
    docs: {
      summary: 'a change another rule needs on a line whose `${VAR}` a Flux Kustomization with `postBuild` fills: not made, reported at the line and at the value with the exact edit',
      details: [
        'Flux postBuild (kustomize-controller envsubst) writes its `substitute`/`substituteFrom` values (or a `${VAR:=default}`\'s default) into the objects it builds before they are applied, so Fluent Bit reads `Parser docker` where the ConfigMap says `Parser ${LOG_PARSER}`. flb-migrate reads such a value as Fluent Bit gets it, and every rule judges `Parser docker`.',
        'The change is not made: the value is the Kustomization\'s, shared by every object of the build (a DaemonSet may use the same variable), often by several Kustomizations (a `cluster-vars` ConfigMap), and set per cluster on purpose, so neither editing the value nor writing a literal over the variable is safe to do unseen. A warning at the line says what to write there; when the new line is the old one with only the variable\'s value changed, a warning at the value (the `substitute` entry, or the substituteFrom ConfigMap\'s key) says what to set it to, to do when every use of the variable wants that value.',
        'A pod\'s hostPath volume written `path: ${LOG_DIR}` is read the same way (Docker\'s directory when LOG_DIR is /var/lib/docker/containers, /var/log when it is /var/log), so the mount rules judge the directory the node really has; a change of the volume item (docker-volume removing it) is not made either, and a warning at the reference names the lines to remove.',
        '`$${VAR}` (the escape: Fluent Bit gets `${VAR}`) is not Flux\'s: it is read with the setup\'s variables and changed as any other value.',
      ].join('\n'),
      example: {
        before: example('/var/lib/docker/containers/*/*.log'),
        after: example('/var/log/containers/*.log'),
      },
    },
    messages: {
      notMade: '{{rule}} change not made: {{change}}; {{values}} {{are}} written here by Flux postBuild of Kustomization {{kustomization}} ({{path}}), and flb-migrate does not edit a value the build shares: {{edit}}',
      value: '{{variable}}={{value}} is read by {{use}} through Flux postBuild of Kustomization {{kustomization}}, where {{rule}} wants {{line}}: set {{variable}} to {{next}} here if every use of it wants that value{{also}}, or write that line there',
    },
  },
  create() {
    return {};
  },
});

/** What the runner needs of a Flux-substituted config: its build, and the references Flux fills (offsets of the config's text). */
export interface FluxScope {
  readonly build: FluxPostBuild;
  readonly fills: readonly FluxFill[];
}

/** The Flux references the edits of `fixes` touch (on `target`, the config's text); empty when none. */
export function touchedFills(flux: FluxScope, target: EditTarget, fixes: readonly Fix[]): FluxFill[] {
  const edits = fixes.filter((f) => f.target.id === target.id).flatMap((f) => f.edits);
  return flux.fills.filter((r) => edits.some((e) => e.start < r.end && r.start < e.end));
}

/** The lines the edits touch, before and after (trimmed), on `text`. */
function editedLines(text: string, edits: readonly Edit[]): { readonly before: string; readonly after: string } {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const from = lineStartOf(text, Math.min(...sorted.map((e) => e.start)));
  const to = lineEndOf(text, Math.max(...sorted.map((e) => e.end)));
  let after = '';
  let pos = from;
  for (const e of sorted) {
    after += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  after += text.slice(pos, to);
  return { before: text.slice(from, to).trim(), after: after.trim() };
}

/** The advice for an edit over several lines (a pod's volume item): the lines by number, their first and last, one line each. */
function severalLines(text: string, edits: readonly Edit[], before: string, after: string): string {
  const lines = new LineIndex(text);
  const first = lines.position(Math.min(...edits.map((e) => e.start))).line;
  const last = lines.position(Math.max(...edits.map((e) => e.end)) - 1).line;
  const rows = before.split('\n').map((l) => l.trim());
  const span = `lines ${first}-${last} (\`${rows[0] ?? ''}\` to \`${rows[rows.length - 1] ?? ''}\`)`;
  return after === '' ? `remove ${span} here` : `replace ${span} with \`${after.split('\n').map((l) => l.trim()).join(' ')}\` here`;
}

/**
 * The findings that stand for a change (`ruleId`, its message filled) whose edits touch `fills`: one at the line
 * (what to write there), and one at each value the Kustomization writes when the new line is the old one with only
 * that variable's value changed (what to set it to).
 */
export function fluxNotMade(ruleId: string, change: string, flux: FluxScope, target: EditTarget, fixes: readonly Fix[], fills: readonly FluxFill[]): { readonly kind: FindingKind; readonly at: Located }[] {
  const text = target.text;
  const edits = fixes.filter((f) => f.target.id === target.id).flatMap((f) => f.edits);
  const { before, after } = editedLines(text, edits);
  const names = [...new Set(fills.map((f) => f.name))];
  const useAt: Located = { target, start: fills[0]?.start ?? 0, end: fills[0]?.end ?? 0 };
  const out: { kind: FindingKind; at: Located }[] = [];
  // The variable's new value: the new line is the old one with the reference's text replaced.
  const one = names.length === 1 ? fills.find((f) => f.defined) : undefined;
  const ref = one ? text.slice(one.start, one.end) : '';
  const at = one ? before.indexOf(ref) : -1;
  const pre = at < 0 ? '' : before.slice(0, at);
  const post = at < 0 ? '' : before.slice(at + ref.length);
  const next = at >= 0 && before.indexOf(ref, at + 1) < 0 && after.startsWith(pre) && after.endsWith(post) && after.length >= pre.length + post.length ? after.slice(pre.length, after.length - post.length) : undefined;
  const where = one ? flux.build.valueAt.get(one.name) : undefined;
  // Other lines of this config that read the variable: the value is theirs too (they may want another one, or none).
  const others = one ? [...new Set(flux.fills.filter((f) => f.name === one.name && f.start !== one.start).map((f) => text.slice(lineStartOf(text, f.start), lineEndOf(text, f.start)).trim()))] : [];
  const also = others.length > 0 ? ` (it also fills ${others.map((o) => `\`${o}\``).join(', ')} in ${target.path})` : '';
  const valueOption = one && next !== undefined && where ? `, or set ${one.name} to ${next} in ${where.path}:${new LineIndex(where.text).position(where.start).line} if every use of it wants that value${also}` : '';
  const edit = before.includes('\n') ? severalLines(text, edits, before, after) : after === '' ? `remove this line (${before})${valueOption}` : `write \`${after}\` in place of \`${before}\` here${valueOption}`;
  const data: MessageData = {
    rule: ruleId,
    change,
    values: fills.filter((f, i) => fills.findIndex((g) => g.name === f.name) === i).map((f) => `${f.name}=${f.value}${f.defined ? '' : ' (its default)'}`).join(', '),
    are: names.length > 1 ? 'are' : 'is',
    kustomization: flux.build.name ?? '(unnamed)',
    path: flux.build.path,
    edit,
  };
  out.push({ kind: { ruleId: 'flux-variable', messageId: 'notMade', data, severity: 'warning' }, at: useAt });
  if (one && next !== undefined && where) {
    const valueData: MessageData = {
      variable: one.name,
      value: one.value,
      use: `\`${before}\` in ${target.path}`,
      kustomization: flux.build.name ?? '(unnamed)',
      rule: ruleId,
      line: `\`${after}\``,
      next,
      also,
    };
    out.push({ kind: { ruleId: 'flux-variable', messageId: 'value', data: valueData, severity: 'warning' }, at: { target: fileTarget(where.path, where.text), start: where.start, end: where.end } });
  }
  return out;
}
