/**
 * Who may reach the HTTP server. DNS-rebinding protection: the Host must name this server, and a
 * browser Origin must be allowed. A bind beyond loopback is the operator's explicit choice: it needs
 * ALLOWED_HOSTS (the names clients use), and the Host check stays on.
 */
import {
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  validateHostHeader,
  validateOriginHeader,
} from '@modelcontextprotocol/server';

export interface GuardPolicy {
  /** Hostnames (no port; IPv6 in brackets) the Host header may carry. */
  hosts: string[];
  /** Origin hostnames a browser may call from. */
  origins: string[];
}

const ANY_INTERFACE = new Set(['0.0.0.0', '::', '[::]']);

function hostnameOf(entry: string): string {
  try {
    return new URL(entry.includes('://') ? entry : `http://${entry}`).hostname;
  } catch {
    return entry;
  }
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** 127.0.0.0/8, ::1 and localhost: reachable from this machine only. */
export function isLoopback(bindHost: string): boolean {
  const host = bindHost.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why the server must not start on `bindHost`, or null when it may. */
export function exposureRefusal(bindHost: string, allowedHosts: string[] = []): string | null {
  if (isLoopback(bindHost) || allowedHosts.length > 0) return null;
  return (
    `HTTP_HOST/--host ${bindHost} is reachable beyond this machine: set ALLOWED_HOSTS to the host names or addresses ` +
    'clients will use to reach it (comma separated, e.g. ALLOWED_HOSTS=trading.lan,192.168.1.20), or bind to 127.0.0.1'
  );
}

/** The stderr warning for a bind beyond loopback, or null for loopback. */
export function exposureWarning(bindHost: string, port: number, allowedHosts: string[]): string | null {
  if (isLoopback(bindHost)) return null;
  return (
    `binance-mcp: WARNING: HTTP listens on ${bindHost}:${port}, beyond this machine: anyone who can reach it and holds the token can trade within your limits. ` +
    `Accepted Host names: ${[...localhostAllowedHostnames(), ...allowedHosts].join(', ')}. Prefer a TLS proxy in front of it.`
  );
}

export function guardPolicy(bindHost: string, allowedOrigins: string[] = [], allowedHosts: string[] = []): GuardPolicy {
  const refusal = exposureRefusal(bindHost, allowedHosts);
  if (refusal) throw new Error(refusal);
  const extra = allowedOrigins.map(hostnameOf);
  const bound = ANY_INTERFACE.has(bindHost) ? [] : [bracketed(bindHost)];
  const hosts = [...new Set([...localhostAllowedHostnames(), ...bound, ...allowedHosts.map(bracketed)])];
  return { hosts, origins: [...new Set([...localhostAllowedOrigins(), ...hosts, ...extra])] };
}

/** null when the request may proceed, else the reason for a 403. */
export function refusal(policy: GuardPolicy, host: string | undefined, origin: string | undefined): string | null {
  const checked = validateHostHeader(host, policy.hosts);
  if (!checked.ok) return `Host header refused: ${checked.message}`;
  const fromBrowser = validateOriginHeader(origin, policy.origins);
  if (!fromBrowser.ok) return `Origin refused: ${fromBrowser.message}`;
  return null;
}
