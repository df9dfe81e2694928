import { useCallback, useSyncExternalStore } from "react";

/**
 * Whether a CSS media query matches now, updated when it changes (a window resized, a phone
 * turned): for layouts that differ in markup, not only in style.
 *
 * @example
 * const wide = useMediaQuery("(min-width: 64rem)");
 */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}
