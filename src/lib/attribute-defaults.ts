/**
 * What a contact attribute is taken to be when it is first met (an import column, a trigger API attribute, a
 * public link's tag): its display names, its kind and whether it may be an analysis dimension
 * (docs/decisions/0010). Pure: the services in src/server/attributes and the seed call it. Admins change the
 * result in Settings → Attributes.
 *
 * The rule that matters: ids, emails, phones, names, addresses and free text never default to DIMENSION — a
 * segment must be a group of people, never one person.
 */

export const ATTRIBUTE_KINDS = ["CATEGORY", "NUMBER", "DATE", "TEXT"] as const;
export type AttributeKindName = (typeof ATTRIBUTE_KINDS)[number];
export const ATTRIBUTE_ROLES = ["DIMENSION", "PERSONAL", "HIDDEN"] as const;
export type AttributeRoleName = (typeof ATTRIBUTE_ROLES)[number];

export type AttributeLabels = { labelZh: string; labelEn: string };
export type AttributeDefaults = AttributeLabels & { kind: AttributeKindName; role: AttributeRoleName };

/** Display names of common keys (matched after normalizeAttributeKey). */
export const COMMON_ATTRIBUTE_LABELS: Readonly<Record<string, AttributeLabels>> = {
  region: { labelZh: "区域", labelEn: "Region" },
  province: { labelZh: "省份", labelEn: "Province" },
  city: { labelZh: "城市", labelEn: "City" },
  branch: { labelZh: "网点", labelEn: "Branch" },
  sub_branch: { labelZh: "支行", labelEn: "Sub-branch" },
  store: { labelZh: "门店", labelEn: "Store" },
  tier: { labelZh: "客户层级", labelEn: "Tier" },
  segment: { labelZh: "客群", labelEn: "Segment" },
  customer_type: { labelZh: "客户类型", labelEn: "Customer type" },
  product: { labelZh: "产品", labelEn: "Product" },
  plan: { labelZh: "套餐", labelEn: "Plan" },
  tenure: { labelZh: "客龄（年）", labelEn: "Tenure (years)" },
  age: { labelZh: "年龄", labelEn: "Age" },
  age_band: { labelZh: "年龄段", labelEn: "Age band" },
  age_group: { labelZh: "年龄段", labelEn: "Age group" },
  gender: { labelZh: "性别", labelEn: "Gender" },
  income_band: { labelZh: "收入段", labelEn: "Income band" },
  occupation: { labelZh: "职业", labelEn: "Occupation" },
  channel_pref: { labelZh: "偏好渠道", labelEn: "Preferred channel" },
  preferred_channel: { labelZh: "偏好渠道", labelEn: "Preferred channel" },
  rm: { labelZh: "客户经理", labelEn: "Relationship manager" },
  relationship_manager: { labelZh: "客户经理", labelEn: "Relationship manager" },
  department: { labelZh: "部门", labelEn: "Department" },
  team: { labelZh: "团队", labelEn: "Team" },
  employee: { labelZh: "员工", labelEn: "Employee" },
  language: { labelZh: "语言", labelEn: "Language" },
  source: { labelZh: "来源", labelEn: "Source" },
  campaign: { labelZh: "营销活动", labelEn: "Campaign" },
  vip: { labelZh: "VIP", labelEn: "VIP" },
};

/** Keys that name a person or identify one (normalised, separators removed). */
const PERSONAL_KEYS = new Set([
  "id", "uuid", "guid", "customerid", "custid", "clientid", "memberid", "userid", "contactid", "externalid", "crmid",
  "customerno", "customernumber", "custno", "clientno", "memberno", "accountno", "accountnumber", "acctno", "account",
  "cardno", "cardnumber", "card", "email", "emailaddress", "mail", "phone", "phonenumber", "mobile", "mobilephone",
  "mobileno", "tel", "telephone", "cell", "cellphone", "name", "fullname", "firstname", "lastname", "givenname",
  "familyname", "surname", "customername", "contactname", "clientname", "address", "homeaddress", "street", "postcode",
  "zip", "zipcode", "idcard", "idno", "idnumber", "nationalid", "passport", "passportno", "ssn", "birthday",
  "birthdate", "dateofbirth", "dob", "wechat", "wechatid", "openid", "unionid", "ip", "ipaddress",
]);

/** The last word of a key that makes it personal whatever comes before: crm_id, customerId, home_phone. */
const PERSONAL_LAST_WORDS = new Set(["id", "uuid", "guid", "email", "phone", "mobile", "tel", "passport", "ssn", "dob", "birthday", "openid", "unionid"]);

/** Chinese key fragments that identify a person. */
const PERSONAL_ZH = ["姓名", "名字", "手机", "电话", "邮箱", "邮件", "身份证", "证件", "地址", "客户号", "客户编号", "会员号", "账号", "帐号", "卡号", "生日", "出生", "微信", "护照"];

/** Keys that hold free text. */
const TEXT_KEYS = new Set(["note", "notes", "comment", "comments", "remark", "remarks", "memo", "description", "desc", "feedback", "message"]);
const TEXT_ZH = ["备注", "说明", "描述", "留言", "意见"];

/** Words of a key: snake_case, kebab-case, spaces, dots and camelCase split, lower-cased. */
function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[\s_.\-]+/u)
    .map((word) => word.toLowerCase())
    .filter((word) => word !== "");
}

/** "Age Band", "age-band", "ageBand" → "age_band" (the dictionary's spelling). */
export function normalizeAttributeKey(key: string): string {
  return keyWords(key.trim()).join("_");
}

/**
 * Display names for a key: the dictionary's, or a Chinese key that is one of its Chinese names (then the English
 * name too), else the key itself in both languages.
 */
export function defaultAttributeLabels(key: string): AttributeLabels {
  const known = COMMON_ATTRIBUTE_LABELS[normalizeAttributeKey(key)];
  if (known) return { ...known };
  const trimmed = key.trim();
  const byChinese = Object.values(COMMON_ATTRIBUTE_LABELS).find((labels) => labels.labelZh === trimmed);
  if (byChinese) return { ...byChinese };
  return { labelZh: key, labelEn: key };
}

/** What the key's name alone says: PERSONAL, free TEXT (HIDDEN), or nothing. */
function roleFromKey(key: string): "PERSONAL" | "TEXT" | null {
  const words = keyWords(key);
  const joined = words.join("");
  if (PERSONAL_KEYS.has(joined) || PERSONAL_ZH.some((part) => key.includes(part))) return "PERSONAL";
  const last = words.at(-1);
  if (words.length > 1 && last !== undefined && PERSONAL_LAST_WORDS.has(last)) return "PERSONAL";
  if (TEXT_KEYS.has(joined) || TEXT_ZH.some((part) => key.includes(part))) return "TEXT";
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A phone number written as one: +86 138 0013 8000, (021) 6234-5678, 13800138000. */
const PHONE = /^\+?[\d\s\-().]{7,24}$/;
/** An identifier: optional letters, then six or more digits (C00012345, CRM-100023, 6222021234567890), or an ID card number. */
const ID_LIKE = /^[A-Za-z]{0,6}[-_]?\d{6,}[A-Za-z]?$/;
const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;
const DATE_LIKE = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Longer than this, or a sentence with spaces longer than TEXT_WITH_SPACES, a value is free text. */
const TEXT_LENGTH = 60;
const TEXT_WITH_SPACES = 32;
/** With at least this many values, nearly all distinct means one value per person. */
const UNIQUE_SAMPLE = 20;
const UNIQUE_SHARE = 0.9;

function isPhone(value: string): boolean {
  if (!PHONE.test(value) || DATE_LIKE.test(value)) return false;
  const digits = value.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return false;
  // Plain digit strings are phones only in the Chinese mobile shape (11 digits starting with 1); others are ids.
  return /\D/.test(value) || /^1\d{10}$/.test(digits);
}

/**
 * Defaults for an attribute key from the key's name and, when given, some of its values (one import batch, one
 * API call's contacts). Kind: NUMBER when every value is a number, DATE when every value is a date, TEXT for free
 * text, else CATEGORY. Role: PERSONAL for ids, emails, phones, names, addresses and nearly unique values; HIDDEN
 * for free text, dates and nearly unique numbers; DIMENSION otherwise.
 */
export function guessAttributeDefaults(key: string, samples: readonly unknown[] = []): AttributeDefaults {
  const labels = defaultAttributeLabels(key);
  const values: string[] = [];
  let numbers = 0;
  for (const sample of samples) {
    if (sample === null || sample === undefined) continue;
    if (typeof sample === "number") {
      if (Number.isFinite(sample)) {
        numbers++;
        values.push(String(sample));
      }
      continue;
    }
    const text = typeof sample === "string" ? sample.trim() : typeof sample === "boolean" ? String(sample) : JSON.stringify(sample);
    if (text === "" || text === undefined) continue;
    // Leading zeros and long digit strings are codes and ids, not quantities.
    if (typeof sample === "string" && NUMERIC.test(text) && !/^-?0\d/.test(text) && !/\d{9}/.test(text)) numbers++;
    values.push(text);
  }

  const fromKey = roleFromKey(key);
  if (fromKey === "PERSONAL") return { ...labels, kind: values.length && values.every((v) => DATE_LIKE.test(v)) ? "DATE" : "CATEGORY", role: "PERSONAL" };
  if (fromKey === "TEXT") return { ...labels, kind: "TEXT", role: "HIDDEN" };
  if (values.length === 0) return { ...labels, kind: "CATEGORY", role: "DIMENSION" };

  const share = (test: (value: string) => boolean) => values.filter(test).length / values.length;
  if (share((v) => EMAIL.test(v) || UUID.test(v) || isPhone(v)) >= 0.5) return { ...labels, kind: "CATEGORY", role: "PERSONAL" };
  if (share((v) => v.length > TEXT_LENGTH || (v.length > TEXT_WITH_SPACES && /\s/.test(v))) >= 0.5) {
    return { ...labels, kind: "TEXT", role: "HIDDEN" };
  }
  const distinct = new Set(values).size;
  const nearlyUnique = values.length >= UNIQUE_SAMPLE && distinct / values.length > UNIQUE_SHARE;
  if (numbers === values.length) return { ...labels, kind: "NUMBER", role: nearlyUnique ? "HIDDEN" : "DIMENSION" };
  if (values.every((v) => DATE_LIKE.test(v))) return { ...labels, kind: "DATE", role: "HIDDEN" };
  if (share((v) => ID_LIKE.test(v)) >= 0.5 || nearlyUnique) return { ...labels, kind: "CATEGORY", role: "PERSONAL" };
  return { ...labels, kind: "CATEGORY", role: "DIMENSION" };
}

/** "1, 3, 5, 10" → the band names a value can count under: "<1", "1–3", "3–5", "5–10", "≥10" (as SQL nps_dimension_value names them). */
export function bandNames(edges: readonly number[]): string[] {
  if (edges.length === 0) return [];
  const names = [`<${edges[0]}`];
  for (let i = 0; i + 1 < edges.length; i++) names.push(`${edges[i]}–${edges[i + 1]}`);
  names.push(`≥${edges.at(-1)}`);
  return names;
}
