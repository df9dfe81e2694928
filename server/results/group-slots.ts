/**
 * Aggregate rows carry `grouped` and `g`: the overall figures (`grouped = false`) and, when
 * grouping, one set per group key (null: "not specified"). A slot names one of them as a map key.
 */
export type GroupSlot = string;

export const OVERALL: GroupSlot = "*";

/** The slot of a group key (null: respondents without a value for the grouping). */
export function slotOfGroup(key: string | null): GroupSlot {
  return key === null ? "-" : `=${key}`;
}

export function slotOf(grouped: boolean, g: string | null): GroupSlot {
  return grouped ? slotOfGroup(g) : OVERALL;
}

/** Aggregates per source id and slot. */
export type PerSource<T> = Map<number, Map<GroupSlot, T>>;

/** The entry for (source, slot), created by `create` when missing. */
export function entryOf<T>(map: PerSource<T>, sourceId: number, slot: GroupSlot, create: () => T): T {
  let perSlot = map.get(sourceId);
  if (!perSlot) map.set(sourceId, (perSlot = new Map()));
  let entry = perSlot.get(slot);
  if (entry === undefined) perSlot.set(slot, (entry = create()));
  return entry;
}
