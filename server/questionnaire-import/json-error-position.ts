/**
 * Where a JSON text stops being valid, as an offset: Node 20's `JSON.parse` names the position
 * for some errors only ("Unexpected token ']', … is not valid JSON" has none), and planners
 * uploading a hand-edited survey need the line and column. A strict RFC 8259 scanner; it is only
 * run after `JSON.parse` failed.
 *
 * @example
 * jsonErrorPosition('{"a": [1, ]}'); // 10 (the "]" after the trailing comma)
 * jsonErrorPosition('{"a": 1}');     // null (valid)
 */
const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
/** Deeper nesting is not scanned (no position is reported), so the scanner never overflows the stack. */
const MAX_DEPTH = 2_000;

class InvalidAt {
  constructor(readonly offset: number) {}
}

export function jsonErrorPosition(text: string): number | null {
  let at = 0;
  const fail = (): never => {
    throw new InvalidAt(at);
  };
  const skipWhitespace = () => {
    while (at < text.length && (text[at] === " " || text[at] === "\t" || text[at] === "\n" || text[at] === "\r")) at++;
  };
  const string = () => {
    at++; // opening quote
    for (;;) {
      if (at >= text.length) fail();
      const char = text[at]!;
      if (char === '"') {
        at++;
        return;
      }
      if (char === "\\") {
        const next = text[at + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) at += 2;
        else if (next === "u" && HEX4.test(text.slice(at + 2, at + 6))) at += 6;
        else fail();
        continue;
      }
      if (char.charCodeAt(0) < 0x20) fail();
      at++;
    }
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new InvalidAt(-1);
    skipWhitespace();
    const char = text[at];
    if (char === "{") {
      at++;
      skipWhitespace();
      if (text[at] === "}") {
        at++;
        return;
      }
      for (;;) {
        skipWhitespace();
        if (text[at] !== '"') fail();
        string();
        skipWhitespace();
        if (text[at] !== ":") fail();
        at++;
        value(depth + 1);
        skipWhitespace();
        if (text[at] === ",") at++;
        else if (text[at] === "}") {
          at++;
          return;
        } else fail();
      }
    }
    if (char === "[") {
      at++;
      skipWhitespace();
      if (text[at] === "]") {
        at++;
        return;
      }
      for (;;) {
        value(depth + 1);
        skipWhitespace();
        if (text[at] === ",") at++;
        else if (text[at] === "]") {
          at++;
          return;
        } else fail();
      }
    }
    if (char === '"') return string();
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (number && number[0].length > 0 && number[0] !== "-") {
      at += number[0].length;
      return;
    }
    for (const literal of ["true", "false", "null"]) {
      if (text.startsWith(literal, at)) {
        at += literal.length;
        return;
      }
    }
    fail();
  };
  try {
    value(0);
    skipWhitespace();
    if (at < text.length) fail();
    return null;
  } catch (error) {
    if (error instanceof InvalidAt) return error.offset < 0 ? null : Math.min(error.offset, text.length);
    throw error;
  }
}
