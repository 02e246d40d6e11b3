import { describe, expect, it } from 'vitest';
import { buildUrlFor, buildUrls, memoised } from '../../src/core/index.js';

const PATTERN = 'https://build.opnfv.org/ci/job/{job}/{build}/';

describe('buildUrlFor', () => {
  const cases: [string, string, string, string | null][] = [
    [
      'jenkins job and build number',
      'jenkins-functest-fuel-baremetal-daily-master-324',
      PATTERN,
      'https://build.opnfv.org/ci/job/functest-fuel-baremetal-daily-master/324/',
    ],
    ['http pattern allowed', 'jenkins-a-1', 'http://ci.example/{job}#{build}', 'http://ci.example/a#1'],
    [
      'job is URL-encoded',
      'jenkins-a/../b?x=1-7',
      PATTERN,
      'https://build.opnfv.org/ci/job/a%2F..%2Fb%3Fx%3D1/7/',
    ],
    ['not a jenkins tag', 'functest-fuel-324', PATTERN, null],
    ['build is not a number', 'jenkins-functest-fuel-latest', PATTERN, null],
    ['no job', 'jenkins--324', PATTERN, null],
    ['no build', 'jenkins-functest-', PATTERN, null],
    ['empty tag', '', PATTERN, null],
    ['javascript pattern refused', 'jenkins-a-1', 'javascript:alert("{job}")', null],
    ['relative pattern refused', 'jenkins-a-1', '/ci/{job}/{build}', null],
    ['empty pattern refused', 'jenkins-a-1', '', null],
  ];
  it.each(cases)('%s', (_name, buildTag, pattern, expected) => {
    expect(buildUrlFor(buildTag, pattern)).toBe(expected);
  });

  it.each(cases)('remembered per tag by buildUrls, the same: %s', (_name, buildTag, pattern, expected) => {
    const urlOf = buildUrls(pattern);
    expect(urlOf(buildTag)).toBe(expected);
    expect(urlOf(buildTag)).toBe(expected);
  });
});

describe('memoised', () => {
  it('computes a key once, a null answer included', () => {
    const asked: string[] = [];
    const linkOf = memoised((tag: string) => {
      asked.push(tag);
      return tag.startsWith('jenkins-') ? `link of ${tag}` : null;
    });
    expect([linkOf('jenkins-a-1'), linkOf('other'), linkOf('jenkins-a-1'), linkOf('other')]).toEqual([
      'link of jenkins-a-1',
      null,
      'link of jenkins-a-1',
      null,
    ]);
    expect(asked).toEqual(['jenkins-a-1', 'other']);
  });
});
