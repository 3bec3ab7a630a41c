// Plain-words descriptions of what a value may be, for messages and hover:
// enumerated values as a list, datatypes by the grammar define that wraps
// them (uniMacAddr → "a unicast MAC address") or else by their XSD type.

import type { ValueChoices } from './expect';

/** Our wording for the value shapes libvirt's grammar names most (define name → phrase). */
const defineWords: Record<string, string> = {
  unsignedInt: 'a whole number (decimal, or hex with 0x)',
  unsignedLong: 'a whole number (decimal, or hex with 0x)',
  hexuint: 'a hexadecimal number with 0x',
  positiveInteger: 'a whole number above 0',
  octalMode: 'an octal file mode such as 0755',
  uint8: 'a number from 0 to 255 (decimal, or hex with 0x)',
  uint16: 'a number from 0 to 65535 (decimal, or hex with 0x)',
  uint24: 'a number from 0 to 16777215 (decimal, or hex with 0x)',
  uint32: 'a number from 0 to 4294967295 (decimal, or hex with 0x)',
  UUID: 'a UUID such as 4dea22b3-1d52-d8f3-2516-782e98ab3fa0',
  uniMacAddr: 'a unicast MAC address such as 52:54:00:12:34:56',
  multiMacAddr: 'a multicast MAC address',
  macAddr: 'a MAC address such as 52:54:00:12:34:56',
  ipv4Addr: 'an IPv4 address such as 192.168.122.1',
  ipv6Addr: 'an IPv6 address',
  ipAddr: 'an IPv4 or IPv6 address',
  ipv4Prefix: 'an IPv4 prefix length (0–32)',
  ipv6Prefix: 'an IPv6 prefix length (0–128)',
  objectName: 'a name without slashes',
  objectNameWithSlash: 'a name',
  genericName: 'a name',
  dnsName: 'a DNS name',
  deviceName: 'a device name',
  zoneName: 'a firewall zone name',
  filePath: 'a file path',
  dirPath: 'a directory path',
  absFilePath: 'an absolute file path (starting with /)',
  absDirPath: 'an absolute directory path (starting with /)',
  vmwarePath: 'a VMware datastore path',
  unit: 'a size unit such as KiB, MiB, GiB, b, k, M, G',
  pciSlot: 'a PCI slot number, 0x00–0x1f',
  pciFunc: 'a PCI function number, 0x0–0x7',
  pciDomain: 'a PCI domain number, 0x0000–0xffff',
  pciBus: 'a PCI bus number, 0x00–0xff',
  wwn: 'a 16-hex-digit World Wide Name',
  cpuset: 'a CPU list such as 0-3,^2,8',
  volName: 'a volume name (not . or .., no slash)',
  PortNumber: 'a port number (-1 to 65535)',
  timeDelta: 'a number of seconds',
  memoryKB: 'a memory size',
  scaledInteger: 'a whole number',
  virYesNo: 'yes or no',
  virOnOff: 'on or off',
};

const typeWords: Record<string, string> = {
  string: 'text',
  token: 'text',
  int: 'a whole number',
  integer: 'a whole number',
  long: 'a whole number',
  short: 'a whole number from -32768 to 32767',
  unsignedInt: 'a whole number from 0 to 4294967295',
  unsignedLong: 'a whole number from 0 to 18446744073709551615',
  unsignedShort: 'a whole number from 0 to 65535',
  positiveInteger: 'a whole number above 0',
  dateTime: 'a date and time such as 2024-01-31T12:00:00',
  NCName: 'a name without colons',
  anyURI: 'a URI',
  double: 'a number',
};

/** "one of block, dir, file" / "a unicast MAC address …" / "one of yes, no, or a whole number". */
export function describeChoices(c: ValueChoices): string {
  const parts: string[] = [];
  if (c.values.length === 1) parts.push(`'${c.values[0]}'`);
  else if (c.values.length > 1) {
    const shown = c.values.length > 40 ? [...c.values.slice(0, 40), `… (${c.values.length} in all)`] : c.values;
    parts.push(`one of ${shown.join(', ')}`);
  }
  const words = new Set<string>();
  for (const d of c.data) words.add(defineWords[d.define] ?? typeWords[d.type] ?? d.type);
  if (c.text) words.add('text');
  parts.push(...words);
  if (parts.length === 0) return 'nothing here';
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}
