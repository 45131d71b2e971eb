import type { MessageData } from '../rules/types.js';

/**
 * Fills a message template: every `{{name}}` becomes `data[name]`. The one
 * place rule messages turn into words. A name without a value stays as
 * written (the rule runner makes sure none is missing).
 */
export function formatMessage(template: string, data: MessageData): string {
  return template.replace(/\{\{(\w+)\}\}/g, (placeholder, name: string) => {
    const value = data[name];
    return value === undefined ? placeholder : String(value);
  });
}
