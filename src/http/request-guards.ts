/** DNS-rebinding protection: the Host must name this server, and a browser Origin must be allowed. */
import { localhostAllowedHostnames, localhostAllowedOrigins, validateHostHeader, validateOriginHeader } from '@modelcontextprotocol/server';

export interface GuardPolicy {
  /** Hostnames (no port) the Host header may carry; null when bound to every interface (no Host check). */
  hosts: string[] | null;
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

export function guardPolicy(bindHost: string, allowedOrigins: string[] = []): GuardPolicy {
  const extra = allowedOrigins.map(hostnameOf);
  if (ANY_INTERFACE.has(bindHost)) return { hosts: null, origins: [...localhostAllowedOrigins(), ...extra] };
  const bound = bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
  const hosts = [...new Set([...localhostAllowedHostnames(), bound])];
  return { hosts, origins: [...new Set([...localhostAllowedOrigins(), ...hosts, ...extra])] };
}

/** null when the request may proceed, else the reason for a 403. */
export function refusal(policy: GuardPolicy, host: string | undefined, origin: string | undefined): string | null {
  if (policy.hosts) {
    const checked = validateHostHeader(host, policy.hosts);
    if (!checked.ok) return `Host header refused: ${checked.message}`;
  }
  const fromBrowser = validateOriginHeader(origin, policy.origins);
  if (!fromBrowser.ok) return `Origin refused: ${fromBrowser.message}`;
  return null;
}
