/*
 * Package-internal, for tests only (test/to-yaml/memory-releases.test.ts).
 * What --to-yaml lets go early, or reads once, to bound its memory on a big
 * classic config (issue #14; NOTES.md, "`--to-yaml` of a big classic config:
 * RSS"): the classic view between the plan of a conversion and its proof (read
 * again for the proof), the docs before the YAML is read back, one classic
 * parse for the setup's reading and its docs, the to-yaml stage's classic
 * parses of the files its plan changes and of each unrun config once the plan
 * knows its role, and one shared origin per file for the plugin properties of
 * the views the proof compares and drops (`sharedPluginOrigins`; NOTES.md
 * "`--to-yaml` classic within the RSS goal"). None of them may change a result: the
 * test runs the corpus and the fixtures with them on and off and compares.
 */
export const memoryReleases = { enabled: true };
