/**
 * Default TCP ports of the servers our scripts start (embedded PostgreSQL clusters). Each can be moved with the
 * environment variable named beside it.
 *
 * Why these numbers: every default lies BELOW Linux's ephemeral port range (32768–60999,
 * /proc/sys/net/ipv4/ip_local_port_range), from which the kernel picks the local port of every outgoing
 * connection. A server listening on a port inside that range (the old 54329 / 54338 / 54339 / 54340 …) can lose
 * its own port: while it restarts, a client that keeps reconnecting to 127.0.0.1:<port> may be given <port> as its
 * local port and connect to itself (a TCP self-connect, 127.0.0.1:54950 ↔ 127.0.0.1:54950 was seen). The server
 * then cannot bind again, and the client sits on a socket nothing answers. Below 32768 the kernel never hands the
 * port to a client, so this cannot happen.
 *
 * Keep them distinct from each other and from the other ports used on these machines: the app (3000, e2e 3100,
 * e2e mail 4100), the dev mail catcher (2525), the Citus test cluster (25436–25438) and 245xx–246xx.
 */
export const DEFAULT_PORTS = {
  /** `npm run dev`'s embedded database (EMBEDDED_PG_PORT). */
  dev: 15329,
  /** The integration suite's cluster (INTEGRATION_DB_PORT). */
  integration: 15338,
  /** The end-to-end suite's cluster (E2E_DB_PORT). */
  e2e: 15339,
  /** `npm run bench` and its respondent part (BENCH_PORT, BENCH_RESPONDENT_DB_PORT). */
  bench: 15340,
  /** The distribution and response-import benchmarks run alone (BENCH_DB_PORT / BENCH_PORT). */
  benchStandalone: 15341,
  /** scripts/bench/analytics.ts run alone (BENCH_PORT); already below the range. */
  benchAnalytics: 24340,
} as const;

/** The first port of Linux's default ephemeral range: defaults stay below it (see above). */
export const EPHEMERAL_PORT_MIN = 32768;

/** `process.env[name]` as a port number when set, else `fallback`. */
export function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  return value ? Number(value) : fallback;
}
