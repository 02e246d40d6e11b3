// Redaction by structure: each credential-bearing part of a connection string or URL is masked,
// whatever characters the secret holds; the parts an operator needs (scheme, user, host, database,
// harmless options) stay readable.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  redactConfig,
  redactWebhookUri,
  redactText,
  redactUri,
} from '../../src/config/index.js';

describe('redactUri', () => {
  it.each([
    [
      'a password with an unescaped slash',
      'mongodb://reporter:pa/ss@db.example.org/results',
      'mongodb://reporter:***@db.example.org/results',
    ],
    [
      'a password with an unescaped at sign',
      'mongodb://reporter:p@ss@db.example.org/results?authSource=admin',
      'mongodb://reporter:***@db.example.org/results?authSource=admin',
    ],
    [
      'a password with a space',
      'mongodb+srv://reporter:pass word@cluster.example.org/results',
      'mongodb+srv://reporter:***@cluster.example.org/results',
    ],
    [
      'a password with a question mark and no query after it',
      'mongodb://reporter:p?ss@db.example.org/',
      'mongodb://reporter:***@db.example.org/',
    ],
    [
      'a password with every one of them, and a replica set',
      'mongodb://reporter:a/b@c d?e@h1:27017,h2:27018/results?replicaSet=rs0',
      'mongodb://reporter:***@h1:27017,h2:27018/results?replicaSet=rs0',
    ],
    [
      'a token given as the user name',
      'https://ghp_abcdef@api.example.org/api/v1',
      'https://***@api.example.org/api/v1',
    ],
    [
      'tlsCertificateKeyFilePassword and proxyPassword',
      'mongodb://h/results?tls=true&tlsCertificateKeyFilePassword=k3y&proxyHost=p&proxyPassword=pr0xy',
      'mongodb://h/results?tls=true&tlsCertificateKeyFilePassword=***&proxyHost=p&proxyPassword=***',
    ],
    [
      'the AWS session token in authMechanismProperties',
      'mongodb://h/?authMechanism=MONGODB-AWS&authMechanismProperties=SERVICE_NAME:mongodb,AWS_SESSION_TOKEN:t0k',
      'mongodb://h/?authMechanism=MONGODB-AWS&authMechanismProperties=SERVICE_NAME:mongodb,AWS_SESSION_TOKEN:***',
    ],
    [
      'an escaped authMechanismProperties',
      'mongodb://h/?authMechanismProperties=AWS_SESSION_TOKEN%3At0k%2Cx',
      'mongodb://h/?authMechanismProperties=AWS_SESSION_TOKEN:***,***',
    ],
    [
      'results API query tokens',
      'https://api.example.org/api/v1?auth_token=a1&private_token=b2&api-key=c3&key=d4&project=functest',
      'https://api.example.org/api/v1?auth_token=***&private_token=***&api-key=***&key=***&project=functest',
    ],
    [
      'access_token, apiKey, client_secret, sig',
      'https://h/x?access_token=1&apiKey=2&client_secret=3&sig=4&page=2',
      'https://h/x?access_token=***&apiKey=***&client_secret=***&sig=***&page=2',
    ],
    ['an escaped option name', 'https://h/x?pass%77ord=1', 'https://h/x?pass%77ord=***'],
    ['a malformed escape in an option name', 'https://h/x?%zz=1', 'https://h/x?%zz=***'],
    [
      'a token in the fragment',
      'https://h/cb#access_token=1&state=2',
      'https://h/cb#access_token=***&state=2',
    ],
    [
      'options separated by semicolons',
      'mongodb://h/db?password=1;authSource=admin',
      'mongodb://h/db?password=***;authSource=admin',
    ],
  ])('%s', (_name, uri, redacted) => {
    expect(redactUri(uri)).toBe(redacted);
  });

  it.each([
    ['file:examples/results.sample.ndjson'],
    ['mongodb://db.example.org:27017/results?authSource=admin&replicaSet=rs0'],
    ['https://api.example.org/api/v1?project=functest&mail=ops@example.org'],
  ])('leaves %s as it is', (uri) => {
    expect(redactUri(uri)).toBe(uri);
  });
});

describe('redactText', () => {
  it.each([
    [
      'a URI inside an error message',
      'cannot reach mongodb+srv://reporter:p%40ss@db.example.org/results?authSource=admin within 5 s',
      'cannot reach mongodb+srv://reporter:***@db.example.org/results?authSource=admin within 5 s',
    ],
    [
      'a password with a space, in prose',
      'cannot reach mongodb://reporter:pass word@h/db: refused',
      'cannot reach mongodb://reporter:***@h/db: refused',
    ],
    [
      'a URI inside a JSON log line, up to its closing quote',
      '{"source":"https://h/api/v1?auth_token=a1","installer":"fuel@x86_64"}',
      '{"source":"https://h/api/v1?auth_token=***","installer":"fuel@x86_64"}',
    ],
    [
      'a URI already redacted, followed by an at sign in prose',
      'reading mongodb://reporter:***@h/db failed for fuel@x86_64',
      'reading mongodb://reporter:***@h/db failed for fuel@x86_64',
    ],
    [
      'two URIs on one line',
      'from https://h/a?token=1 to https://u:p@k/b',
      'from https://h/a?token=*** to https://u:***@k/b',
    ],
  ])('%s', (_name, text, redacted) => {
    expect(redactText(text)).toBe(redacted);
  });

  it('masks more, never less, when an at sign follows a password in prose', () => {
    const redacted = redactText('mongodb://reporter:pass word@h/db failed for fuel@x86_64');
    expect(redacted).not.toMatch(/pass|word/);
  });
});

describe('redactConfig', () => {
  it('redacts the source and the webhook, keeping everything else', () => {
    const config = {
      ...DEFAULT_CONFIG,
      source: 'mongodb://reporter:p@ss@h/db?proxyPassword=x',
      notifyUrl: 'https://hooks.example.org/services/T01/B02/Wh7s?token=t',
    };
    expect(redactConfig(config)).toEqual({
      ...config,
      source: 'mongodb://reporter:***@h/db?proxyPassword=***',
      notifyUrl: 'https://hooks.example.org/***?token=***',
    });
  });
});

describe('redactWebhookUri', () => {
  it.each([
    ['https://hooks.slack.com/services/T01/B02/Wh7s', 'https://hooks.slack.com/***'],
    [
      'https://ops:Pw9@chat.example.org:8443/hooks/Wh7s?key=k',
      'https://ops:***@chat.example.org:8443/***?key=***',
    ],
    ['https://hooks.example.org/', 'https://hooks.example.org/'],
    ['https://hooks.example.org', 'https://hooks.example.org'],
  ])('%s → %s', (url, shown) => {
    expect(redactWebhookUri(url)).toBe(shown);
  });
});
