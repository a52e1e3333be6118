/**
 * `npm run analytics:rebuild [-- <organizationId>]`: the bulk-load path (docs/decisions/0011). After rows were
 * written straight into "Response" by SQL (a data migration, a restore, an import from another tool), this
 * recomputes the dashboard's aggregates from the raw responses — for every organisation, or the one named — with
 * progress. Works on DATABASE_URL, else the embedded dev database. Figures stay readable (the old ones) meanwhile.
 */
import { redactUrl, resolveDatabase } from "./lib/database.ts";

const only = process.argv[2];
if (only && !/^[0-9a-f-]{36}$/i.test(only)) {
  console.error("usage: npm run analytics:rebuild [-- <organizationId>]");
  process.exit(2);
}
const database = await resolveDatabase();
process.env.DATABASE_URL = database.url;
try {
  const { db } = await import("../src/server/db.ts");
  const { rebuildAggregates } = await import("../src/server/analytics/rebuild-aggregates.ts");
  console.log(`rebuilding aggregates in ${redactUrl(database.url)}`);
  const organizations = await db.organization.findMany({ where: only ? { id: only } : {}, select: { id: true, name: true }, orderBy: { createdAt: "asc" } });
  if (only && organizations.length === 0) throw new Error(`no organisation ${only}`);
  for (const org of organizations) {
    const started = performance.now();
    let last = 0;
    const result = await rebuildAggregates({
      organizationId: org.id,
      onProgress: (done, total) => {
        const now = performance.now();
        if (done === total || now - last > 1000) {
          last = now;
          process.stdout.write(`\r  ${org.name}: ${done.toLocaleString("en")} / ${total.toLocaleString("en")} responses (${total ? Math.floor((100 * done) / total) : 100} %)`);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`\n  ${org.name}: ${result.responses.toLocaleString("en")} responses → ${result.rows.toLocaleString("en")} aggregate rows in ${seconds.toFixed(1)} s`);
    // The validation report's follow-ups and counts from the same rows (docs/decisions/0028).
    const outcomes = performance.now();
    await db.$executeRaw`SELECT rebuild_outcome_follow_ups(${org.id}::uuid)`;
    console.log(`  ${org.name}: outcome follow-ups and report counts rebuilt in ${((performance.now() - outcomes) / 1000).toFixed(1)} s`);
  }
  await db.$disconnect();
} finally {
  await database.stop();
}
