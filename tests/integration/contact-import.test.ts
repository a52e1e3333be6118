import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppError } from "@/lib/errors";
import type { ImportProblemDetails } from "@/server/imports/import-source";
import type { ContactActor } from "@/server/contacts/actor";
import { createContactImport, previewContactImport } from "@/server/contacts/create-contact-import";
import { getContactImport } from "@/server/contacts/get-contact-import";
import { startContactImport } from "@/server/contacts/run-contact-import";
import { upsertContact } from "@/server/contacts/upsert-contact";
import { db } from "@/server/db";
import { csvFile, generateContactRows, xlsxFile } from "../fixtures/contacts-files";
import { createOrganization, expectAppError } from "./support/fixtures";

let admin: ContactActor;
let owner: ContactActor;
let other: ContactActor;

beforeAll(async () => {
  const org = await createOrganization("Import Bank");
  const second = await createOrganization("Import Other");
  const user = await db.user.create({ data: { email: `import-admin-${org.id}@example.com`, name: "Import Admin", passwordHash: "x" } });
  admin = { organizationId: org.id, userId: user.id, role: "ADMIN" };
  owner = { organizationId: org.id, userId: null, role: "OWNER" };
  other = { organizationId: second.id, userId: null, role: "OWNER" };
});

function body(bytes: Buffer): ReadableStream<Uint8Array> {
  return new Blob([new Uint8Array(bytes)]).stream();
}

type Hints = { encoding?: string; delimiter?: string };

async function upload(actor: ContactActor, bytes: Buffer, hints: Hints = {}, fileName = "contacts.csv") {
  return createContactImport({
    actor,
    body: body(bytes),
    fileName,
    format: { encoding: hints.encoding ?? "auto", delimiter: hints.delimiter ?? "auto" },
  });
}

/** Uploads, runs with the suggested (or given) mapping and returns the finished import. */
async function importFile(
  actor: ContactActor,
  bytes: Buffer,
  options: Hints & { onDuplicate?: "update" | "skip"; mapping?: Record<string, string> } = {},
) {
  const preview = await upload(actor, bytes, options);
  await startContactImport({
    actor,
    importId: preview.id,
    input: { mapping: options.mapping ?? preview.mapping, onDuplicate: options.onDuplicate ?? "update" },
    background: false,
  });
  return { preview, result: await getContactImport({ actor, importId: preview.id }) };
}

async function contactByEmail(organizationId: string, email: string) {
  return db.contact.findUnique({ where: { organizationId_email: { organizationId, email } } });
}

async function uploadsLeft(organizationId: string): Promise<string[]> {
  const dir = path.join(process.cwd(), ".data", "uploads", organizationId);
  return existsSync(dir) ? readdir(dir) : [];
}

function problemOf(error: AppError): string | undefined {
  return (error.details as ImportProblemDetails | undefined)?.problem;
}

const HEADER = ["邮箱", "姓名", "手机", "语言", "区域", "等级"];

describe("encodings", () => {
  it("decodes a GBK file (what Excel in China writes) with Chinese names exactly, detected automatically", async () => {
    const rows = [HEADER, ["gbk1@example.com", "欧阳娜娜", "13800000001", "中文", "华东", "白金卡"], ["GBK2@Example.com", "司马懿", "", "en", "华北", "金卡"]];
    const bytes = csvFile(rows, { encoding: "gbk" });
    expect(bytes.includes(Buffer.from("欧阳", "utf-8"))).toBe(false);
    const { preview, result } = await importFile(admin, bytes);
    expect(preview).toMatchObject({ kind: "csv", encoding: "gb18030", delimiter: ",", totalRows: 2, headers: HEADER });
    expect(preview.rows[0]).toEqual({ row: 2, cells: rows[1] });
    expect(preview.mapping).toEqual({
      邮箱: "email",
      姓名: "name",
      手机: "phone",
      语言: "locale",
      区域: "attributes.region",
      等级: "attributes.tier",
    });
    expect(result).toMatchObject({ status: "DONE", totalRows: 2, processedRows: 2, createdCount: 2, updatedCount: 0, skippedCount: 0, encoding: "gb18030" });
    expect(await contactByEmail(admin.organizationId, "gbk1@example.com")).toMatchObject({
      name: "欧阳娜娜",
      phone: "13800000001",
      locale: "zh-CN",
      attributes: { region: "华东", tier: "白金卡" },
    });
    expect(await contactByEmail(admin.organizationId, "gbk2@example.com")).toMatchObject({ name: "司马懿", phone: null, locale: "en" });
  });

  it("takes an explicit GBK choice for a GBK file", async () => {
    const { preview, result } = await importFile(admin, csvFile([HEADER, ["gbk3@example.com", "诸葛亮", "", "", "西南", "普卡"]], { encoding: "gbk" }), {
      encoding: "gbk",
    });
    expect(preview.encoding).toBe("gb18030");
    expect(result.createdCount).toBe(1);
    expect((await contactByEmail(admin.organizationId, "gbk3@example.com"))?.name).toBe("诸葛亮");
  });

  it("reads UTF-8 with a byte-order mark: the first header has no BOM and values are exact", async () => {
    const { preview, result } = await importFile(admin, csvFile([HEADER, ["bom@example.com", "李雷", "", "zh", "华南", "金卡"]], { encoding: "utf-8-bom" }));
    expect(preview.encoding).toBe("utf-8");
    expect(preview.headers[0]).toBe("邮箱");
    expect(preview.mapping["邮箱"]).toBe("email");
    expect(result.createdCount).toBe(1);
    expect(await contactByEmail(admin.organizationId, "bom@example.com")).toMatchObject({ name: "李雷", locale: "zh-CN" });
  });

  it("detects semicolons (and keeps commas inside cells)", async () => {
    const rows = [
      ["email", "name", "branch"],
      ["semi1@example.com", "Wang, Fang", "上海分行"],
      ["semi2@example.com", "Li Lei", "杭州分行"],
    ];
    const { preview, result } = await importFile(admin, csvFile(rows, { delimiter: ";" }));
    expect(preview.delimiter).toBe(";");
    expect(preview.headers).toEqual(["email", "name", "branch"]);
    expect(result.createdCount).toBe(2);
    expect(await contactByEmail(admin.organizationId, "semi1@example.com")).toMatchObject({ name: "Wang, Fang", attributes: { branch: "上海分行" } });
  });

  it("re-reads the upload with a delimiter the user overrides", async () => {
    const bytes = csvFile([["email", "note"], ["override@example.com", "a;b"]], { delimiter: "," });
    const preview = await upload(admin, bytes);
    expect(preview.headers).toEqual(["email", "note"]);
    const reread = await previewContactImport({ actor: admin, importId: preview.id, format: { encoding: "auto", delimiter: ";" } });
    expect(reread.delimiter).toBe(";");
    expect(reread.headers).toEqual(["email,note"]);
    expect(reread.rows[0]).toEqual({ row: 2, cells: ["override@example.com,a", "b"] });
  });

  it("rejects a wrong UTF-8 choice on a GBK file with a clear error and writes nothing", async () => {
    const before = await db.contact.count({ where: { organizationId: admin.organizationId } });
    const imports = await db.contactImport.count({ where: { organizationId: admin.organizationId } });
    const files = await uploadsLeft(admin.organizationId);
    const error = await expectAppError(upload(admin, csvFile([HEADER, ["wrong@example.com", "张伟", "", "", "", ""]], { encoding: "gbk" }), { encoding: "utf-8" }), "validation_failed");
    expect(problemOf(error)).toBe("not_utf8");
    expect(error.message).toMatch(/not valid UTF-8.*GBK/);
    expect(await db.contact.count({ where: { organizationId: admin.organizationId } })).toBe(before);
    expect(await db.contactImport.count({ where: { organizationId: admin.organizationId } })).toBe(imports);
    expect(await uploadsLeft(admin.organizationId)).toEqual(files);
  });

  it("rejects a wrong GBK choice on a UTF-8 file instead of importing mojibake", async () => {
    const error = await expectAppError(upload(admin, csvFile([HEADER, ["mojibake@example.com", "张伟", "", "", "华东", ""]]), { encoding: "gbk" }), "validation_failed");
    expect(problemOf(error)).toBe("looks_utf8");
    expect(await contactByEmail(admin.organizationId, "mojibake@example.com")).toBeNull();
  });

  it("finds invalid UTF-8 far down the file (past the detection sample) and names the line", async () => {
    const rows = generateContactRows(4000, 7, "late");
    const text = Buffer.from(rows.map((row) => row.join(",")).join("\n") + "\n", "utf-8");
    const bad = Buffer.concat([text, Buffer.from("late-bad@example.com,", "utf-8"), Buffer.from([0xd5, 0xc5]), Buffer.from("\n")]);
    expect(text.length).toBeGreaterThan(256 * 1024);
    const error = await expectAppError(upload(admin, bad, { encoding: "utf-8" }), "validation_failed");
    expect(problemOf(error)).toBe("not_utf8");
    expect((error.details as ImportProblemDetails).params?.line).toBe(4002);
    expect(await contactByEmail(admin.organizationId, "late0@example.com")).toBeNull();
  });

  it("refuses legacy .xls and empty files", async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(problemOf(await expectAppError(upload(admin, xls, {}, "old.xls"), "validation_failed"))).toBe("xls");
    expect(problemOf(await expectAppError(upload(admin, Buffer.alloc(0)), "validation_failed"))).toBe("empty");
    expect(problemOf(await expectAppError(upload(admin, csvFile([["email", "name"]])), "validation_failed"))).toBe("no_rows");
  });
});

describe("rows", () => {
  it("skips bad rows with their row number and reason, and imports the rest", async () => {
    const rows = [
      ["email", "name", "language", "region"],
      ["good1@example.com", "Good One", "en", "华东"],
      ["not-an-email", "Bad Email", "en", "华东"],
      ["", "No Email", "en", "华东"],
      ["long@example.com", "x".repeat(121), "en", "华东"],
      ["locale@example.com", "Bad Locale", "fr", "华东"],
      ["attr@example.com", "Long Attr", "en", "y".repeat(201)],
      ["good2@example.com", "Good Two", "zh-CN", "华北"],
    ];
    const { result } = await importFile(admin, csvFile(rows));
    expect(result).toMatchObject({ status: "DONE", totalRows: 7, processedRows: 7, createdCount: 2, updatedCount: 0, skippedCount: 5 });
    expect(result.rowErrors).toEqual([
      { row: 3, reason: "email_invalid", field: "email" },
      { row: 4, reason: "email_missing", field: "email" },
      { row: 5, reason: "too_long", field: "name" },
      { row: 6, reason: "locale_unknown", field: "locale" },
      { row: 7, reason: "too_long", field: "attributes.region" },
    ]);
    expect(await contactByEmail(admin.organizationId, "good2@example.com")).toMatchObject({ name: "Good Two", locale: "zh-CN" });
    expect(await contactByEmail(admin.organizationId, "long@example.com")).toBeNull();
  });

  it("reads stray quotes leniently and reports an unterminated quote as a malformed row with its line", async () => {
    const text = 'email,name\r\nq1@example.com,"Q One"\r\nq2@example.com,Q "Two" x\r\nq3@example.com,Q Three\r\nq4@example.com,"Q Four\r\n';
    const { result } = await importFile(admin, Buffer.from(text, "utf-8"));
    expect(result).toMatchObject({ status: "DONE", totalRows: 4, processedRows: 4, createdCount: 3, skippedCount: 1 });
    expect(result.rowErrors).toEqual([{ row: 5, reason: "malformed" }]);
    expect(await contactByEmail(admin.organizationId, "q2@example.com")).toMatchObject({ name: 'Q "Two" x' });
    expect(await contactByEmail(admin.organizationId, "q4@example.com")).toBeNull();
  });

  it("dedupes by email: update merges into the existing contact, skip leaves it alone", async () => {
    await db.$transaction((tx) =>
      upsertContact(tx, { organizationId: admin.organizationId, input: { email: "dup@example.com", name: "Old Name", attributes: { tier: "普卡", region: "华东" } } }),
    );
    const file = (name: string, tier: string, suffix: string) =>
      csvFile([["email", "name", "tier"], ["DUP@example.com", name, tier], [`dup-new-${suffix}@example.com`, "New", tier]]);

    const skip = await importFile(admin, file("Skipped Name", "金卡", "skip"), { onDuplicate: "skip" });
    expect(skip.result).toMatchObject({ createdCount: 1, updatedCount: 0, skippedCount: 1 });
    expect(skip.result.rowErrors).toEqual([{ row: 2, reason: "exists", field: "email" }]);
    expect(await contactByEmail(admin.organizationId, "dup@example.com")).toMatchObject({ name: "Old Name", attributes: { tier: "普卡", region: "华东" } });

    const update = await importFile(admin, file("New Name", "白金卡", "update"), { onDuplicate: "update" });
    expect(update.result).toMatchObject({ createdCount: 1, updatedCount: 1, skippedCount: 0 });
    expect(await contactByEmail(admin.organizationId, "dup@example.com")).toMatchObject({
      name: "New Name",
      attributes: { tier: "白金卡", region: "华东" },
    });
  });

  it("handles a repeated email inside one file: update → the later row wins, skip → the later row is skipped", async () => {
    const rows = [["email", "name"], ["twice@example.com", "First"], ["Twice@Example.com", "Second"]];
    const update = await importFile(admin, csvFile(rows), { onDuplicate: "update" });
    expect(update.result).toMatchObject({ createdCount: 1, updatedCount: 1, skippedCount: 0 });
    expect((await contactByEmail(admin.organizationId, "twice@example.com"))?.name).toBe("Second");

    const rows2 = [["email", "name"], ["twice2@example.com", "First"], ["twice2@example.com", "Second"]];
    const skip = await importFile(admin, csvFile(rows2), { onDuplicate: "skip" });
    expect(skip.result.rowErrors).toEqual([{ row: 3, reason: "duplicate_in_file", field: "email" }]);
    expect((await contactByEmail(admin.organizationId, "twice2@example.com"))?.name).toBe("First");
  });

  it("skips a row whose external id belongs to another contact instead of failing the batch", async () => {
    const rows = [["email", "crm id"], ["ext1@example.com", "X-1"], ["ext2@example.com", "X-1"], ["ext3@example.com", "X-3"]];
    const { result } = await importFile(admin, csvFile(rows), { mapping: { email: "email", "crm id": "externalId" } });
    expect(result).toMatchObject({ createdCount: 2, skippedCount: 1 });
    expect(result.rowErrors).toEqual([{ row: 3, reason: "external_id_taken", field: "externalId" }]);
  });

  it("imports an XLSX workbook (numbers and Chinese text)", async () => {
    const bytes = await xlsxFile([
      ["邮箱", "姓名", "客龄", "区域"],
      ["xlsx1@example.com", "黄蓉", 7, "华东"],
      [{ text: "XLSX2@example.com", hyperlink: "mailto:xlsx2@example.com" }, { richText: [{ text: "郭" }, { text: "靖" }] }, 12, "华北"],
    ]);
    const { preview, result } = await importFile(admin, bytes);
    expect(preview.kind).toBe("xlsx");
    expect(preview.rows[0]).toEqual({ row: 2, cells: ["xlsx1@example.com", "黄蓉", "7", "华东"] });
    expect(result).toMatchObject({ status: "DONE", createdCount: 2, encoding: "xlsx" });
    expect(await contactByEmail(admin.organizationId, "xlsx2@example.com")).toMatchObject({ name: "郭靖", attributes: { tenure: "12", region: "华北" } });
  });

  it("imports 5,000 rows in batches; the counters end equal to the rows", async () => {
    const { result } = await importFile(owner, csvFile(generateContactRows(5000, 11, "bulk"), { encoding: "gbk" }));
    expect(result).toMatchObject({ status: "DONE", totalRows: 5000, processedRows: 5000, createdCount: 5000, skippedCount: 0 });
    expect(await db.contact.count({ where: { organizationId: admin.organizationId, email: { startsWith: "bulk" } } })).toBe(5000);
    expect(await uploadsLeft(admin.organizationId)).not.toContain(`${result.id}.upload`);
  });

  it("refuses a mapping without an email column, or with a field twice", async () => {
    const preview = await upload(admin, csvFile([["email", "name"], ["m@example.com", "M"]]));
    const noEmail = await expectAppError(
      startContactImport({ actor: admin, importId: preview.id, input: { mapping: { name: "name" }, onDuplicate: "update" }, background: false }),
      "validation_failed",
    );
    expect(problemOf(noEmail)).toBe("mapping_email_required");
    const twice = await expectAppError(
      startContactImport({ actor: admin, importId: preview.id, input: { mapping: { email: "email", name: "email" }, onDuplicate: "update" }, background: false }),
      "validation_failed",
    );
    expect(problemOf(twice)).toBe("mapping_field_twice");
    expect((await getContactImport({ actor: admin, importId: preview.id })).status).toBe("PENDING");
    await startContactImport({ actor: admin, importId: preview.id, input: { mapping: { email: "email" }, onDuplicate: "update" }, background: false });
    await expectAppError(
      startContactImport({ actor: admin, importId: preview.id, input: { mapping: { email: "email" }, onDuplicate: "update" }, background: false }),
      "conflict",
    );
  });
});

describe("tenancy and roles", () => {
  it("keeps imports and contacts inside their organisation", async () => {
    const preview = await upload(admin, csvFile([["email"], ["tenant@example.com"]]));
    await expectAppError(getContactImport({ actor: other, importId: preview.id }), "not_found");
    await expectAppError(
      startContactImport({ actor: other, importId: preview.id, input: { mapping: { email: "email" }, onDuplicate: "update" }, background: false }),
      "not_found",
    );
    await importFile(other, csvFile([["email", "name"], ["tenant@example.com", "Other Org"]]));
    await startContactImport({ actor: admin, importId: preview.id, input: { mapping: { email: "email" }, onDuplicate: "update" }, background: false });
    expect((await contactByEmail(admin.organizationId, "tenant@example.com"))?.name).toBeNull();
    expect((await contactByEmail(other.organizationId, "tenant@example.com"))?.name).toBe("Other Org");
  });

  it("lets ADMIN and OWNER import; MANAGER and VIEWER get 403 and nothing is stored", async () => {
    const imports = await db.contactImport.count();
    for (const role of ["MANAGER", "VIEWER"] as const) {
      const actor: ContactActor = { ...admin, role };
      await expectAppError(upload(actor, csvFile([["email"], [`${role}@example.com`]])), "forbidden");
      await expectAppError(getContactImport({ actor, importId: "00000000-0000-7000-8000-000000000000" }), "forbidden");
    }
    expect(await db.contactImport.count()).toBe(imports);
    const preview = await upload(admin, csvFile([["email"], ["roles@example.com"]]));
    await expectAppError(
      startContactImport({ actor: { ...admin, role: "MANAGER" }, importId: preview.id, input: { mapping: { email: "email" }, onDuplicate: "update" } }),
      "forbidden",
    );
    expect((await getContactImport({ actor: owner, importId: preview.id })).status).toBe("PENDING");
  });
});
