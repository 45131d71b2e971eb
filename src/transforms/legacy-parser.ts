import type { VersionInfo } from './transform.js';

/**
 * For Fluent Bit < 1.8 (no multiline.parser): a single-line CRI parser under
 * a NEW name that captures the content as `log` (runtime-migration.md D.3
 * option B). Never named `cri`: a second definition of `cri` collides with
 * the stock parsers.conf (fluent-bit-config-format.md C.5).
 */
export const CRI_LOG_PARSER_NAME = 'cri-log';

export function criLogParserBlock(indent = '    ', newline = '\n'): string {
  return [
    '[PARSER]',
    `${indent}Name        ${CRI_LOG_PARSER_NAME}`,
    `${indent}Format      regex`,
    `${indent}Regex       ^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[^ ]*) (?<log>.*)$`,
    `${indent}Time_Key    time`,
    `${indent}Time_Format %Y-%m-%dT%H:%M:%S.%L%z`,
    `${indent}Time_Keep   On`,
  ].join(newline) + newline;
}

/** True when the version is known and older than 1.8. */
export function isLegacyVersion(v: VersionInfo): boolean {
  if (v.major === undefined) return false;
  return v.major < 1 || (v.major === 1 && (v.minor ?? 0) < 8);
}
