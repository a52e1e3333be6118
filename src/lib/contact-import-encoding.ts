/**
 * Contact import: what kind of file was uploaded, which text encoding it is in and which delimiter it uses.
 * Pure (no I/O): works on the first bytes / the first decoded text of the upload. The streaming decoder that
 * checks the whole file lives in src/server/imports/import-source.ts and uses the same rules.
 */
import chardet from "chardet";
import iconv from "iconv-lite";
import { IMPORT_DELIMITERS, type DelimiterHint, type EncodingHint, type ImportDelimiter, type ImportEncoding } from "./contact-import";

export { DELIMITER_HINTS, ENCODING_HINTS, IMPORT_DELIMITERS, IMPORT_ENCODINGS } from "./contact-import";
export type { DelimiterHint, EncodingHint, ImportDelimiter, ImportEncoding };

export type FileKind = "csv" | "xlsx";

/** Why a file cannot be read; each has a message in the contacts catalogue (contacts.import.error.<code>). */
export type EncodingProblem =
  | { code: "not_utf8"; line: number | null; suggestion: ImportEncoding | null }
  | { code: "not_gb18030"; line: number | null; suggestion: ImportEncoding | null }
  | { code: "looks_utf8" }
  | { code: "utf16" }
  | { code: "xls" }
  | { code: "unknown_encoding"; guess: string | null };

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const OTHER_CJK = new Set(["Big5", "Shift_JIS", "EUC-JP", "EUC-KR", "ISO-2022-JP", "ISO-2022-KR", "ISO-2022-CN"]);

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return startsWith(bytes, UTF8_BOM);
}

/** XLSX files are ZIP archives ("PK\3\4"); legacy .xls files are OLE compound documents. */
export function detectFileKind(bytes: Uint8Array): FileKind | { code: "xls" } {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "xlsx";
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { code: "xls" };
  return "csv";
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return true;
  return false;
}

/**
 * True when `bytes` is valid UTF-8. With `complete: false` (a sample cut from a longer file) a multi-byte
 * sequence cut off at the very end is not an error.
 */
export function isValidUtf8(bytes: Uint8Array, complete = true): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** 1-based line of the first character that does not decode (U+FFFD in a lenient decoding), or null. */
export function lineOfFirstReplacement(text: string): number | null {
  const at = text.indexOf("\uFFFD");
  if (at === -1) return null;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** True when every byte of `bytes` decodes as GB18030 (no U+FFFD in a lenient decoding). */
export function decodesAsGb18030(bytes: Uint8Array, complete = true): boolean {
  // A sample may end inside a two- or four-byte character: drop up to 3 trailing bytes before judging.
  for (let cut = 0; cut <= (complete ? 0 : 3); cut++) {
    const text = iconv.decode(bytes.subarray(0, bytes.byteLength - cut), "gb18030");
    if (!text.includes("\uFFFD")) return true;
  }
  return false;
}

/**
 * The encoding of a CSV upload from its first bytes: a UTF-8 byte-order mark or valid UTF-8 → UTF-8; otherwise
 * chardet's analysis, accepting GB18030 (which covers GBK and GB2312) when the bytes decode as GB18030.
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): { encoding: ImportEncoding } | { problem: EncodingProblem } {
  if (hasUtf8Bom(sample)) return { encoding: "utf-8" };
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) return { problem: { code: "utf16" } };
  if (isValidUtf8(sample, complete)) return { encoding: "utf-8" };
  const matches = chardet.analyse(sample);
  const top = matches[0];
  const gb = matches.find((match) => match.name === "GB18030");
  // Big5, Shift_JIS, EUC-KR … often decode as GB18030 too, into nonsense: trust chardet when it is surer of one.
  const otherCjk = top !== undefined && OTHER_CJK.has(top.name) && top.confidence > (gb?.confidence ?? 0);
  if (!otherCjk && decodesAsGb18030(sample, complete)) return { encoding: "gb18030" };
  return { problem: { code: "unknown_encoding", guess: top?.name ?? null } };
}

/**
 * Checks an explicit encoding choice against the file's first bytes, so a wrong choice is an error instead of
 * silently imported mojibake. Returns null when the choice fits.
 */
export function checkEncodingHint(sample: Uint8Array, encoding: ImportEncoding, complete: boolean): EncodingProblem | null {
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) return { code: "utf16" };
  if (encoding === "utf-8") {
    if (isValidUtf8(sample, complete)) return null;
    const lenient = new TextDecoder("utf-8").decode(sample);
    return { code: "not_utf8", line: lineOfFirstReplacement(lenient), suggestion: decodesAsGb18030(sample, complete) ? "gb18030" : null };
  }
  // GB18030 chosen: real UTF-8 text with Chinese characters would decode as GB18030 into plausible-looking garbage.
  if (hasUtf8Bom(sample) || (hasNonAscii(sample) && isValidUtf8(sample, complete))) return { code: "looks_utf8" };
  if (decodesAsGb18030(sample, complete)) return null;
  const lenient = iconv.decode(sample, "gb18030");
  return { code: "not_gb18030", line: lineOfFirstReplacement(lenient), suggestion: null };
}

/** Counts `delimiter` outside double-quoted parts of one line (a sample line, not a full CSV parser). */
function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) count++;
  }
  return count;
}

/**
 * The delimiter of a CSV sample: the candidate (comma, semicolon, tab) that appears in the header line and the
 * same number of times in the most following lines. Comma when nothing fits (a one-column file).
 */
export function detectDelimiter(sampleText: string): ImportDelimiter {
  const lines = sampleText
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .slice(0, 20);
  // The last sample line may be cut off in the middle.
  if (lines.length > 2) lines.pop();
  const [header, ...rest] = lines;
  if (header === undefined) return ",";
  let best: { delimiter: ImportDelimiter; consistent: number; columns: number } = { delimiter: ",", consistent: -1, columns: 0 };
  for (const delimiter of IMPORT_DELIMITERS) {
    const columns = countOutsideQuotes(header, delimiter);
    if (columns === 0) continue;
    const consistent = rest.filter((line) => countOutsideQuotes(line, delimiter) === columns).length;
    if (consistent > best.consistent || (consistent === best.consistent && columns > best.columns)) {
      best = { delimiter, consistent, columns };
    }
  }
  return best.delimiter;
}
