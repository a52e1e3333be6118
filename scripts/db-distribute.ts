/**
 * `npm run db:distribute`: distributes DATABASE_URL (a Citus coordinator) after `npm run db:migrate` —
 * tenant tables by "organizationId", co-located with "Organization"; global tables as reference tables.
 * Idempotent: what is already distributed is skipped. See README "Running on Citus" and docs/decisions/0012.
 */
import { distributeDatabase } from "./lib/citus.ts";
import { redactUrl } from "./lib/database.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("db:distribute needs DATABASE_URL pointing at the Citus coordinator (the embedded dev database has no Citus).");
  process.exit(2);
}
console.log(`distributing ${redactUrl(url)}`);
try {
  const shardCount = process.env.CITUS_SHARD_COUNT ? Number(process.env.CITUS_SHARD_COUNT) : undefined;
  const result = await distributeDatabase(url, { shardCount, log: (line) => console.log(`  ${line}`) });
  console.log(
    `${result.reference.length} reference table(s), ${result.distributed.length} distributed table(s) created, ` +
      `${result.skipped} already done, ${result.functions.length} function(s) propagated, ${result.casts.length} enum cast(s) added`,
  );
} catch (error) {
  console.error(`db:distribute failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
