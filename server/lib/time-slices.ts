/**
 * Long work on the event loop in short slices: after `sliceMs` of work the loop gets a turn
 * (other requests, health checks) before the next item. For parsers of user input whose worst
 * case is bounded but not short, such as a pasted list of 20,000 addresses.
 *
 * @example
 * const entries: PasteItem[] = [];
 * await forEachInSlices(pasteEntries(text), (entry) => entries.push(entry) <= limit);
 */
export async function forEachInSlices<T>(items: Iterable<T>, visit: (item: T) => boolean | void, sliceMs = 10): Promise<void> {
  let sliceStart = performance.now();
  for (const item of items) {
    if (visit(item) === false) return;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
