import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { checkEncodingHint, detectDelimiter, detectEncoding, detectFileKind, isValidUtf8 } from "@/lib/contact-import-encoding";
import { csvText, encodeText } from "../fixtures/contacts-files";

const CHINESE = csvText([
  ["邮箱", "姓名", "区域"],
  ["wang@example.com", "王芳", "华东"],
  ["ouyang@example.com", "欧阳娜娜", "华北"],
]);

describe("detectEncoding", () => {
  it("reads UTF-8, with or without a byte-order mark", () => {
    expect(detectEncoding(encodeText(CHINESE, "utf-8"), true)).toEqual({ encoding: "utf-8" });
    expect(detectEncoding(encodeText(CHINESE, "utf-8-bom"), true)).toEqual({ encoding: "utf-8" });
    expect(detectEncoding(encodeText("email\na@example.com\n", "utf-8"), true)).toEqual({ encoding: "utf-8" });
  });

  it("recognises GBK and GB18030 (what Excel in China writes) and decodes them exactly", () => {
    for (const encoding of ["gbk", "gb18030"] as const) {
      const bytes = encodeText(CHINESE, encoding);
      expect(detectEncoding(bytes, true)).toEqual({ encoding: "gb18030" });
      expect(iconv.decode(bytes, "gb18030")).toBe(CHINESE);
    }
  });

  it("does not call a sample invalid when it ends inside a multi-byte character", () => {
    const bytes = encodeText(CHINESE, "utf-8");
    const cut = bytes.subarray(0, bytes.indexOf(Buffer.from("王", "utf-8")) + 1);
    expect(isValidUtf8(cut, true)).toBe(false);
    expect(detectEncoding(cut, false)).toEqual({ encoding: "utf-8" });
    const gbk = encodeText(CHINESE, "gbk");
    expect(detectEncoding(gbk.subarray(0, gbk.length - 4), false)).toEqual({ encoding: "gb18030" });
  });

  it("refuses UTF-16 and names chardet's guess for an encoding it cannot read", () => {
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]), true)).toEqual({ problem: { code: "utf16" } });
    const big5 = iconv.encode("姓名,地址\n陳大文,臺北市中正區\n黃小玲,高雄市前鎮區\n".repeat(20), "big5");
    // Big5 bytes mostly decode as GB18030 too (into nonsense): chardet is surer of Big5, so it is refused.
    expect(detectEncoding(big5, true)).toEqual({ problem: { code: "unknown_encoding", guess: "Big5" } });
  });
});

describe("checkEncodingHint", () => {
  it("accepts a hint that fits", () => {
    expect(checkEncodingHint(encodeText(CHINESE, "utf-8"), "utf-8", true)).toBeNull();
    expect(checkEncodingHint(encodeText(CHINESE, "gbk"), "gb18030", true)).toBeNull();
    expect(checkEncodingHint(encodeText("email\na@example.com\n", "utf-8"), "gb18030", true)).toBeNull();
  });

  it("says UTF-8 is wrong for a GBK file, on which line, and suggests GBK", () => {
    const text = `email,name\na@example.com,Li\nb@example.com,王芳\n`;
    expect(checkEncodingHint(encodeText(text, "gbk"), "utf-8", true)).toEqual({ code: "not_utf8", line: 3, suggestion: "gb18030" });
  });

  it("says GBK is wrong for a UTF-8 file with Chinese text (it would turn into mojibake)", () => {
    expect(checkEncodingHint(encodeText(CHINESE, "utf-8"), "gb18030", true)).toEqual({ code: "looks_utf8" });
    expect(checkEncodingHint(encodeText("email\n", "utf-8-bom"), "gb18030", true)).toEqual({ code: "looks_utf8" });
  });
});

describe("detectFileKind", () => {
  it("tells XLSX (zip) and legacy XLS from text", () => {
    expect(detectFileKind(Buffer.from("PK\u0003\u0004rest", "latin1"))).toBe("xlsx");
    expect(detectFileKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual({ code: "xls" });
    expect(detectFileKind(encodeText(CHINESE, "utf-8"))).toBe("csv");
  });
});

describe("detectDelimiter", () => {
  it("finds comma, semicolon and tab", () => {
    expect(detectDelimiter(CHINESE)).toBe(",");
    expect(detectDelimiter(csvText([["email", "name", "region"], ["a@example.com", "A", "华东"]], ";"))).toBe(";");
    expect(detectDelimiter("email\tname\na@example.com\tA\n")).toBe("\t");
  });

  it("ignores delimiters inside quotes and prefers the one that is consistent across lines", () => {
    const text = 'email;name;note\na@example.com;"Wang, Fang";"x, y, z"\nb@example.com;"Li, Lei";""\n';
    expect(detectDelimiter(text)).toBe(";");
  });

  it("falls back to a comma for a one-column file, and skips a BOM", () => {
    expect(detectDelimiter("email\na@example.com\nb@example.com\n")).toBe(",");
    expect(detectDelimiter("\uFEFFemail;name\na@example.com;A\n")).toBe(";");
  });
});
