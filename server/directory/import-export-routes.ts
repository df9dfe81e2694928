import { createRoute, z } from "@hono/zod-openapi";
import { requireSession } from "../auth/middleware.ts";
import { ApiError } from "../lib/api-error.ts";
import { createRouter, errorResponses, json, jsonBody } from "../lib/openapi.ts";
import { directoryTable, toCsv, toXlsx } from "./directory-export.ts";
import { importDirectory } from "./directory-import.ts";
import { directoryKindSchema } from "./directory-schemas.ts";
import { IMPORT_FIELDS, suggestMapping, type ImportMapping } from "./import-mapping.ts";
import { decodeBase64File, readUploadedTable, type Table } from "./table-file.ts";
import { auditActor, recordAudit } from "../audit/audit-log.ts";

const fileInput = {
  fileName: z.string().trim().min(1).max(300).openapi({ example: "einrichtungen.csv" }),
  /** The file's bytes as base64 (a `data:` URL is accepted too). */
  contentBase64: z.string().min(1).max(10 * 1024 * 1024),
};

const columnIndex = z.number().int().min(0).max(500).nullable().optional();
const mappingSchema = z
  .object(Object.fromEntries(IMPORT_FIELDS.map((field) => [field, columnIndex])) as Record<(typeof IMPORT_FIELDS)[number], typeof columnIndex>)
  .openapi("DirectoryImportMapping", {
    description: "Column index (0-based) per directory field; null or absent: not in the file.",
  });

const reasonSchema = z.object({ code: z.string(), message: z.string(), messageDe: z.string() });

const previewRoute = createRoute({
  method: "post",
  path: "/directory/import/preview",
  tags: ["Directory"],
  summary: "Read a CSV or XLSX file: headers, the first 20 rows, a suggested column mapping and the row count",
  middleware: [requireSession] as const,
  request: jsonBody(z.object(fileInput)),
  responses: {
    200: json(
      z.object({
        format: z.enum(["csv", "xlsx"]),
        headers: z.array(z.string()),
        rows: z.array(z.object({ row: z.number().int(), cells: z.array(z.string()) })),
        totalRows: z.number().int(),
        mapping: mappingSchema,
        /** The kind for rows without a kind column, guessed from the file name. */
        suggestedDefaultKind: directoryKindSchema,
      }),
    ),
    ...errorResponses,
  },
});

const importRoute = createRoute({
  method: "post",
  path: "/directory/import",
  tags: ["Directory"],
  summary: "Import institutions and networks from a CSV or XLSX file, in one transaction",
  description:
    "Rows without a name, with an invalid e-mail address, an unknown district (unless `createMissingDistricts`), an unknown life phase, field of action or network, or a name already in the directory (unless `updateExisting`) are rejected with their reasons; `row` is the row number in the spreadsheet.",
  middleware: [requireSession] as const,
  request: jsonBody(
    z.object({
      ...fileInput,
      mapping: mappingSchema,
      defaultKind: directoryKindSchema.default("institution"),
      createMissingDistricts: z.boolean().default(false),
      updateExisting: z.boolean().default(false),
    }),
  ),
  responses: {
    200: json(
      z
        .object({
          created: z.number().int(),
          updated: z.number().int(),
          districtsCreated: z.number().int(),
          rejected: z.array(z.object({ row: z.number().int(), name: z.string(), reasons: z.array(reasonSchema) })),
        })
        .openapi("DirectoryImportReport"),
    ),
    ...errorResponses,
  },
});

const exportRoute = createRoute({
  method: "get",
  path: "/directory/export",
  tags: ["Directory"],
  summary: "Download the whole directory as CSV (UTF-8 with BOM, semicolons) or XLSX, in the columns the import reads",
  middleware: [requireSession] as const,
  request: { query: z.object({ format: z.enum(["csv", "xlsx"]).default("csv") }) },
  responses: {
    200: {
      description: "The file",
      content: {
        "text/csv": { schema: z.string() },
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    ...errorResponses,
  },
});

async function readUpload(fileName: string, contentBase64: string): Promise<Table> {
  return readUploadedTable(fileName, decodeBase64File(contentBase64));
}

function requireUsableMapping(mapping: ImportMapping, table: Table): void {
  const outside = IMPORT_FIELDS.filter((field) => {
    const column = mapping[field];
    return column !== null && column !== undefined && column >= table.headers.length;
  });
  if (outside.length > 0) {
    throw new ApiError(
      400,
      "invalid_mapping",
      { de: `Diese Zuordnung zeigt auf eine Spalte, die es nicht gibt: ${outside.join(", ")}`, en: `Mapped to a column that does not exist: ${outside.join(", ")}` },
      outside.map((field) => ({ path: `mapping.${field}` })),
    );
  }
  if (mapping.name === null || mapping.name === undefined) {
    throw new ApiError(400, "name_column_required", {
      de: "Bitte wählen Sie die Spalte mit dem Namen.",
      en: "Please choose the column that holds the name.",
    });
  }
}

function fileNameFor(organisationName: string, extension: string): string {
  const slug = organisationName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
  return `verzeichnis${slug ? `-${slug}` : ""}-${new Date().toISOString().slice(0, 10)}.${extension}`;
}

export const importExportRoutes = createRouter()
  .openapi(previewRoute, async (c) => {
    const { fileName, contentBase64 } = c.req.valid("json");
    const table = await readUpload(fileName, contentBase64);
    return c.json(
      {
        format: table.format,
        headers: table.headers,
        rows: table.rows.slice(0, 20),
        totalRows: table.rows.length,
        mapping: suggestMapping(table.headers, table.rows),
        suggestedDefaultKind: /netzwerk|network/i.test(fileName) ? ("network" as const) : ("institution" as const),
      },
      200,
    );
  })
  .openapi(importRoute, async (c) => {
    const { fileName, contentBase64, ...options } = c.req.valid("json");
    const table = await readUpload(fileName, contentBase64);
    requireUsableMapping(options.mapping, table);
    const report = await importDirectory(c.var.services.db, c.var.session.organisationId, table, options);
    await recordAudit(c.var.services.db, {
      ...auditActor(c.var.session),
      action: "directory.imported",
      targetType: "directory",
      targetLabel: fileName,
      details: { created: report.created, updated: report.updated, rejected: report.rejected.length },
    });
    return c.json(report, 200);
  })
  .openapi(exportRoute, async (c) => {
    const { db } = c.var.services;
    const organisationId = c.var.session.organisationId;
    const { format } = c.req.valid("query");
    const organisation = await db.selectFrom("organisations").select("name").where("id", "=", organisationId).executeTakeFirstOrThrow();
    const table = await directoryTable(db, organisationId);
    const fileName = fileNameFor(organisation.name, format);
    await recordAudit(db, { ...auditActor(c.var.session), action: "directory.exported", targetType: "directory", details: { format, rows: table.length - 1 } });
    const headers = {
      "Content-Disposition": `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    };
    if (format === "xlsx") {
      return c.body(await toXlsx(table), 200, {
        ...headers,
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      });
    }
    return c.body(toCsv(table), 200, { ...headers, "Content-Type": "text/csv; charset=utf-8" });
  });
