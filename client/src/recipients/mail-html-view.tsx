import { Fragment, type ReactNode } from "react";

const BLOCKS = new Set(["P", "HR", "BR", "A", "STRONG", "EM", "UL", "OL", "LI"]);

/** Turns a parsed node into React elements, keeping only simple text markup and http(s) links. */
function render(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (!(node instanceof Element)) return null;
  const children = Array.from(node.childNodes, (child, index) => render(child, index));
  if (!BLOCKS.has(node.tagName)) return <Fragment key={key}>{children}</Fragment>;
  switch (node.tagName) {
    case "BR":
      return <br key={key} />;
    case "HR":
      return <hr key={key} />;
    case "A": {
      const href = node.getAttribute("href") ?? "";
      return /^https?:\/\//i.test(href) ? (
        <a key={key} href={href} target="_blank" rel="noreferrer">
          {children}
        </a>
      ) : (
        <Fragment key={key}>{children}</Fragment>
      );
    }
    default: {
      const Tag = node.tagName.toLowerCase() as "p" | "strong" | "em" | "ul" | "ol" | "li";
      return <Tag key={key}>{children}</Tag>;
    }
  }
}

/**
 * The HTML part of a mail preview, shown in the page: parsed inertly (DOMParser runs no scripts)
 * and rebuilt from paragraphs, line breaks, rules and links only, so nothing in it can act.
 * An iframe would be simpler, but the Content-Security-Policy (frame-ancestors 'none') blocks it.
 */
export function MailHtmlView({ html, label }: { html: string; label: string }) {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  return (
    <div className="mail-html" role="region" aria-label={label} tabIndex={0}>
      {Array.from(body.childNodes, (child, index) => render(child, index))}
    </div>
  );
}
