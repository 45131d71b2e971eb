import { dockerInputs } from './docker-inputs.js';
import { filterChecks } from './filter-checks.js';
import { messageField } from './message-field.js';
import { parserDefinitions } from './parser-definitions.js';
import { systemdUnit } from './systemd-unit.js';
import { tailChecks } from './tail-checks.js';
import { tailParser } from './tail-parser.js';
import { tailPath } from './tail-path.js';
import type { ClassicTransform } from './transform.js';

/** Every classic-config transform, in run order. Their edits never overlap (each owns different entries). */
export const CLASSIC_TRANSFORMS = [
  tailParser,
  tailPath,
  systemdUnit,
  tailChecks,
  dockerInputs,
  filterChecks,
  messageField,
  parserDefinitions,
] as const satisfies readonly ClassicTransform[];
