import { createRouter } from "../lib/openapi.ts";
import { districtRoutes } from "./districts-routes.ts";
import { entryRoutes } from "./entries-routes.ts";
import { importExportRoutes } from "./import-export-routes.ts";

/**
 * The directory of institutions and networks (Verzeichnis): districts, entries with their network
 * memberships, import from CSV/XLSX and export. Mounted under /api.
 */
export const directoryRoutes = createRouter().route("/", districtRoutes).route("/", entryRoutes).route("/", importExportRoutes);
