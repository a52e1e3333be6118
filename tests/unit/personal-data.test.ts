import { describe, expect, it } from "vitest";
import {
  canSeePersonalData,
  isPersonalAttribute,
  maskAttributes,
  maskContactDetails,
  maskEmail,
  maskPhone,
  maskText,
  maskValue,
  personalDataView,
  showPersonal,
} from "@/lib/personal-data";

describe("who sees personal data", () => {
  it("owners, admins and CX managers see it; viewers do not, except on a case they own", () => {
    expect(canSeePersonalData("OWNER")).toBe(true);
    expect(canSeePersonalData("ADMIN")).toBe(true);
    expect(canSeePersonalData("MANAGER")).toBe(true);
    expect(canSeePersonalData("VIEWER")).toBe(false);
    expect(canSeePersonalData("VIEWER", { ownsCase: false })).toBe(false);
    expect(canSeePersonalData("VIEWER", { ownsCase: true })).toBe(true);
    expect(personalDataView("VIEWER")).toBe("masked");
    expect(personalDataView("MANAGER")).toBe("full");
  });
});

describe("masking", () => {
  it("keeps the first character of an email's local part and its domain", () => {
    expect(maskEmail("zhang.wei@example.com")).toBe("z***@example.com");
    expect(maskEmail("a@b.cn")).toBe("a***@b.cn");
    expect(maskEmail("张伟@例子.中国")).toBe("张***@例子.中国");
  });

  it("keeps the first three and last four digits of a mobile number", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("+86 138 0013 8000")).toBe("+86 1** **** 8000");
    expect(maskPhone("021-6234-5678")).toBe("021-****-5678");
    expect(maskPhone("12345")).toBe("***45");
    // Never more than the ends: the middle digits are gone.
    expect(maskPhone("13812345678")).not.toContain("1234");
  });

  it("masks names and ids to their first character (and the last when long)", () => {
    expect(maskText("张伟")).toBe("张*");
    expect(maskText("欧阳娜娜")).toBe("欧***");
    expect(maskText("C00012345")).toBe("C******5");
    expect(maskText("")).toBe("");
  });

  it("masks any value by its shape", () => {
    expect(maskValue("li@example.com")).toBe("l***@example.com");
    expect(maskValue("13900001111")).toBe("139****1111");
    expect(maskValue(6222021234567890)).toBe("6******0");
    expect(maskValue(null)).toBe("");
  });

  it("shows a value unchanged to the full view and masked to the masked view", () => {
    expect(showPersonal("li@example.com", "full", "email")).toBe("li@example.com");
    expect(showPersonal("li@example.com", "masked", "email")).toBe("l***@example.com");
    expect(showPersonal(null, "masked", "phone")).toBeNull();
    expect(showPersonal("13900001111", "masked", "phone")).toBe("139****1111");
  });

  it("masks a contact's email, phone, name and customer id, and nothing else", () => {
    const contact = { id: "x", email: "zhang@example.com", phone: "13812345678", name: "张伟", externalId: "C00012345", locale: "zh-CN" };
    expect(maskContactDetails(contact, "full")).toBe(contact);
    expect(maskContactDetails(contact, "masked")).toEqual({
      id: "x",
      email: "z***@example.com",
      phone: "138****5678",
      name: "张*",
      externalId: "C******5",
      locale: "zh-CN",
    });
    expect(maskContactDetails({ email: null, phone: null }, "masked")).toEqual({ email: null, phone: null });
  });
});

describe("personal attributes", () => {
  it("follow the definition's role, and the key's name when there is no definition", () => {
    expect(isPersonalAttribute("tier", "DIMENSION")).toBe(false);
    expect(isPersonalAttribute("tier", "PERSONAL")).toBe(true);
    expect(isPersonalAttribute("remark", "HIDDEN")).toBe(false);
    expect(isPersonalAttribute("customer_id")).toBe(true);
    expect(isPersonalAttribute("手机")).toBe(true);
    expect(isPersonalAttribute("region")).toBe(false);
  });

  it("are masked for the masked view only; dimensions stay readable", () => {
    const roles = new Map([
      ["region", "DIMENSION" as const],
      ["mobile", "PERSONAL" as const],
      ["note", "PERSONAL" as const],
    ]);
    const attributes = { region: "华东", mobile: "13812345678", note: "住在静安区", customer_id: "C00012345" };
    expect(maskAttributes(attributes, "full", roles)).toBe(attributes);
    expect(maskAttributes(attributes, "masked", roles)).toEqual({ region: "华东", mobile: "138****5678", note: "住***区", customer_id: "C******5" });
  });
});
