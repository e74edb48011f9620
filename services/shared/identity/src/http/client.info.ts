/**
 * What a sign-in request tells about the client: its User-Agent, the country the edge
 * (CDN/load balancer) resolved from its address (`x-client-country`, ISO 3166-1 alpha-2) and its IP.
 */
export class ClientInfo {
  constructor(
    readonly userAgent: string | undefined,
    readonly country: string | undefined,
    readonly ip: string | undefined,
  ) {}

  static from(userAgent: unknown, country: unknown, ip: unknown): ClientInfo {
    const ua = typeof userAgent === 'string' && userAgent.length > 0 ? userAgent.slice(0, 1000) : undefined;
    const cc = typeof country === 'string' && /^[A-Za-z]{2}$/.test(country) ? country.toUpperCase() : undefined;
    const addr = typeof ip === 'string' && ip.length > 0 ? ip.slice(0, 64) : undefined;
    return new ClientInfo(ua, cc, addr);
  }
}
