import type { Edit } from '../source/edit.js';
import type { Discovery, OperatorInput } from '../discover/discovery-types.js';
import type { RuleFinding } from './transform.js';
import { migrateTailMap } from './tail-map.js';
import type { ResolvedOptions } from './transform.js';
import { keyedPairs } from '../view/yaml-keys.js';

/**
 * Rule operator-tail: Fluent Operator ClusterInput/Input `spec.tail`, the
 * same migration in the operator's field names: `parser: docker|cri` (or a
 * `dockerMode: true`) becomes `multilineParser: docker, cri`, `dockerMode*`
 * fields go, a Docker-root `path` becomes /var/log/containers/*.log.
 */
export function operatorTail(discovery: Discovery, input: OperatorInput, options: ResolvedOptions): { edits: Edit[]; findings: RuleFinding[] } {
  const pairs = keyedPairs(input.tail, (k) => k.toLowerCase());
  return migrateTailMap(discovery.text, input.tail, pairs, {
    write: 'multilineParser',
    multiline: 'multilineparser',
    dockerMode: 'dockermode',
    dockerModeFlush: 'dockermodeflush',
    dockerModeParser: 'dockermodeparser',
  }, 'operator-tail', options);
}
