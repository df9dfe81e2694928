/**
 * A directory of any size, for benchmarks: districts with German names and institutions of every
 * kind the example municipality knows (Kita, Grundschule, Jugendtreff …), spread over the
 * districts in turn, each with a unique name, its type, life phases, fields of action and an
 * address. The same seed gives the same directory.
 *
 * @example
 * const directory = syntheticDirectory("results-bench", { districts: 12, institutions: 600 });
 * directory.institutions[0]; // { name: "Kita Sonnenblume", type: "Kita", district: 0, lifePhases: ["early_childhood"], … }
 */
import { districtNames, mailSlug } from "./german-names.ts";
import { INSTITUTION_KINDS } from "./institution-kinds.ts";
import { seededRandom } from "./random.ts";

export interface SyntheticInstitution {
  name: string;
  type: string;
  /** Index into `districts`. */
  district: number;
  lifePhases: string[];
  fieldsOfAction: string[];
  email: string;
}

export function syntheticDirectory(seed: number | string, size: { districts: number; institutions: number }, mailDomain = "bench.example") {
  const random = seededRandom(seed);
  const districts = districtNames(size.districts);
  const kinds = Object.values(INSTITUTION_KINDS);
  const used = new Set<string>();
  const institutions: SyntheticInstitution[] = Array.from({ length: size.institutions }, (_, index) => {
    const district = index % districts.length;
    // Kitas are the most common institutions by far, as in every town.
    const kind = random.chance(0.3) ? INSTITUTION_KINDS.kita : random.pick(kinds);
    const candidates = kind.names(random, districts[district]!);
    const name = candidates.find((candidate) => !used.has(candidate.toLowerCase())) ?? `${candidates[0] ?? kind.type} (${index + 1})`;
    used.add(name.toLowerCase());
    return {
      name,
      type: kind.type,
      district,
      lifePhases: [...kind.lifePhases],
      fieldsOfAction: [...kind.fieldsOfAction],
      email: `${mailSlug(name)}-${index + 1}@${mailDomain}`,
    };
  });
  return { districts, institutions };
}
