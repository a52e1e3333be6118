/**
 * First-run setup (issue 16) against a database without demo data: it creates the organisation and its owner once,
 * two parallel setups create one organisation, and afterwards setup is refused (the page 404s).
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { recreateDatabase } from "../../scripts/lib/embedded-postgres.ts";
import { applyMigrations } from "../../scripts/lib/migrations.ts";
import { PrismaClient } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { verifyPassword } from "@/server/auth/password";
import { completeSetup, isFirstRun } from "@/server/setup/first-run";

const adminUrl = inject("adminDatabaseUrl");
const DATABASE = "nps_setup_first_run";

const input = {
  organizationName: "华信银行 Huaxin Bank",
  brandZh: "华信银行",
  brandEn: "Huaxin Bank",
  timeZone: "Asia/Shanghai",
  defaultLocale: "zh-CN",
  ownerName: "王敏",
  ownerEmail: "Wang.Min@Huaxin.example",
  password: "gentle-harbour-47",
};

describe("first-run setup on an empty database", () => {
  let client: PrismaClient;

  beforeAll(async () => {
    await recreateDatabase(adminUrl, DATABASE);
    const url = new URL(adminUrl);
    url.pathname = `/${DATABASE}`;
    await applyMigrations(url.toString());
    client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }) });
  });
  afterAll(async () => {
    await client?.$disconnect();
  });

  it("is needed while there is no organisation", async () => {
    expect(await isFirstRun(client)).toBe(true);
  });

  it("refuses weak input with the field's reason and creates nothing", async () => {
    const refused = await completeSetup({ client, input: { ...input, password: "1234567890", timeZone: "Mars/Olympus" } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("validation_failed");
    expect((refused as AppError).details).toMatchObject({ password: "common", timeZone: "time_zone" });
    const short = await completeSetup({ client, input: { ...input, password: "short-1" } }).catch((e: unknown) => e);
    expect((short as AppError).details).toMatchObject({ password: "too_short" });
    expect(await client.organization.count()).toBe(0);
    expect(await isFirstRun(client)).toBe(true);
  });

  it("two parallel setups create one organisation with one owner; then setup is gone", async () => {
    const results = await Promise.allSettled([
      completeSetup({ client, input }),
      completeSetup({ client, input: { ...input, organizationName: "Second", ownerEmail: "second@huaxin.example" } }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(AppError);
    expect((rejected[0]?.reason as AppError).code).toBe("not_found");

    const organizations = await client.organization.findMany({ include: { memberships: { include: { user: true } } } });
    expect(organizations).toHaveLength(1);
    const [organization] = organizations;
    expect(organization?.timeZone).toBe("Asia/Shanghai");
    expect(organization?.defaultLocale).toBe("zh-CN");
    expect(organization?.memberships).toHaveLength(1);
    const owner = organization?.memberships[0];
    expect(owner?.role).toBe("OWNER");
    expect(await verifyPassword(input.password, owner?.user.passwordHash ?? "")).toBe(true);
    expect(owner?.user.email).toBe(organization?.name === "Second" ? "second@huaxin.example" : "wang.min@huaxin.example");
    expect(organization?.brandNames).toEqual({ "zh-CN": "华信银行", en: "Huaxin Bank" });
    expect(await client.user.count()).toBe(1);
    const audit = await client.auditEvent.findMany({ where: { organizationId: organization?.id ?? "" } });
    expect(audit.map((a) => a.action)).toEqual(["organization.create"]);

    expect(await isFirstRun(client)).toBe(false);
    const again = await completeSetup({ client, input: { ...input, ownerEmail: "third@huaxin.example" } }).catch((e: unknown) => e);
    expect((again as AppError).code).toBe("not_found");
    expect(await client.organization.count()).toBe(1);
  });

  it("is not offered on a database that already has an organisation (the seeded demo)", async () => {
    await recreateDatabase(adminUrl, `${DATABASE}_seeded`);
    const url = new URL(adminUrl);
    url.pathname = `/${DATABASE}_seeded`;
    await applyMigrations(url.toString());
    const seeded = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }) });
    try {
      await seeded.organization.create({ data: { name: "Demo", slug: "demo" } });
      expect(await isFirstRun(seeded)).toBe(false);
      const refused = await completeSetup({ client: seeded, input }).catch((e: unknown) => e);
      expect((refused as AppError).code).toBe("not_found");
      expect(await seeded.user.count()).toBe(0);
    } finally {
      await seeded.$disconnect();
    }
  });
});
