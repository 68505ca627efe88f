import { jwksAddressRefusal, type JwksUriAddressPolicy } from './jwks-uri-address';

// Issue 7 (review): jwks_uri fetches never reach private, link-local or the sandbox's own addresses unless allowed.
describe('jwks_uri addresses (RFC 9700 §4.16, SSRF)', () => {
  const laptop: JwksUriAddressPolicy = { allowPrivate: false, allowLoopback: true, internalPorts: [8443, 54329] };
  const exposed: JwksUriAddressPolicy = { ...laptop, allowLoopback: false };
  const permissive: JwksUriAddressPolicy = { ...laptop, allowPrivate: true };

  it.each<[string, number, JwksUriAddressPolicy, string | null]>([
    ['93.184.215.14', 443, exposed, null],
    ['2606:2800:21f:cb07:6820:80da:af6b:8b2c', 443, exposed, null],
    ['127.0.0.1', 9999, laptop, null],
    ['::1', 9999, laptop, null],
    ['127.0.0.1', 9999, exposed, '127.0.0.1 is a loopback address'],
    ['127.0.0.1', 8443, laptop, "port 8443 on 127.0.0.1 is one of the sandbox's own services"],
    ['127.0.0.1', 54329, laptop, "port 54329 on 127.0.0.1 is one of the sandbox's own services"],
    ['127.0.0.1', 8443, permissive, null],
    ['169.254.169.254', 80, laptop, '169.254.169.254 is a private or link-local address'],
    ['10.1.2.3', 443, laptop, '10.1.2.3 is a private or link-local address'],
    ['172.16.0.1', 443, laptop, '172.16.0.1 is a private or link-local address'],
    ['192.168.1.1', 443, laptop, '192.168.1.1 is a private or link-local address'],
    ['100.64.0.1', 443, laptop, '100.64.0.1 is a private or link-local address'],
    ['fd00::1', 443, laptop, 'fd00::1 is a private or link-local address'],
    ['fe80::1', 443, laptop, 'fe80::1 is a private or link-local address'],
    ['::ffff:10.0.0.1', 443, laptop, '10.0.0.1 is a private or link-local address'],
    ['::ffff:127.0.0.1', 8443, laptop, "port 8443 on 127.0.0.1 is one of the sandbox's own services"],
    ['10.1.2.3', 443, permissive, null],
    ['0.0.0.0', 443, permissive, '0.0.0.0 is not a unicast address'],
    ['224.0.0.1', 443, permissive, '224.0.0.1 is not a unicast address'],
    ['255.255.255.255', 443, permissive, '255.255.255.255 is not a unicast address'],
    ['not-an-ip', 443, permissive, 'not-an-ip is not an IP address'],
  ])('%s:%d → %s', (address, port, policy, refusal) => {
    expect(jwksAddressRefusal(address, port, policy)).toBe(refusal);
  });
});
