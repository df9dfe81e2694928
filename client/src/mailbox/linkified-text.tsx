import type { ReactNode } from "react";

const URL_PATTERN = /https?:\/\/[^\s<>"')\]]+/g;

/**
 * Plain text with its web addresses turned into links. Built from text nodes and <a> elements
 * only: the mail's HTML body is never injected.
 */
export function LinkifiedText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={match[0]}>
        {match[0]}
      </a>,
    );
    last = start + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <div className="mail-text">{parts}</div>;
}
