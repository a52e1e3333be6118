import { describe, expect, it } from "vitest";
import { html, SafeHtml } from "@/lib/html";

describe("html tagged template", () => {
  it("escapes interpolated text, including quotes inside attributes", () => {
    const brand = `<script>alert("x")</script> & 'co'`;
    const out = html`<p title="${brand}">${brand}</p>`.value;
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
  });

  it("inserts nested html output and arrays as markup, skips null/undefined/false", () => {
    const items = ["a<b", "c"].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe("<ul><li>a&lt;b</li><li>c</li></ul>0");
    expect(html`${new SafeHtml("<b>ok</b>")}`.value).toBe("<b>ok</b>");
  });

  it("keeps Chinese text as written", () => {
    expect(html`<p>${"您有多大可能推荐示例银行？"}</p>`.value).toBe("<p>您有多大可能推荐示例银行？</p>");
  });
});
