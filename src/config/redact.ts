// Credentials never leave the process: every URI or message that is printed, logged or written goes
// through here first.
import type { ReportingConfig } from './types.js';

const USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]*)@/gi;
const SECRET_PARAMS = /([?&](?:password|passwd|pwd|token|access_token|api_?key|secret)=)[^&\s#]*/gi;

/**
 * Redacts every credential-bearing URI inside a text (a URI alone, a log line, an error message):
 * `mongodb://user:secret@host/db?authSource=admin` → `mongodb://user:***@host/db?authSource=admin`.
 */
export function redactText(text: string): string {
  return text.replace(USERINFO, '$1$2:***@').replace(SECRET_PARAMS, '$1***');
}

export function redactConfig(config: ReportingConfig): ReportingConfig {
  return {
    ...config,
    source: redactText(config.source),
    notifyUrl: config.notifyUrl === null ? null : redactText(config.notifyUrl),
  };
}

/**
 * fetch refuses a URL that carries credentials, and they must not travel in one that may be logged:
 * `https://user:pass@host/…` becomes the bare URL and a Basic `authorization` header value.
 */
export function splitCredentials(url: URL): { url: URL; authorization: string | null } {
  if (!url.username && !url.password) return { url, authorization: null };
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  const userAndPassword = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return { url: bare, authorization: `Basic ${Buffer.from(userAndPassword).toString('base64')}` };
}
