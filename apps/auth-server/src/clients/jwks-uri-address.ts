// RFC 7591 §2 jwks_uri, RFC 9700 §4.16 / OWASP SSRF: the addresses a server may fetch a client's keys from.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

export interface JwksUriAddressPolicy {
  /** Private, link-local, shared (CGNAT) and unique-local networks, and the sandbox's own ports on loopback. */
  allowPrivate: boolean;
  /** Loopback addresses: allowed while the sandbox itself binds to loopback (a TPP developer's laptop). */
  allowLoopback: boolean;
  /** The sandbox's own services on loopback (its listeners, its database): never a TPP's key set. */
  internalPorts: readonly number[];
}

const never = new BlockList();
never.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network"
never.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
never.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, broadcast
never.addAddress('::', 'ipv6');
never.addSubnet('ff00::', 8, 'ipv6'); // multicast

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const privateNetworks = new BlockList();
privateNetworks.addSubnet('10.0.0.0', 8, 'ipv4');
privateNetworks.addSubnet('172.16.0.0', 12, 'ipv4');
privateNetworks.addSubnet('192.168.0.0', 16, 'ipv4');
privateNetworks.addSubnet('100.64.0.0', 10, 'ipv4'); // shared address space (CGNAT)
privateNetworks.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, cloud metadata services
privateNetworks.addSubnet('192.0.0.0', 24, 'ipv4'); // IETF protocol assignments
privateNetworks.addSubnet('198.18.0.0', 15, 'ipv4'); // benchmarking
privateNetworks.addSubnet('fc00::', 7, 'ipv6'); // unique local
privateNetworks.addSubnet('fe80::', 10, 'ipv6'); // link-local

/** Why the server must not connect to `address`:`port` for a jwks_uri, or null when it may. */
export function jwksAddressRefusal(address: string, port: number, policy: JwksUriAddressPolicy): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped ? mapped[1]! : address;
  const family = isIPv4(ip) ? 'ipv4' : isIPv6(ip) ? 'ipv6' : undefined;
  if (!family) return `${address} is not an IP address`;
  if (never.check(ip, family)) return `${ip} is not a unicast address`;
  if (loopback.check(ip, family)) {
    if (!policy.allowLoopback) return `${ip} is a loopback address`;
    if (!policy.allowPrivate && policy.internalPorts.includes(port))
      return `port ${port} on ${ip} is one of the sandbox's own services`;
    return null;
  }
  if (privateNetworks.check(ip, family) && !policy.allowPrivate) return `${ip} is a private or link-local address`;
  return null;
}
