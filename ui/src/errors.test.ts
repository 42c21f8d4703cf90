import { afterEach, describe, expect, test, vi } from "vitest";
import { errorMessage, hasCode } from "./errors";
import { errorTextsEn } from "./errorTexts";
import { setLang } from "./i18n";

// The language switch marks the page's language; here there is no page.
vi.stubGlobal("document", { documentElement: { lang: "" } });

const unitMissing = { code: "unit_not_found", message: "找不到登记单位 “7”（可用单位编号或统一社会信用代码）。" };

describe("errors", () => {
  afterEach(() => setLang("zh"));

  test("Chinese mode shows the backend's message; English mode the code's English text", () => {
    expect(errorMessage(unitMissing)).toBe(unitMissing.message);
    setLang("en");
    expect(errorMessage(unitMissing)).toBe(errorTextsEn.unit_not_found);
    expect(errorMessage({ code: "seal_confirm", message: "未封存" })).toBe(errorTextsEn.seal_confirm);
  });

  test("a code without an English text, and anything else rejected, keeps its own message", () => {
    setLang("en");
    expect(errorMessage({ code: "from_a_newer_backend", message: "新的错误" })).toBe("新的错误");
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
  });

  test("hasCode matches a command's rejection by its code only", () => {
    expect(hasCode(unitMissing, "unit_not_found")).toBe(true);
    expect(hasCode(unitMissing, "key_locked")).toBe(false);
    expect(hasCode(new Error("unit_not_found"), "unit_not_found")).toBe(false);
  });

  test("every English text is a sentence", () => {
    for (const [code, text] of Object.entries(errorTextsEn)) {
      expect(text, code).toMatch(/^[A-Z].*[.)]$/);
    }
  });
});
