/** Every forbidden address class, in the notations an attacker would try, and public addresses that must pass. */
import { expect, test } from 'vitest';
import { canonicalIp, forbiddenReason, parseIPv4 } from './address-classifier.ts';

test.each([
  ['10.0.0.5', 'a private address'],
  ['172.16.0.1', 'a private address'],
  ['172.31.255.255', 'a private address'],
  ['192.168.1.1', 'a private address'],
  ['127.0.0.1', 'a loopback address'],
  ['127.255.255.254', 'a loopback address'],
  ['169.254.169.254', 'a cloud metadata address'],
  ['169.254.1.1', 'a link-local address'],
  ['0.0.0.0', 'the unspecified address'],
  ['0.1.2.3', 'a "this network" address'],
  ['100.64.0.1', 'a shared (CGNAT) address'],
  ['100.100.100.200', 'a shared (CGNAT) address'],
  ['224.0.0.1', 'a multicast address'],
  ['239.255.255.250', 'a multicast address'],
  ['255.255.255.255', 'the broadcast address'],
  ['240.0.0.1', 'a reserved address'],
  ['192.0.0.192', 'a reserved (IETF protocol) address'],
  ['192.0.2.1', 'a documentation address'],
  ['198.18.0.1', 'a benchmarking address'],
])('IPv4 %s is %s', (address, reason) => {
  expect(forbiddenReason(address)).toBe(reason);
});

test.each([
  ['2130706433', 'a loopback address'],
  ['0177.0.0.1', 'a loopback address'],
  ['0x7f.1', 'a loopback address'],
  ['0x7f000001', 'a loopback address'],
  ['127.1', 'a loopback address'],
  ['0', 'the unspecified address'],
  ['012.0.0.5', 'a private address'],
  ['0xa9.0xfe.0xa9.0xfe', 'a cloud metadata address'],
  ['2852039166', 'a cloud metadata address'],
])('odd IPv4 notation %s is %s', (address, reason) => {
  expect(forbiddenReason(address)).toBe(reason);
});

test.each([
  ['::1', 'a loopback address'],
  ['[::1]', 'a loopback address'],
  ['0:0:0:0:0:0:0:1', 'a loopback address'],
  ['::', 'the unspecified address'],
  ['fc00::1', 'a private (unique local) address'],
  ['fd00:ec2::254', 'a private (unique local) address'],
  ['fe80::1%eth0', 'a link-local address'],
  ['febf::1', 'a link-local address'],
  ['ff02::1', 'a multicast address'],
  ['::ffff:127.0.0.1', 'an IPv4-mapped form of 127.0.0.1, a loopback address'],
  ['::ffff:7f00:1', 'an IPv4-mapped form of 127.0.0.1, a loopback address'],
  ['::ffff:10.0.0.1', 'an IPv4-mapped form of 10.0.0.1, a private address'],
  ['::ffff:a9fe:a9fe', 'an IPv4-mapped form of 169.254.169.254, a cloud metadata address'],
  ['::127.0.0.1', 'an IPv4-compatible form of 127.0.0.1, a loopback address'],
  ['64:ff9b::a00:1', 'a NAT64 form of 10.0.0.1, a private address'],
  ['2002:7f00:1::', 'a 6to4 form of 127.0.0.1, a loopback address'],
  ['2001:db8::1', 'a documentation address'],
  ['2001::1', 'a Teredo tunnel address'],
  ['100::1', 'a discard-only address'],
  ['4000::1', 'a reserved address'],
])('IPv6 %s is %s', (address, reason) => {
  expect(forbiddenReason(address)).toBe(reason);
});

test.each([
  '93.184.215.14',
  '8.8.8.8',
  '1.1.1.1',
  '172.32.0.1',
  '100.128.0.1',
  '169.255.0.1',
  '2606:4700::6810:84e5',
  '2a00:1450:4001:80b::200e',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
])('public %s passes', (address) => {
  expect(forbiddenReason(address)).toBeNull();
});

test('text that is not an IP address is refused, and parsing rejects out-of-range parts', () => {
  expect(forbiddenReason('shop.example')).toBe('not an IP address');
  expect(parseIPv4('256.0.0.1')).toBeNull();
  expect(parseIPv4('1.2.3.4.5')).toBeNull();
  expect(parseIPv4('1.2.65536')).toBeNull();
  expect(parseIPv4('08.0.0.1')).toBeNull();
  expect(canonicalIp('0x7f.1')).toBe('127.0.0.1');
  expect(canonicalIp('shop.example')).toBeNull();
});
