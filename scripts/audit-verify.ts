/**
 * `npm run audit:verify [-- <organizationId>]`: walks each organisation's audit hash chain (src/lib/audit-chain.ts)
 * from its retention checkpoint to its head and reports the first broken entry. Exit code 0 when every chain
 * verifies, 1 when one is broken. Works on DATABASE_URL, else the embedded dev database.
 */
import { redactUrl, resolveDatabase } from "./lib/database.ts";

const only = process.argv[2];
if (only && !/^[0-9a-f-]{36}$/i.test(only)) {
  console.error("usage: npm run audit:verify [-- <organizationId>]");
  process.exit(2);
}
const database = await resolveDatabase();
process.env.DATABASE_URL = database.url;
let broken = 0;
try {
  const { db } = await import("../src/server/db.ts");
  const { verifyOrganizationAuditChain } = await import("../src/server/audit/verify-audit-chain.ts");
  console.log(`verifying the audit log in ${redactUrl(database.url)}`);
  const organizations = await db.organization.findMany({ where: only ? { id: only } : {}, select: { id: true, name: true }, orderBy: { createdAt: "asc" } });
  if (only && organizations.length === 0) throw new Error(`no organisation ${only}`);
  for (const org of organizations) {
    const report = await verifyOrganizationAuditChain(org.id);
    const older = report.unchained ? `; ${report.unchained} older unchained entries` : "";
    if (report.ok) {
      console.log(`  ok      ${org.name} (${org.id}): ${report.checked} entries from seq ${report.fromSeq + 1} to ${report.lastSeq}${older}`);
    } else {
      broken += 1;
      console.log(`  BROKEN  ${org.name} (${org.id}): first broken entry seq ${report.brokenSeq}${report.brokenId ? ` (id ${report.brokenId})` : ""}: ${report.problem}; ${report.checked} entries before it verified${older}`);
    }
  }
  await db.$disconnect();
} finally {
  await database.stop();
}
process.exit(broken ? 1 : 0);
