import { Serializer } from "survey-core";

/**
 * Teaches survey-core the two properties with which every question keeps its canon identity
 * (`canonId`, `canonVersion`), so models built on the server accept our definitions without
 * "unknown property" errors. Import this module before creating a `Model`.
 */
export function registerCanonProperties(): void {
  if (!Serializer.findProperty("question", "canonId")) {
    Serializer.addProperty("question", { name: "canonId", visible: false });
    Serializer.addProperty("question", { name: "canonVersion:number", visible: false });
  }
}

registerCanonProperties();
