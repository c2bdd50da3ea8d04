import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../../src/registry/auth-challenge.js';

// Headers from RFC 7235 (section 4.1 and its examples), the distribution token-auth spec and what
// registries send (Docker Hub, GHCR, distribution's htpasswd), with their challenges written out by hand.
describe('parseChallenges', () => {
  it.each([
    ['distribution token auth spec', 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"', [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:samalba/my-app:pull,push' } },
    ]],
    ['GHCR', 'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"', [
      { scheme: 'bearer', params: { realm: 'https://ghcr.io/token', service: 'ghcr.io', scope: 'repository:user/image:pull' } },
    ]],
    ['distribution htpasswd', 'Basic realm="basic-realm"', [{ scheme: 'basic', params: { realm: 'basic-realm' } }]],
    ['RFC 7235 two challenges, escaped quotes', 'Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""', [
      { scheme: 'basic', params: { realm: 'simple' } },
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
    ]],
    ['token68', 'Negotiate abc+/9==', [{ scheme: 'negotiate', params: {}, token68: 'abc+/9==' }]],
    ['token68 then another challenge', 'Negotiate abc==, Basic realm="r"', [
      { scheme: 'negotiate', params: {}, token68: 'abc==' },
      { scheme: 'basic', params: { realm: 'r' } },
    ]],
    ['case-insensitive scheme and names, spaces around =', 'BEARER Realm = "https://t/x" ,Service=reg', [{ scheme: 'bearer', params: { realm: 'https://t/x', service: 'reg' } }]],
    ['scheme without parameters, then another', 'Basic, Bearer realm="https://t"', [
      { scheme: 'basic', params: {} },
      { scheme: 'bearer', params: { realm: 'https://t' } },
    ]],
    ['an error parameter after a bearer challenge', 'Bearer realm="https://t",error="invalid_token"', [{ scheme: 'bearer', params: { realm: 'https://t', error: 'invalid_token' } }]],
    ['empty list elements', ' , ,Basic realm="r",, ', [{ scheme: 'basic', params: { realm: 'r' } }]],
    ['no header', '', []],
  ])('%s', (_name, header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });

  it('reads back any parameter values written as quoted strings', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/).filter((n) => n !== 'a');
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 5 }), (params) => {
        const quoted = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
        const header = `Bearer ${Object.entries(params).map(([key, value]) => `${key}=${quoted(value)}`).join(', ')}`;
        expect(parseChallenges(header)).toEqual([{ scheme: 'bearer', params }]);
      }),
    );
  });
});
