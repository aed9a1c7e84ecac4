import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { isIPv4 } from 'node:net';

/** One TCP socket this process holds: its descriptor and the kernel's inode for it. */
export interface OwnSocket {
  fd: number;
  inode: string;
}

/** Where an engine listens, in the form `/proc/net/tcp{,6}` writes remote addresses. */
export interface ProcEndpoint {
  /** `ADDR:PORT` as it appears in `/proc/net/tcp` (IPv4) or `/proc/net/tcp6`. */
  readonly remotes: ReadonlySet<string>;
}

const ESTABLISHED = '01';
/** EPOLLET: tokio (mio) registers its sockets edge-triggered; libuv (Node's own) does not. */
const EPOLLET = 0x8000_0000;

const hex2 = (n: number) => n.toString(16).padStart(2, '0').toUpperCase();
const hexPort = (port: number) => port.toString(16).padStart(4, '0').toUpperCase();

/** 16 bytes of an IPv6 address (`::` expanded, an embedded dotted IPv4 tail allowed). */
function ipv6Bytes(address: string): number[] {
  let text = address;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const groups = [
    ...left,
    ...Array(8 - left.length - right.length).fill('0'),
    ...(rest === undefined ? [] : right),
  ];
  return groups.flatMap((g) => {
    const v = Number.parseInt(g, 16);
    return [v >> 8, v & 0xff];
  });
}

/** The kernel prints each 32-bit word of an address in host (little-endian) byte order. */
function procHex(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4)
    out += bytes
      .slice(i, i + 4)
      .reverse()
      .map(hex2)
      .join('');
  return out;
}

/** The `/proc/net/tcp{,6}` spellings of `address:port`, an IPv4 one also as IPv4-mapped IPv6. */
export function procEndpoint(addresses: readonly string[], port: number): ProcEndpoint {
  const remotes = new Set<string>();
  for (const address of addresses) {
    if (isIPv4(address)) {
      const bytes = address.split('.').map(Number);
      remotes.add(`${procHex(bytes)}:${hexPort(port)}`);
      remotes.add(`${procHex([...Array(10).fill(0), 0xff, 0xff, ...bytes])}:${hexPort(port)}`);
    } else {
      remotes.add(`${procHex(ipv6Bytes(address))}:${hexPort(port)}`);
    }
  }
  return { remotes };
}

// Synchronous on purpose: /proc answers from memory, and a promise per descriptor cost ~25 ms of
// CPU per scan with a few dozen sockets open (measured), where these calls take well under 1 ms.
function readlinkOr(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}
function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** This process's descriptors that are sockets, by inode, and its epoll instances. */
function descriptors(): { sockets: Map<string, number>; epolls: number[] } {
  const sockets = new Map<string, number>();
  const epolls: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    const link = readlinkOr(`/proc/self/fd/${name}`);
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode) sockets.set(inode, Number(name));
    else if (link === 'anon_inode:[eventpoll]') epolls.push(Number(name));
  }
  return { sockets, epolls };
}

/** Inodes of sockets registered edge-triggered in one of the given epoll instances. */
function edgeTriggered(epolls: number[]): Set<string> {
  const inodes = new Set<string>();
  for (const fd of epolls) {
    const info = readOr(`/proc/self/fdinfo/${fd}`);
    for (const m of info.matchAll(/^tfd:\s*\d+\s+events:\s*([0-9a-f]+).*?\bino:([0-9a-f]+)/gim)) {
      if (Number.parseInt(m[1]!, 16) & EPOLLET) inodes.add(String(Number.parseInt(m[2]!, 16)));
    }
  }
  return inodes;
}

/**
 * The ESTABLISHED TCP sockets of this process whose remote end is `endpoint` and that native
 * (tokio) code owns: registered edge-triggered in an epoll instance, which libuv never does.
 * Sockets in `skip` are not looked at again, and every native socket looked at is added to it,
 * so the system-wide `/proc/net/tcp` tables (thousands of rows on a busy host) are read only
 * when a new native socket exists. Reads `/proc` only; touches no socket. Linux only.
 */
export function newNativeSocketsTo(endpoint: ProcEndpoint, skip: Set<string>): OwnSocket[] {
  const { sockets, epolls } = descriptors();
  for (const inode of skip) if (!sockets.has(inode)) skip.delete(inode); // closed since
  const fresh = [...edgeTriggered(epolls)].filter(
    (inode) => sockets.has(inode) && !skip.has(inode),
  );
  if (fresh.length === 0) return [];
  const wanted = new Set(fresh);
  const found: OwnSocket[] = [];
  const connecting = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readOr(table).split('\n')) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
      const cols = row.trim().split(/\s+/);
      const inode = cols[9];
      if (!inode || !wanted.has(inode) || !endpoint.remotes.has(cols[2]!)) continue;
      if (cols[3] === ESTABLISHED) found.push({ fd: sockets.get(inode)!, inode });
      else connecting.add(inode);
    }
  }
  // A socket to the engine that is not established yet is looked at again; others are settled.
  for (const inode of fresh) if (!connecting.has(inode)) skip.add(inode);
  return found;
}

/** Whether descriptor `fd` still is the socket `inode` (one readlink). */
export function stillOpen(socket: OwnSocket): boolean {
  return readlinkOr(`/proc/self/fd/${socket.fd}`) === `socket:[${socket.inode}]`;
}
