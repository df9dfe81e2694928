/**
 * A coarse, non-identifying label of the device that saved ("Firefox · Windows"), shown to
 * respondents so colleagues sharing a link see where the last edit came from. Never an IP
 * address or a full user-agent string.
 */
export function deviceLabel(userAgent: string | undefined): string {
  if (!userAgent) return "";
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\/|Chromium\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "Browser";
  const system = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad|iOS/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : "";
  const kind = /Mobile|iPhone|Android/.test(userAgent) ? "Smartphone" : "";
  return [browser, system, kind].filter(Boolean).join(" · ");
}
