// Credentials never leave the process: every URI or message that is printed, logged or written goes
// through here first. A URI is taken apart (scheme, userinfo, host and path, query, fragment) and each
// credential-bearing part is redacted by what it is, not by what its characters look like: a password
// may hold an unescaped `/`, `@` or space, and a token may hide in any query option.
import type { ReportingConfig } from './types.js';

const MASK = '***';
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const SCHEME_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\//gi;
/** Query option names (lower case, letters and digits only) whose whole name is a secret's. */
const SECRET_OPTIONS = new Set(['key', 'sig', 'jwt', 'auth', 'credential', 'credentials', 'code']);
/** …and endings that make one: tlsCertificateKeyFilePassword, proxyPassword, private_token, api-key. */
const SECRET_ENDINGS = [
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'signature',
];
/** authMechanismProperties keys that name a service, not a secret; every other property is masked. */
const PLAIN_MECHANISM_PROPERTIES = new Set([
  'SERVICE_NAME',
  'SERVICE_REALM',
  'SERVICE_HOST',
  'CANONICALIZE_HOST_NAME',
  'ENVIRONMENT',
  'TOKEN_RESOURCE',
  'ALLOWED_HOSTS',
]);

/**
 * One URI with its credentials masked: `mongodb://user:p@ss/w rd@host/db?proxyPassword=x&authSource=admin`
 * → `mongodb://user:***@host/db?proxyPassword=***&authSource=admin`. Text without a scheme (`file:PATH`)
 * is returned as it is.
 */
export function redactUri(uri: string): string {
  const scheme = SCHEME.exec(uri)?.[0];
  if (scheme === undefined) return uri;
  const rest = uri.slice(scheme.length);
  const at = userinfoEnd(rest);
  const userinfo = at < 0 ? '' : `${maskUserinfo(rest.slice(0, at))}@`;
  return `${scheme}${userinfo}${redactAfterUserinfo(rest.slice(at + 1))}`;
}

/**
 * Every URI inside a text (a log line, an error message) redacted as `redactUri` does. In free text a
 * URI's end is a guess; the guess errs towards masking more: the userinfo runs to the last `@` before the
 * end of the line or a closing quote, so a password with a space is masked whole.
 */
export function redactText(text: string): string {
  let redacted = '';
  let copied = 0;
  for (const match of text.matchAll(SCHEME_IN_TEXT)) {
    const start = match.index;
    if (start < copied) continue;
    const afterScheme = start + match[0].length;
    const spanEnd = textSpanEnd(text, afterScheme);
    const span = text.slice(afterScheme, spanEnd);
    const at = /^[^\s@/]*\*\*\*@/.test(span) ? span.indexOf('@') : span.lastIndexOf('@');
    const hostStart = at < 0 ? 0 : at + 1;
    const hostEnd = hostStart + (/^[^\s"]*/.exec(span.slice(hostStart))?.[0].length ?? 0);
    redacted +=
      text.slice(copied, afterScheme) +
      (at < 0 ? '' : `${maskUserinfo(span.slice(0, at))}@`) +
      redactAfterUserinfo(span.slice(hostStart, hostEnd));
    copied = afterScheme + hostEnd;
  }
  return redacted + text.slice(copied);
}

/**
 * A webhook URL as it may be shown: scheme and host only, the path masked whole. Chat webhooks (Slack,
 * Teams, Discord, Mattermost) carry their secret in the path (`/services/T…/B…/<secret>`), so no part
 * of the path is safe to show; the query is redacted as in `redactUri`.
 */
export function redactWebhookUri(uri: string): string {
  return redactUri(uri).replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)\/[^?#]+/i, `$1/${MASK}`);
}

export function redactConfig(config: ReportingConfig): ReportingConfig {
  return {
    ...config,
    source: redactUri(config.source),
    notifyUrl: config.notifyUrl === null ? null : redactWebhookUri(config.notifyUrl),
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

/**
 * Where the userinfo ends (its `@`), or -1. Host names never hold `@`, passwords may hold `@`, `/`,
 * `?` or spaces: the separator is the last `@` that is followed by a host and preceded by something
 * shaped like a userinfo (`user:` before any `/` or `?`, or a bare token), so that an `@` in a plain
 * query value (`?mail=ops@example.org`) is not taken for one.
 */
function userinfoEnd(rest: string): number {
  for (let at = rest.lastIndexOf('@'); at >= 0; at = at === 0 ? -1 : rest.lastIndexOf('@', at - 1)) {
    if (!/^[^\s/?#@]+(?:[/?#]|$)/.test(rest.slice(at + 1))) continue;
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    const firstDelimiter = userinfo.search(/[/?]/);
    if (firstDelimiter < 0 || (colon >= 0 && colon < firstDelimiter)) return at;
  }
  return -1;
}

/** The user name stays (it tells the operator which account); everything after its `:` is masked. */
function maskUserinfo(userinfo: string): string {
  const colon = userinfo.indexOf(':');
  return colon < 0 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`;
}

/** Host and path as they are; the query's and the fragment's secret options masked. */
function redactAfterUserinfo(text: string): string {
  const hash = text.indexOf('#');
  const beforeFragment = hash < 0 ? text : text.slice(0, hash);
  const fragment = hash < 0 ? '' : `#${redactOptions(text.slice(hash + 1))}`;
  const question = beforeFragment.indexOf('?');
  if (question < 0) return beforeFragment + fragment;
  return `${beforeFragment.slice(0, question)}?${redactOptions(beforeFragment.slice(question + 1))}${fragment}`;
}

/** `a=1&token=x;b=2` → `a=1&token=***;b=2`, separators kept as written. */
function redactOptions(options: string): string {
  return options
    .split(/([&;])/)
    .map((part, index) => (index % 2 === 1 ? part : redactOption(part)))
    .join('');
}

function redactOption(option: string): string {
  const equals = option.indexOf('=');
  if (equals < 0) return option;
  const rawName = option.slice(0, equals);
  const name = decoded(rawName);
  if (name === null || isSecretOption(name)) return `${rawName}=${MASK}`;
  if (name.toLowerCase() === 'authmechanismproperties') {
    return `${rawName}=${redactMechanismProperties(option.slice(equals + 1))}`;
  }
  return option;
}

function isSecretOption(name: string): boolean {
  const bare = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_OPTIONS.has(bare) || SECRET_ENDINGS.some((ending) => bare.endsWith(ending));
}

/** `SERVICE_NAME:mongodb,AWS_SESSION_TOKEN:abc` → `SERVICE_NAME:mongodb,AWS_SESSION_TOKEN:***`. */
function redactMechanismProperties(raw: string): string {
  const value = decoded(raw);
  if (value === null) return MASK;
  return value
    .split(',')
    .map((property) => {
      const colon = property.indexOf(':');
      const key = colon < 0 ? property : property.slice(0, colon);
      if (colon < 0) return MASK;
      return PLAIN_MECHANISM_PROPERTIES.has(key.toUpperCase()) ? property : `${key}:${MASK}`;
    })
    .join(',');
}

/** Percent-decoded (`+` as a space, as in a query); null when the escapes are malformed. */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** A URI in text runs at most to the end of its line, a double quote that closes it, or the next URI. */
function textSpanEnd(text: string, from: number): number {
  const rest = text.slice(from);
  const ends = [/[\r\n]/, /(?<!\\)"/, /[a-z][a-z0-9+.-]*:\/\//i].map((end) => rest.search(end));
  return from + Math.min(rest.length, ...ends.filter((index) => index >= 0));
}
