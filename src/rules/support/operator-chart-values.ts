import { isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import { suppliedIn, switchOff, type Supplied } from '../../deploy/values-coalesce.js';
import type { HelmValuesInfo } from '../../discover/discovery-types.js';

/**
 * The fluent-operator chart's values as its templates read them, for rules judging a resource the chart renders
 * from its values (the multiline ClusterFilter, the systemd ClusterInput): which set of the release gives a value,
 * and whether the switches around a template are on.
 */

type ValueSet = { readonly root: YAMLMap };

/** Values of the fluent-operator chart (a subchart's only when a release names the chart, not by shape alone). */
export function isOperatorChartValues(values: HelmValuesInfo): boolean {
  return values.chartKind === 'fluent-operator' && (values.subchart.length === 0 || values.release?.kind === 'fluent-operator');
}

/** The first of `paths` the merged sets turn off (Go `if`: false, 0, ''; null deletes the key and the chart's default): its key, how, and the set that gives it. */
export interface SwitchedOff {
  readonly key: string;
  /** `unset`: no set gives a switch whose chart default is false (switchOn's false case). */
  readonly how: 'false' | 'null' | 'unset';
  readonly set?: ValueSet;
}

export function switchedOff(sets: readonly ValueSet[], paths: readonly (readonly string[])[]): SwitchedOff | undefined {
  for (const path of paths) {
    const s = suppliedIn(sets, path);
    const how = switchOff(s);
    if (how !== undefined && s !== undefined) return { key: path.join('.'), how, set: s.set };
  }
  return undefined;
}

/** Why a chart template is not rendered, for a message about a value in `values`: `<key> is false in this file` and the like. */
export function switchedOffReason(off: SwitchedOff, values: ValueSet & { readonly release?: { readonly label: string } | undefined }): string {
  if (off.how === 'unset') return `${off.key} is not set (the chart's default is false)`;
  const where = off.set === values ? 'in this file' : `in another value set of ${values.release?.label ?? 'the release'}`;
  return off.how === 'null' ? `${off.key} is null ${where} (Helm deletes it, the chart's default with it)` : `${off.key} is false ${where}`;
}

/** Whether the merged sets give `path` a value a template's `if` reads as true (for a switch whose chart default is false). */
export function switchOn(sets: readonly ValueSet[], path: readonly string[]): boolean {
  const s = suppliedIn(sets, path);
  return s?.kind === 'value' && switchOff(s) === undefined && !(isScalar(s.node) && s.node.value === null);
}

/** The node Helm renders at `path` when `values` is the set that gives it (lists are replaced whole, so one set gives them all). */
export function renderedHere(sets: readonly ValueSet[], values: ValueSet, path: readonly string[]): Node | undefined {
  const s: Supplied<ValueSet> = suppliedIn(sets, path);
  return s?.kind === 'value' && s.set === values ? s.node : undefined;
}

/** The scalars of a list value (`[docker, cri]`), or the scalar itself (`parsers: docker`): what a template's `join`/`range` reads. */
export function listScalars(node: Node | undefined): Scalar[] {
  if (isScalar(node)) return node.value === null ? [] : [node];
  if (isSeq(node)) return node.items.filter((i): i is Scalar => isScalar(i) && i.value !== null);
  return [];
}
