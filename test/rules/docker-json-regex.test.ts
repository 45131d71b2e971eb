import { describe, expect, it } from 'vitest';
import { dockerJsonStart } from '../../src/rules/container-json-parser.js';

/*
 * container-json-parser's test for a regex parser written against Docker's JSON line
 * (`{"log":"...","stream":"...","time":"..."}`): a CRI line starts with its timestamp,
 * so such a regex matches none. Golden cases: fixtures/rules/container-json-parser/docker-json-regex-parser*.
 */
describe('dockerJsonStart', () => {
  it.each([
    ['^\\{"log":"(?<log>.*)', '^\\{"log"'],
    ['^{"log":"(?<log>[^"]*)"', '^{"log"'],
    ['^\\{\\s*"log"\\s*:', '^\\{\\s*"log"'],
    ['^ *\\{ *"stream":', '^ *\\{ *"stream"'],
    ['^\\{\\"log\\":\\"(?<m>.*)', '^\\{\\"log\\"'],
    ['^\\{"time":"(?<time>[^"]+)"', '^\\{"time"'],
    // aws-samples container-insights' first-line parsers: lookbehinds on both keys, no anchor.
    ['(?<log>(?<="log":")\\S(?!\\.).*?)(?<!\\\\)".*(?<stream>(?<="stream":").*?)"', '"log":'],
  ])('%s is written against Docker JSON', (regex, start) => {
    expect(dockerJsonStart(regex)).toBe(start);
  });

  it.each([
    '^(?<time>\\d{4}-\\d{2}-\\d{2} [^ ]+) (?<message>.*)',
    '^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[^ ]*) (?<log>.*)$',
    // JSON of the application (a key named log, but no stream): may match the content.
    '^\\{"level":"(?<level>[^"]*)"',
    '"log":"(?<log>[^"]*)"',
    '\\{"log":',
  ])('%s is not', (regex) => {
    expect(dockerJsonStart(regex)).toBeUndefined();
  });
});
