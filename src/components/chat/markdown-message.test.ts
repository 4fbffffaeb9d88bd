import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MarkdownMessage } from "./markdown-message";

const render = (text: string) => renderToStaticMarkup(createElement(MarkdownMessage, { text }));

describe("MarkdownMessage", () => {
  it("shows a remote image as a link to it, never as an image the browser would fetch", () => {
    const html = render("Hello ![](https://tracker.example/p.png) and ![a harbour](https://tracker.example/h.png)");
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="https://tracker.example/p.png" target="_blank" rel="noopener noreferrer nofollow"');
    expect(html).toContain(">[image]</a>");
    expect(html).toContain(">[image: a harbour]</a>");
  });

  it("keeps only the description of an image inside a link, so links do not nest", () => {
    const html = render("[![build badge](https://tracker.example/badge.svg)](https://example.org/ci)");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("badge.svg");
    expect(html).toContain('<p><a href="https://example.org/ci" target="_blank" rel="noopener noreferrer nofollow"><span>[image: build badge]</span></a></p>');
  });

  it("drops an image whose address is not a safe link, keeping its description", () => {
    const html = render("![x](javascript:alert(1)) ![pixel](data:image/png;base64,AAAA)");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("data:");
    expect(html).toContain("<span>[image: x]</span>");
    expect(html).toContain("<span>[image: pixel]</span>");
  });

  it("still renders markdown and leaves raw HTML out", () => {
    const html = render('**bold** <img src="https://tracker.example/raw.png">');
    expect(html).toContain("<strong>bold</strong>");
    expect(html).not.toContain("<img");
  });
});
