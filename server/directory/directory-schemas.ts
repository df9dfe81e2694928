/** Request and response shapes of the directory routes (they also document the API). */
import { z } from "@hono/zod-openapi";
import { FIELDS_OF_ACTION, LIFE_PHASES } from "./directory-vocabulary.ts";
import { LANGUAGES } from "../lib/languages.ts";
import { SALUTATIONS } from "../lib/person-name.ts";

export const directoryKindSchema = z.enum(["institution", "network"]);

const localized = z.object({ de: z.string(), en: z.string() });

export const districtSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number().int(),
    /** How many institutions and networks lie in it. */
    entryCount: z.number().int(),
  })
  .openapi("District");

const entryLinkSchema = z.object({ id: z.string(), name: z.string() });

export const directoryEntrySchema = z
  .object({
    id: z.string(),
    kind: directoryKindSchema,
    name: z.string(),
    /** Provider type of an institution ("Kita") or type of a network ("Stadtteilkonferenz"). */
    type: z.string(),
    fieldsOfAction: z.array(z.string()),
    lifePhases: z.array(z.string()),
    districtId: z.string().nullable(),
    districtName: z.string().nullable(),
    /** As written ("Müller, Anna" or "Anna Müller"). */
    contactPerson: z.string(),
    /** Frau (ms) / Herr (mr) for the greeting; null: neutral. */
    contactSalutation: z.enum(SALUTATIONS).nullable(),
    /** The language of the mails to this entry. */
    language: z.enum(LANGUAGES),
    /** Lower-cased, internationalised domains in Unicode; invitations go to the first. */
    emails: z.array(z.string()),
    notes: z.string(),
    /** Networks: how many institutions are members (0 for institutions). */
    memberCount: z.number().int(),
    /** Institutions: the networks they are a member of (empty for networks). */
    networks: z.array(entryLinkSchema),
    updatedAt: z.string(),
  })
  .openapi("DirectoryEntry");

export const networkMemberSchema = z
  .object({ id: z.string(), name: z.string(), type: z.string(), districtName: z.string().nullable() })
  .openapi("NetworkMember");

export const directoryEntryDetailSchema = directoryEntrySchema
  .extend({
    /** Networks: their member institutions (empty for institutions). */
    members: z.array(networkMemberSchema),
  })
  .openapi("DirectoryEntryDetail");

const entryFields = {
  name: z.string().trim().min(1).max(300),
  type: z.string().trim().max(200),
  fieldsOfAction: z.array(z.enum(FIELDS_OF_ACTION)).max(FIELDS_OF_ACTION.length),
  lifePhases: z.array(z.enum(LIFE_PHASES)).max(LIFE_PHASES.length),
  districtId: z.uuid().nullable(),
  contactPerson: z.string().trim().max(300),
  /** Frau (ms) / Herr (mr); null: neutral. Left out, a leading "Frau"/"Herr" in the contact person sets it. */
  contactSalutation: z.enum(SALUTATIONS).nullable(),
  language: z.enum(LANGUAGES),
  /** Each address is checked on its own; invalid ones come back with their reason (400 invalid_emails). */
  emails: z.array(z.string().max(500)).max(50),
  notes: z.string().max(5000),
  /** Networks only: the member institutions (replaces the list). */
  memberIds: z.array(z.uuid()).max(5000),
  /** Institutions only: the networks it is a member of (replaces the list). */
  networkIds: z.array(z.uuid()).max(500),
};

export const createEntryInput = z
  .object({
    kind: directoryKindSchema,
    name: entryFields.name,
    type: entryFields.type.default(""),
    fieldsOfAction: entryFields.fieldsOfAction.default([]),
    lifePhases: entryFields.lifePhases.default([]),
    districtId: entryFields.districtId.default(null),
    contactPerson: entryFields.contactPerson.default(""),
    contactSalutation: entryFields.contactSalutation.optional(),
    language: entryFields.language.default("de"),
    emails: entryFields.emails.default([]),
    notes: entryFields.notes.default(""),
    memberIds: entryFields.memberIds.optional(),
    networkIds: entryFields.networkIds.optional(),
  })
  .openapi("NewDirectoryEntry");

export const updateEntryInput = z
  .object({
    name: entryFields.name.optional(),
    type: entryFields.type.optional(),
    fieldsOfAction: entryFields.fieldsOfAction.optional(),
    lifePhases: entryFields.lifePhases.optional(),
    districtId: entryFields.districtId.optional(),
    contactPerson: entryFields.contactPerson.optional(),
    contactSalutation: entryFields.contactSalutation.optional(),
    language: entryFields.language.optional(),
    emails: entryFields.emails.optional(),
    notes: entryFields.notes.optional(),
    memberIds: entryFields.memberIds.optional(),
    networkIds: entryFields.networkIds.optional(),
  })
  .openapi("DirectoryEntryPatch");

export type CreateEntryInput = z.infer<typeof createEntryInput>;
export type UpdateEntryInput = z.infer<typeof updateEntryInput>;

export const facetsSchema = z
  .object({
    counts: z.object({ institution: z.number().int(), network: z.number().int() }),
    /** The distinct types in use per kind, most used first. */
    types: z.object({
      institution: z.array(z.object({ value: z.string(), count: z.number().int() })),
      network: z.array(z.object({ value: z.string(), count: z.number().int() })),
    }),
    lifePhases: z.array(z.object({ id: z.string(), label: localized, count: z.number().int() })),
    fieldsOfAction: z.array(z.object({ id: z.string(), label: localized, count: z.number().int() })),
  })
  .openapi("DirectoryFacets");
