// Where each check's documentation lives: docs/checks/<id>.md in the repository named by package.json.
import pkg from '../../package.json' with { type: 'json' };

const repo = String((pkg as { repository?: { url?: string } }).repository?.url ?? '')
  .replace(/^git\+/, '')
  .replace(/\.git$/, '');

export const VERSION: string = (pkg as { version?: string }).version ?? '0.0.0';
export const REPOSITORY_URL = repo;

/** The documentation page of a check, for codeDescription.href and SARIF helpUri. */
export function docUrl(id: string): string {
  return `${repo}/blob/main/docs/checks/${id}.md`;
}
