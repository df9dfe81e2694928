import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filteredEntries } from "../../server/directory/directory-filter.ts";
import { describeEachDatabase } from "../support/databases.ts";
import { addOrganisation, createTestApp, setUpOrganisation, signedIn, type PlannerClient, type TestApp } from "../support/test-app.ts";

/** The directory of institutions and networks: districts, entries, members, filters, import and export. */

const base64 = (content: string | Uint8Array) => Buffer.from(content).toString("base64");

interface Entry {
  id: string;
  kind: "institution" | "network";
  name: string;
  type: string;
  emails: string[];
  districtId: string | null;
  districtName: string | null;
  lifePhases: string[];
  fieldsOfAction: string[];
  memberCount: number;
  networks: { id: string; name: string }[];
  contactPerson: string;
  contactSalutation: "ms" | "mr" | null;
  language: "de" | "en";
  notes: string;
}

describeEachDatabase("directory of institutions and networks", (kind) => {
  let testApp: TestApp;
  let admin: PlannerClient;
  let intruder: PlannerClient;

  beforeAll(async () => {
    testApp = await createTestApp(kind);
    ({ planner: admin } = await setUpOrganisation(testApp, "Stadt Wuppertal"));
    ({ planner: intruder } = await addOrganisation(testApp, "Stadt Dortmund"));
  });
  afterAll(() => testApp.close());

  /** A fresh organisation, so counts in a test do not depend on the others. */
  async function freshOrganisation(name: string) {
    return (await addOrganisation(testApp, name)).planner;
  }

  async function search(planner: PlannerClient, filter: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    return planner.json<{ total: number; entries: Entry[] }>("POST", "/api/directory/search", { filter, limit: 500, ...extra });
  }

  const names = (result: { entries: Entry[] }) => result.entries.map((entry) => entry.name).sort();

  describe("districts", () => {
    it("lets admins create, rename, reorder and delete districts; entries keep existing without their district", async () => {
      const planner = await freshOrganisation("Kreis Mettmann");
      const eving = await planner.json("POST", "/api/directory/districts", { name: "Eving" }, 201);
      const mitte = await planner.json("POST", "/api/directory/districts", { name: "Innenstadt-Nord" }, 201);
      const huckarde = await planner.json("POST", "/api/directory/districts", { name: "Huckarde" }, 201);
      expect((await planner.request("POST", "/api/directory/districts", { name: "eving" })).status).toBe(409);

      const renamed = await planner.json("PATCH", `/api/directory/districts/${mitte.id}`, { name: "Innenstadt-West" });
      expect(renamed.name).toBe("Innenstadt-West");
      expect((await planner.request("PATCH", `/api/directory/districts/${mitte.id}`, { name: "Huckarde" })).status).toBe(409);

      const reordered = await planner.json("PUT", "/api/directory/districts/order", { ids: [huckarde.id, eving.id] });
      expect(reordered.districts.map((district: { name: string }) => district.name)).toEqual(["Huckarde", "Eving", "Innenstadt-West"]);

      const kita = await planner.json("POST", "/api/directory/entries", { kind: "institution", name: "Kita Grüne Wiese", districtId: eving.id }, 201);
      expect(kita.districtName).toBe("Eving");
      const listed = await planner.json("GET", "/api/directory/districts");
      expect(listed.districts.find((district: { id: string }) => district.id === eving.id).entryCount).toBe(1);

      const deleted = await planner.json("DELETE", `/api/directory/districts/${eving.id}`);
      expect(deleted.unassignedEntries).toBe(1);
      const after = await planner.json("GET", `/api/directory/entries/${kita.id}`);
      expect(after).toMatchObject({ name: "Kita Grüne Wiese", districtId: null, districtName: null });
      expect((await planner.json("GET", "/api/directory/districts")).districts.map((district: { name: string }) => district.name)).toEqual([
        "Huckarde",
        "Innenstadt-West",
      ]);
    });

    it("lets planners who are not admins read districts but not change them", async () => {
      await admin.json("POST", "/api/team/invitations", { email: "verzeichnis-planerin@wuppertal.de" });
      await testApp.mailWorker.runOnce();
      const mail = (await admin.json("GET", "/api/dev/mailbox")).mails.find(
        (entry: { to: string }) => entry.to === "verzeichnis-planerin@wuppertal.de",
      );
      const inviteToken = mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/)[1];
      const planner = await signedIn(
        testApp,
        await testApp.request("POST", `/api/team/invitations/${inviteToken}/accept`, { name: "Paula Planerin", password: "gruene-tuer-am-marktplatz" }),
      );
      const district = await admin.json("POST", "/api/directory/districts", { name: "Elberfeld" }, 201);
      expect((await planner.json("GET", "/api/directory/districts")).districts.map((entry: { name: string }) => entry.name)).toContain("Elberfeld");
      expect((await planner.request("POST", "/api/directory/districts", { name: "Barmen" })).status).toBe(403);
      expect((await planner.request("PATCH", `/api/directory/districts/${district.id}`, { name: "Vohwinkel" })).status).toBe(403);
      expect((await planner.request("DELETE", `/api/directory/districts/${district.id}`)).status).toBe(403);
      // Planners do edit entries.
      await planner.json("POST", "/api/directory/entries", { kind: "institution", name: "Jugendzentrum Elberfeld", districtId: district.id }, 201);
    });
  });

  describe("entries", () => {
    it("creates, reads, updates and deletes an institution, lower-casing and de-duplicating its addresses", async () => {
      const created = await admin.json<Entry>(
        "POST",
        "/api/directory/entries",
        {
          kind: "institution",
          name: "Familienzentrum Löwenzahn",
          type: "Familienzentrum",
          lifePhases: ["early_childhood", "school"],
          fieldsOfAction: ["youth_welfare"],
          contactPerson: "Jörg Müller",
          emails: ["Leitung@Loewenzahn.de", " ", "Jörg Müller <info@loewenzahn.de>", "leitung@loewenzahn.de"],
          notes: "Offene Sprechstunde dienstags",
        },
        201,
      );
      expect(created).toMatchObject({
        kind: "institution",
        name: "Familienzentrum Löwenzahn",
        type: "Familienzentrum",
        emails: ["leitung@loewenzahn.de", "info@loewenzahn.de"],
        lifePhases: ["early_childhood", "school"],
        memberCount: 0,
        networks: [],
        members: [],
      });
      const updated = await admin.json<Entry>("PATCH", `/api/directory/entries/${created.id}`, { emails: ["kontakt@loewenzahn.de"], notes: "" });
      expect(updated).toMatchObject({ emails: ["kontakt@loewenzahn.de"], notes: "", contactPerson: "Jörg Müller", type: "Familienzentrum" });
      expect((await admin.json("GET", `/api/directory/entries/${created.id}`)).emails).toEqual(["kontakt@loewenzahn.de"]);

      await admin.json("DELETE", `/api/directory/entries/${created.id}`);
      expect((await admin.request("GET", `/api/directory/entries/${created.id}`)).status).toBe(404);
      expect((await admin.request("DELETE", `/api/directory/entries/${created.id}`)).status).toBe(404);
    });

    it("rejects bad e-mail addresses with 400 naming each address and its reason, and stores nothing", async () => {
      const response = await admin.request("POST", "/api/directory/entries", {
        kind: "institution",
        name: "Kita Regenbogen",
        emails: ["kita@regenbogen.de", "leitung(at)regenbogen.de", "info@regenbogen"],
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as any;
      expect(body.error.code).toBe("invalid_emails");
      expect(body.error.details).toEqual([
        expect.objectContaining({ path: "emails.1", value: "leitung(at)regenbogen.de", reason: "missing_at", messageDe: "Es fehlt das @-Zeichen" }),
        expect.objectContaining({ path: "emails.2", value: "info@regenbogen", reason: "domain_without_dot", messageDe: "Der Domain fehlt die Endung (etwa „.de“)" }),
      ]);
      expect(body.error.messageDe).toContain("leitung(at)regenbogen.de");
      expect((await search(admin, { search: "Regenbogen" })).total).toBe(0);

      const kita = await admin.json<Entry>("POST", "/api/directory/entries", { kind: "institution", name: "Kita Regenbogen" }, 201);
      const patch = await admin.request("PATCH", `/api/directory/entries/${kita.id}`, { emails: ["@regenbogen.de"] });
      expect(patch.status).toBe(400);
      expect(((await patch.json()) as any).error.details[0]).toMatchObject({ path: "emails.0", reason: "missing_local_part" });
      // Internationalised domains are welcome, stored in Unicode whichever form was typed.
      const idn = await admin.json<Entry>("PATCH", `/api/directory/entries/${kita.id}`, {
        emails: ["Kontakt@xn--brgerverein-musterstadt-cpc.de", "kontakt@bürgerverein-musterstadt.de", "leitung@regenbogen.de"],
      });
      expect(idn.emails).toEqual(["kontakt@bürgerverein-musterstadt.de", "leitung@regenbogen.de"]);
    });

    it("answers validation problems with 4xx, never 500", async () => {
      const cases: [unknown, number][] = [
        [{ kind: "institution", name: "" }, 400],
        [{ kind: "verein", name: "Sportverein" }, 400],
        [{ kind: "institution", name: "Kita A", lifePhases: ["kindergarten"] }, 400],
        [{ kind: "institution", name: "Kita A", districtId: "not-a-uuid" }, 400],
        [{ kind: "institution", name: "Kita A", districtId: "00000000-0000-4000-8000-000000000000" }, 404],
        [{ kind: "institution", name: "Kita A", emails: "kita@a.de" }, 400],
        [{ kind: "institution", name: "Kita A", emails: ["x".repeat(300) + "@a.de"] }, 400],
        [{ kind: "institution", name: "Kita A", memberIds: ["00000000-0000-4000-8000-000000000000"] }, 400],
      ];
      for (const [body, status] of cases) {
        const response = await admin.request("POST", "/api/directory/entries", body);
        expect(response.status, JSON.stringify(body)).toBe(status);
      }
      await admin.json("POST", "/api/directory/entries", { kind: "network", name: "Stadtteilkonferenz Ölberg" }, 201);
      const duplicate = await admin.request("POST", "/api/directory/entries", { kind: "network", name: "stadtteilkonferenz ölberg" });
      expect(duplicate.status).toBe(409);
      // The same name as an institution is a different entry.
      await admin.json("POST", "/api/directory/entries", { kind: "institution", name: "Stadtteilkonferenz Ölberg" }, 201);
    });

    it("keeps network members: only institutions of the organisation, replaced as a list, shown both ways", async () => {
      const planner = await freshOrganisation("Stadt Hamm");
      const kita = await planner.json<Entry>("POST", "/api/directory/entries", { kind: "institution", name: "Kita Sonne", type: "Kita" }, 201);
      const school = await planner.json<Entry>("POST", "/api/directory/entries", { kind: "institution", name: "Grundschule Nord", type: "Schule" }, 201);
      const other = await planner.json<Entry>("POST", "/api/directory/entries", { kind: "network", name: "Arbeitskreis Frühe Hilfen" }, 201);
      const network = await planner.json<Entry & { members: { name: string }[] }>(
        "POST",
        "/api/directory/entries",
        { kind: "network", name: "Netzwerk Frühe Hilfen", type: "Netzwerk Frühe Hilfen", memberIds: [kita.id] },
        201,
      );
      expect(network.members.map((member) => member.name)).toEqual(["Kita Sonne"]);
      expect(network.memberCount).toBe(1);

      const set = await planner.json("PUT", `/api/directory/entries/${network.id}/members`, { memberIds: [school.id, kita.id, kita.id] });
      expect(set.members.map((member: { name: string }) => member.name)).toEqual(["Grundschule Nord", "Kita Sonne"]);
      expect((await planner.json("GET", `/api/directory/entries/${kita.id}`)).networks).toEqual([{ id: network.id, name: "Netzwerk Frühe Hilfen" }]);

      const networkAsMember = await planner.request("PUT", `/api/directory/entries/${network.id}/members`, { memberIds: [other.id] });
      expect(networkAsMember.status).toBe(400);
      expect((await planner.request("GET", `/api/directory/entries/${kita.id}/members`)).status).toBe(400);

      // An institution's memberships can be set from the institution too.
      await planner.json("PATCH", `/api/directory/entries/${school.id}`, { networkIds: [other.id] });
      expect((await planner.json("GET", `/api/directory/entries/${network.id}/members`)).members.map((member: { name: string }) => member.name)).toEqual([
        "Kita Sonne",
      ]);
      expect((await planner.json("GET", `/api/directory/entries/${other.id}`)).memberCount).toBe(1);

      await planner.json("DELETE", `/api/directory/entries/${kita.id}`);
      expect((await planner.json("GET", `/api/directory/entries/${network.id}`)).memberCount).toBe(0);
    });

    it("lists the types in use per kind and the vocabulary with canon labels and counts", async () => {
      const planner = await freshOrganisation("Stadt Herne");
      for (const [name, type] of [["Kita A", "Kita"], ["Kita B", "kita"], ["Beratung C", "Beratungsstelle"]]) {
        await planner.json("POST", "/api/directory/entries", { kind: "institution", name, type, lifePhases: ["early_childhood"] }, 201);
      }
      await planner.json("POST", "/api/directory/entries", { kind: "network", name: "STK Mitte", type: "Stadtteilkonferenz" }, 201);
      const facets = await planner.json("GET", "/api/directory/facets");
      expect(facets.counts).toEqual({ institution: 3, network: 1 });
      expect(facets.types.institution).toEqual([
        { value: "Kita", count: 2 },
        { value: "Beratungsstelle", count: 1 },
      ]);
      expect(facets.types.network).toEqual([{ value: "Stadtteilkonferenz", count: 1 }]);
      expect(facets.lifePhases.find((phase: { id: string }) => phase.id === "early_childhood")).toEqual({
        id: "early_childhood",
        label: { de: "Rund um die Kita", en: "Early childhood and day care" },
        count: 3,
      });
      expect(facets.fieldsOfAction.map((field: { id: string }) => field.id)).toEqual(["health", "youth_welfare", "education", "social", "sport", "culture"]);
    });
  });

  describe("filters", () => {
    let planner: PlannerClient;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      planner = await freshOrganisation("Stadt Dortmund-Filter");
      ids.eving = (await planner.json("POST", "/api/directory/districts", { name: "Eving" }, 201)).id;
      ids.huckarde = (await planner.json("POST", "/api/directory/districts", { name: "Huckarde" }, 201)).id;
      const institution = async (name: string, body: Record<string, unknown>) => {
        ids[name] = (await planner.json("POST", "/api/directory/entries", { kind: "institution", name, ...body }, 201)).id;
      };
      await institution("Kita Märchensiedlung", { type: "Kita", districtId: ids.eving, lifePhases: ["early_childhood"], fieldsOfAction: ["youth_welfare"], emails: ["kita@maerchen.de"] });
      await institution("Grundschule Eving", { type: "Schule", districtId: ids.eving, lifePhases: ["school"], fieldsOfAction: ["education"], contactPerson: "Frau Özdemir" });
      await institution("Kinderarztpraxis Dr. Sommer", { type: "Kinderarztpraxis", districtId: ids.huckarde, lifePhases: ["pregnancy_birth", "early_childhood"], fieldsOfAction: ["health"] });
      await institution("Jugendtreff Huckarde", { type: "Jugendzentrum", districtId: ids.huckarde, lifePhases: ["youth"], fieldsOfAction: ["youth_welfare", "sport"] });
      await institution("Sportverein Eving 09", { type: "Sportverein", lifePhases: ["school", "youth"], fieldsOfAction: ["sport"] });
      const network = async (name: string, body: Record<string, unknown>) => {
        ids[name] = (await planner.json("POST", "/api/directory/entries", { kind: "network", name, ...body }, 201)).id;
      };
      await network("INFamilie – Märchensiedlung", {
        type: "Präventionsnetzwerk",
        districtId: ids.eving,
        lifePhases: ["early_childhood"],
        memberIds: [ids["Kita Märchensiedlung"], ids["Grundschule Eving"], ids["Kinderarztpraxis Dr. Sommer"]],
      });
      await network("Stadtteilkonferenz Eving", { type: "Stadtteilkonferenz", districtId: ids.eving, memberIds: [ids["Grundschule Eving"], ids["Sportverein Eving 09"]] });
      await network("Stadtteilkonferenz Huckarde", { type: "stadtteilkonferenz", districtId: ids.huckarde, memberIds: [ids["Jugendtreff Huckarde"]] });
    });

    it("narrows by each criterion", async () => {
      expect((await search(planner, {})).total).toBe(8);
      expect((await search(planner, { kind: "network" })).total).toBe(3);
      expect(names(await search(planner, { kind: "network", types: ["STADTTEILKONFERENZ"] }))).toEqual(["Stadtteilkonferenz Eving", "Stadtteilkonferenz Huckarde"]);
      expect(names(await search(planner, { types: ["Kita", "Schule"] }))).toEqual(["Grundschule Eving", "Kita Märchensiedlung"]);
      expect((await search(planner, { districtIds: [ids.huckarde] })).total).toBe(3);
      expect(names(await search(planner, { lifePhases: ["pregnancy_birth", "youth"] }))).toEqual([
        "Jugendtreff Huckarde",
        "Kinderarztpraxis Dr. Sommer",
        "Sportverein Eving 09",
      ]);
      expect(names(await search(planner, { fieldsOfAction: ["health"] }))).toEqual(["Kinderarztpraxis Dr. Sommer"]);
      expect(names(await search(planner, { memberOfNetworkIds: [ids["INFamilie – Märchensiedlung"]] }))).toEqual([
        "Grundschule Eving",
        "Kinderarztpraxis Dr. Sommer",
        "Kita Märchensiedlung",
      ]);
      expect(names(await search(planner, { ids: [ids["Sportverein Eving 09"], ids["Stadtteilkonferenz Eving"]] }))).toEqual([
        "Sportverein Eving 09",
        "Stadtteilkonferenz Eving",
      ]);
      expect(names(await search(planner, { search: "märchen" }))).toEqual(["INFamilie – Märchensiedlung", "Kita Märchensiedlung"]);
      expect(names(await search(planner, { search: "ÖZDEMIR" }))).toEqual(["Grundschule Eving"]);
      expect(names(await search(planner, { search: "kita@maer" }))).toEqual(["Kita Märchensiedlung"]);
      expect((await search(planner, { search: "%" })).total).toBe(0);
      expect((await search(planner, { types: [], districtIds: [], lifePhases: [] })).total).toBe(8);
    });

    it("combines criteria with AND and values within a criterion with OR", async () => {
      expect(names(await search(planner, { kind: "institution", districtIds: [ids.eving], lifePhases: ["early_childhood"] }))).toEqual([
        "Kita Märchensiedlung",
      ]);
      expect(
        names(await search(planner, { memberOfNetworkIds: [ids["Stadtteilkonferenz Eving"], ids["Stadtteilkonferenz Huckarde"]], lifePhases: ["youth"] })),
      ).toEqual(["Jugendtreff Huckarde", "Sportverein Eving 09"]);
      expect(names(await search(planner, { memberOfNetworkIds: [ids["INFamilie – Märchensiedlung"]], districtIds: [ids.huckarde] }))).toEqual([
        "Kinderarztpraxis Dr. Sommer",
      ]);
      expect((await search(planner, { kind: "network", fieldsOfAction: ["health"] })).total).toBe(0);
      expect(names(await search(planner, { ids: [ids["Kita Märchensiedlung"], ids["Jugendtreff Huckarde"]], districtIds: [ids.eving] }))).toEqual([
        "Kita Märchensiedlung",
      ]);
    });

    it("gives the district name, member counts and networks, sorts and pages", async () => {
      const networks = await search(planner, { kind: "network" });
      const infamilie = networks.entries.find((entry) => entry.name === "INFamilie – Märchensiedlung")!;
      expect(infamilie).toMatchObject({ districtName: "Eving", memberCount: 3 });
      const school = (await search(planner, { search: "Grundschule" })).entries[0]!;
      expect(school.networks.map((network) => network.name)).toEqual(["INFamilie – Märchensiedlung", "Stadtteilkonferenz Eving"]);

      const page = await planner.json("POST", "/api/directory/search", { filter: { kind: "institution" }, offset: 2, limit: 2 });
      expect(page.total).toBe(5);
      expect(page.entries.map((entry: Entry) => entry.name)).toEqual(["Kinderarztpraxis Dr. Sommer", "Kita Märchensiedlung"]);
      const byDistrict = await planner.json("POST", "/api/directory/search", { filter: { kind: "institution" }, sort: "district" });
      expect(byDistrict.entries.map((entry: Entry) => entry.districtName)).toEqual(["Eving", "Eving", "Huckarde", "Huckarde", null]);
      const descending = await planner.json("POST", "/api/directory/search", { filter: { kind: "network" }, direction: "desc" });
      expect(descending.entries[0].name).toBe("Stadtteilkonferenz Huckarde");
    });

    it("is the same query for the survey mailing code: filteredEntries over the database", async () => {
      const rows = await filteredEntries(testApp.database.db, planner.organisationId, { kind: "network", types: ["Stadtteilkonferenz"] })
        .select(["directory_entries.name"])
        .orderBy("directory_entries.name")
        .execute();
      expect(rows.map((row) => row.name)).toEqual(["Stadtteilkonferenz Eving", "Stadtteilkonferenz Huckarde"]);
      const other = await filteredEntries(testApp.database.db, intruder.organisationId, { ids: [ids["Kita Märchensiedlung"]!] })
        .select("directory_entries.id")
        .execute();
      expect(other).toEqual([]);
    });

    it("rejects malformed filters with 400", async () => {
      expect((await planner.request("POST", "/api/directory/search", { filter: { districtIds: ["Eving"] } })).status).toBe(400);
      expect((await planner.request("POST", "/api/directory/search", { filter: { kind: "verein" } })).status).toBe(400);
      expect((await planner.request("POST", "/api/directory/search", { limit: 100000 })).status).toBe(400);
    });
  });

  describe("tenant isolation", () => {
    it("gives another organisation 404 for entries, networks and districts, and shows it none of them", async () => {
      const district = await admin.json("POST", "/api/directory/districts", { name: "Vohwinkel" }, 201);
      const kita = await admin.json<Entry>("POST", "/api/directory/entries", { kind: "institution", name: "Kita Vohwinkel", districtId: district.id }, 201);
      const network = await admin.json<Entry>("POST", "/api/directory/entries", { kind: "network", name: "STK Vohwinkel", memberIds: [kita.id] }, 201);

      expect((await intruder.request("GET", `/api/directory/entries/${kita.id}`)).status).toBe(404);
      expect((await intruder.request("PATCH", `/api/directory/entries/${kita.id}`, { name: "Übernommen" })).status).toBe(404);
      expect((await intruder.request("DELETE", `/api/directory/entries/${kita.id}`)).status).toBe(404);
      expect((await intruder.request("GET", `/api/directory/entries/${network.id}/members`)).status).toBe(404);
      expect((await intruder.request("PUT", `/api/directory/entries/${network.id}/members`, { memberIds: [] })).status).toBe(404);
      expect((await intruder.request("PATCH", `/api/directory/districts/${district.id}`, { name: "Übernommen" })).status).toBe(404);
      expect((await intruder.request("DELETE", `/api/directory/districts/${district.id}`)).status).toBe(404);
      expect((await intruder.request("PUT", "/api/directory/districts/order", { ids: [district.id] })).status).toBe(404);

      // Another organisation's ids cannot be borrowed in its own entries either.
      const own = await intruder.json<Entry>("POST", "/api/directory/entries", { kind: "network", name: "STK Dortmund" }, 201);
      expect((await intruder.request("PUT", `/api/directory/entries/${own.id}/members`, { memberIds: [kita.id] })).status).toBe(404);
      expect((await intruder.request("POST", "/api/directory/entries", { kind: "institution", name: "X", districtId: district.id })).status).toBe(404);
      expect((await intruder.request("POST", "/api/directory/entries", { kind: "institution", name: "Y", networkIds: [network.id] })).status).toBe(404);

      expect((await search(intruder, {})).entries.map((entry) => entry.name)).toEqual(["STK Dortmund"]);
      expect((await search(intruder, { ids: [kita.id], memberOfNetworkIds: [network.id] })).total).toBe(0);
      expect((await intruder.json("GET", "/api/directory/districts")).districts).toEqual([]);
      expect((await intruder.json("GET", "/api/directory/facets")).counts).toEqual({ institution: 0, network: 1 });
      const exported = await (await intruder.request("GET", "/api/directory/export?format=csv")).text();
      expect(exported).not.toContain("Vohwinkel");

      const unchanged = await admin.json("GET", `/api/directory/entries/${network.id}`);
      expect(unchanged).toMatchObject({ name: "STK Vohwinkel", memberCount: 1, districtName: null });
      expect((await admin.json("GET", `/api/directory/entries/${kita.id}`)).districtName).toBe("Vohwinkel");
    });
  });

  describe("import", () => {
    async function preview(planner: PlannerClient, fileName: string, content: string | Uint8Array) {
      return planner.json("POST", "/api/directory/import/preview", { fileName, contentBase64: base64(content) });
    }

    async function importFile(planner: PlannerClient, fileName: string, content: string | Uint8Array, options: Record<string, unknown> = {}) {
      const { mapping } = await preview(planner, fileName, content);
      return planner.json("POST", "/api/directory/import", {
        fileName,
        contentBase64: base64(content),
        mapping,
        defaultKind: "institution",
        createMissingDistricts: false,
        updateExisting: false,
        ...options,
      });
    }

    it("reads a German Excel CSV (BOM, semicolons, umlauts) with its bad rows rejected and reasons given", async () => {
      const planner = await freshOrganisation("Stadt Gelsenkirchen");
      await planner.json("POST", "/api/directory/districts", { name: "Bismarck" }, 201);
      await planner.json("POST", "/api/directory/districts", { name: "Schalke-Nord" }, 201);
      const csv = [
        "Einrichtung;Trägerart;E-Mail-Adressen;Ansprechpartnerin;Stadtteil;Lebensphasen;Handlungsfelder;Bemerkung",
        "Kita Sonnenblume;Kita;kita@sonnenblume.de, leitung@sonnenblume.de;Frau Jäger;Bismarck;Rund um die Kita;Kinder- und Jugendhilfe;Öffnungszeiten 7–17 Uhr",
        "Familienzentrum Spielkiste;Familienzentrum;info@spielkiste.de;Herr Çelik;schalke-nord;Kita | Schule;Bildung, Soziales;",
        ";Kita;ohne@name.de;;;;;",
        "Beratungsstelle Lichtblick;Beratungsstelle;lichtblick.de;;Bismarck;;;",
        "Jugendtreff Übergang;Jugendzentrum;treff@uebergang.de;;Buer;Jugend;;",
        "Hebammenpraxis Storch;Hebamme;storch@hebammen.de;;;Schwangerschaft;Gesundheit, Tanz;",
        "",
        "Grundschule Am Dörnerhof;Schule;schule@doernerhof.de;;Bismarck;school;education;",
      ].join("\r\n");
      const file = `\uFEFF${csv}\r\n`;

      const shown = await preview(planner, "einrichtungen.csv", file);
      expect(shown.format).toBe("csv");
      expect(shown.headers[0]).toBe("Einrichtung");
      expect(shown.totalRows).toBe(7);
      expect(shown.rows[0]).toEqual({
        row: 2,
        cells: ["Kita Sonnenblume", "Kita", "kita@sonnenblume.de, leitung@sonnenblume.de", "Frau Jäger", "Bismarck", "Rund um die Kita", "Kinder- und Jugendhilfe", "Öffnungszeiten 7–17 Uhr"],
      });
      expect(shown.mapping).toEqual({
        kind: null,
        name: 0,
        type: 1,
        emails: 2,
        contactPerson: 3,
        salutation: null,
        language: null,
        district: 4,
        lifePhases: 5,
        fieldsOfAction: 6,
        memberOf: null,
        notes: 7,
      });

      const report = await importFile(planner, "einrichtungen.csv", file);
      expect(report.created).toBe(3);
      expect(report.updated).toBe(0);
      expect(report.rejected.map((row: { row: number }) => row.row)).toEqual([4, 5, 6, 7]);
      const reasonsOf = (row: number) => report.rejected.find((entry: { row: number }) => entry.row === row).reasons.map((reason: { code: string }) => reason.code);
      expect(reasonsOf(4)).toEqual(["missing_name"]);
      expect(reasonsOf(5)).toEqual(["invalid_email"]);
      expect(report.rejected.find((entry: { row: number }) => entry.row === 5).reasons[0].messageDe).toBe(
        "Ungültige E-Mail-Adresse „lichtblick.de“: Es fehlt das @-Zeichen",
      );
      expect(reasonsOf(6)).toEqual(["unknown_district"]);
      expect(report.rejected.find((entry: { row: number }) => entry.row === 6).reasons[0].messageDe).toContain("Buer");
      expect(reasonsOf(7)).toEqual(["unknown_field_of_action"]);
      expect(report.rejected.find((entry: { row: number }) => entry.row === 7).reasons[0].message).toContain("Tanz");

      const all = await search(planner, {});
      expect(names(all)).toEqual(["Familienzentrum Spielkiste", "Grundschule Am Dörnerhof", "Kita Sonnenblume"]);
      expect(all.entries.find((entry) => entry.name === "Kita Sonnenblume")).toMatchObject({
        type: "Kita",
        emails: ["kita@sonnenblume.de", "leitung@sonnenblume.de"],
        // "Frau Jäger" in the contact column: the salutation is read off the name.
        contactPerson: "Jäger",
        contactSalutation: "ms",
        language: "de",
        districtName: "Bismarck",
        lifePhases: ["early_childhood"],
        fieldsOfAction: ["youth_welfare"],
        notes: "Öffnungszeiten 7–17 Uhr",
      });
      expect(all.entries.find((entry) => entry.name === "Familienzentrum Spielkiste")).toMatchObject({
        contactPerson: "Çelik",
        contactSalutation: "mr",
        districtName: "Schalke-Nord",
        lifePhases: ["early_childhood", "school"],
        fieldsOfAction: ["education", "social"],
      });

      // The same file again: what exists is a duplicate unless updating is asked for; new districts on request.
      const again = await importFile(planner, "einrichtungen.csv", file, { createMissingDistricts: true });
      expect(again.created).toBe(1);
      expect(again.districtsCreated).toBe(1);
      expect(again.rejected.filter((row: { reasons: { code: string }[] }) => row.reasons[0]!.code === "duplicate").map((row: { row: number }) => row.row)).toEqual([
        2, 3, 9,
      ]);
      expect((await planner.json("GET", "/api/directory/districts")).districts.map((district: { name: string }) => district.name)).toEqual([
        "Bismarck",
        "Schalke-Nord",
        "Buer",
      ]);
      const changed = file.replace("Frau Jäger", "Frau Kaya");
      const updated = await importFile(planner, "einrichtungen.csv", changed, { updateExisting: true });
      expect(updated).toMatchObject({ created: 0, updated: 4 });
      expect((await search(planner, { search: "Sonnenblume" })).entries[0]!).toMatchObject({ contactPerson: "Kaya", contactSalutation: "ms" });
    });

    it("reads Windows-1252 CSV (Excel's older default) and tab-separated files", async () => {
      const planner = await freshOrganisation("Stadt Bochum");
      const latin1 = Buffer.from("Name;Typ;E-Mail\r\nKita Bärenhöhle;Kita;baeren@kita.de\r\n", "latin1");
      expect((await importFile(planner, "liste.csv", latin1)).created).toBe(1);
      const tabbed = "Name\tArt\tMail\nSTK Wattenscheid\tStadtteilkonferenz\tstk@wat.de\n";
      expect((await importFile(planner, "netzwerke.txt", tabbed, { defaultKind: "network" })).created).toBe(1);
      expect(names(await search(planner, {}))).toEqual(["Kita Bärenhöhle", "STK Wattenscheid"]);
      expect((await search(planner, { kind: "network", types: ["Stadtteilkonferenz"] })).total).toBe(1);
    });

    it("reads an XLSX file with a kind column, memberships and bad rows", async () => {
      const planner = await freshOrganisation("Stadt Essen");
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Akteure");
      sheet.addRow(["Art", "Name", "Typ", "E-Mail", "Sozialraum", "Lebensphase(n)", "Mitglied in"]);
      sheet.addRow(["Netzwerk", "Netzwerk Frühe Hilfen Altenessen", "Netzwerk Frühe Hilfen", "fruehe-hilfen@essen.de", "Altenessen", "pregnancy_birth; early_childhood", ""]);
      sheet.addRow(["Einrichtung", "Kita Zollverein", "Kita", { text: "kita@zollverein.de", hyperlink: "mailto:kita@zollverein.de" }, "Altenessen", "Rund um die Kita", "Netzwerk Frühe Hilfen Altenessen"]);
      sheet.addRow(["Einrichtung", "Geburtsklinik Nord", "Klinik", "klinik@essen.de", "Altenessen", "Geburt", "Netzwerk Frühe Hilfen Altenessen; Arbeitskreis Unbekannt"]);
      sheet.addRow(["Verein", "Sportfreunde Katernberg", "Sportverein", "sf@katernberg.de", "", "", ""]);
      sheet.addRow(["Einrichtung", "Schule ohne Mail", "Schule", "schule@", "Altenessen", "Grundschule", ""]);
      sheet.addRow(["Netzwerk", "Arbeitskreis Jugend", "Arbeitskreis", "ak@essen.de", "", "Jugend", "Netzwerk Frühe Hilfen Altenessen"]);
      const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

      const shown = await preview(planner, "akteure.xlsx", bytes);
      expect(shown.format).toBe("xlsx");
      expect(shown.mapping).toMatchObject({ kind: 0, name: 1, type: 2, emails: 3, district: 4, lifePhases: 5, memberOf: 6 });
      expect(shown.rows[1].cells[3]).toBe("kita@zollverein.de");

      const report = await importFile(planner, "akteure.xlsx", bytes, { createMissingDistricts: true });
      expect(report.created).toBe(2);
      expect(report.districtsCreated).toBe(1);
      const byRow = Object.fromEntries(report.rejected.map((row: { row: number; reasons: { code: string }[] }) => [row.row, row.reasons.map((reason) => reason.code)]));
      expect(byRow).toEqual({
        4: ["unknown_network"],
        5: ["unknown_kind"],
        6: ["invalid_email"],
        7: ["network_membership"],
      });
      const network = (await search(planner, { kind: "network" })).entries[0]!;
      expect(network).toMatchObject({ name: "Netzwerk Frühe Hilfen Altenessen", lifePhases: ["pregnancy_birth", "early_childhood"], memberCount: 1 });
      expect(names(await search(planner, { memberOfNetworkIds: [network.id] }))).toEqual(["Kita Zollverein"]);
    });

    it("imports 300 institutions and 40 networks with memberships in one go, quickly", async () => {
      const planner = await freshOrganisation("Stadt Köln");
      const districts = ["Chorweiler", "Porz", "Kalk", "Mülheim", "Ehrenfeld"];
      const lines = ["Art;Name;Typ;E-Mail;Sozialraum;Lebensphasen;Handlungsfelder;Mitglied in"];
      for (let network = 1; network <= 40; network++) {
        lines.push(`Netzwerk;Netzwerk ${network};Stadtteilkonferenz;netz${network}@koeln.de;${districts[network % 5]};;;`);
      }
      for (let index = 1; index <= 300; index++) {
        const memberOf = [`Netzwerk ${(index % 40) + 1}`, `Netzwerk ${((index + 7) % 40) + 1}`].join("; ");
        lines.push(`Einrichtung;Einrichtung ${index};Kita;e${index}@koeln.de;${districts[index % 5]};Kita;Bildung;"${memberOf}"`);
      }
      const started = performance.now();
      const report = await importFile(planner, "koeln.csv", lines.join("\n"), { createMissingDistricts: true });
      const seconds = (performance.now() - started) / 1000;
      expect(report).toMatchObject({ created: 340, updated: 0, districtsCreated: 5, rejected: [] });
      expect(seconds).toBeLessThan(5);
      expect((await planner.json("GET", "/api/directory/facets")).counts).toEqual({ institution: 300, network: 40 });
      const networkOne = (await search(planner, { kind: "network", search: "Netzwerk 1" })).entries.find((entry) => entry.name === "Netzwerk 1")!;
      expect(networkOne.memberCount).toBe(14);
      expect((await search(planner, { memberOfNetworkIds: [networkOne.id] })).total).toBe(14);
      expect((await search(planner, { search: "Einrichtung 8" })).entries.find((entry) => entry.name === "Einrichtung 8")!.networks.map((n) => n.name)).toEqual([
        "Netzwerk 16",
        "Netzwerk 9",
      ]);
    });

    it("refuses unreadable files and impossible mappings with 400, and accepts import bodies above the general 2 MB limit", async () => {
      const planner = await freshOrganisation("Stadt Bottrop");
      const xls = await planner.request("POST", "/api/directory/import/preview", { fileName: "alt.xls", contentBase64: base64("\xd0\xcf\x11\xe0") });
      expect(xls.status).toBe(400);
      expect(((await xls.json()) as any).error.messageDe).toContain(".xlsx");
      const brokenXlsx = await planner.request("POST", "/api/directory/import/preview", { fileName: "kaputt.xlsx", contentBase64: base64("PK\x03\x04kaputt") });
      expect(brokenXlsx.status).toBe(400);
      const empty = await planner.request("POST", "/api/directory/import/preview", { fileName: "leer.csv", contentBase64: base64("\n\n") });
      expect(empty.status).toBe(400);
      const csv = "Name;E-Mail\nKita A;a@kita.de\n";
      const noName = await planner.request("POST", "/api/directory/import", { fileName: "a.csv", contentBase64: base64(csv), mapping: { emails: 1 } });
      expect(noName.status).toBe(400);
      const outside = await planner.request("POST", "/api/directory/import", { fileName: "a.csv", contentBase64: base64(csv), mapping: { name: 0, emails: 7 } });
      expect(outside.status).toBe(400);

      const bigNotes = "x".repeat(4000);
      const big = ["Name;Notizen", ...Array.from({ length: 700 }, (_, index) => `Kita ${index};${bigNotes}`)].join("\n");
      expect(base64(big).length).toBeGreaterThan(2 * 1024 * 1024);
      const bigPreview = await planner.json("POST", "/api/directory/import/preview", { fileName: "gross.csv", contentBase64: base64(big) });
      expect(bigPreview.totalRows).toBe(700);
      const elsewhere = await planner.request("POST", "/api/directory/search", { filter: { search: "x".repeat(3 * 1024 * 1024) } });
      expect(elsewhere.status).toBe(413);
    });
  });

  describe("export", () => {
    it("exports CSV for Excel that imports again into the same directory, with formula cells neutralised", async () => {
      const source = await freshOrganisation("Stadt Münster");
      const district = await source.json("POST", "/api/directory/districts", { name: "Hiltrup" }, 201);
      const kita = await source.json<Entry>(
        "POST",
        "/api/directory/entries",
        {
          kind: "institution",
          name: "Kita Pusteblume",
          type: "Kita",
          emails: ["kita@pusteblume.de", "leitung@pusteblume.de"],
          contactPerson: "Frau Weiß",
          language: "en",
          districtId: district.id,
          lifePhases: ["early_childhood", "youth"],
          fieldsOfAction: ["youth_welfare", "health"],
          notes: '=HYPERLINK("http://evil.example","klick"); zweite Zeile\n"zitiert"',
        },
        201,
      );
      await source.json("POST", "/api/directory/entries", { kind: "institution", name: "+49 Beratung", type: "-Beratungsstelle", emails: [] }, 201);
      await source.json("POST", "/api/directory/entries", { kind: "network", name: "Netzwerk Frühe Hilfen, Hiltrup", type: "Netzwerk", memberIds: [kita.id] }, 201);
      await source.json("POST", "/api/directory/entries", { kind: "network", name: "@Arbeitskreis Jugend", memberIds: [kita.id] }, 201);

      const response = await source.request("GET", "/api/directory/export?format=csv");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/csv");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="verzeichnis-stadt-munster-\d{4}-\d{2}-\d{2}\.csv"/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes.slice(3));
      expect(text.split("\r\n")[0]).toBe("Art;Name;Typ;E-Mail;Ansprechperson;Anrede;Sprache;Sozialraum;Lebensphasen;Handlungsfelder;Mitglied in;Notizen");
      expect(text).toContain(";Weiß;Frau;Englisch;");
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""klick""); zweite Zeile\n""zitiert"""`);
      expect(text).toContain("Einrichtung;'+49 Beratung;'-Beratungsstelle;");
      expect(text).toContain("Netzwerk;'@Arbeitskreis Jugend;");
      expect(text).not.toMatch(/(^|;|")[=+@-]/m);

      const target = await freshOrganisation("Stadt Münster (Kopie)");
      const { mapping } = await target.json("POST", "/api/directory/import/preview", { fileName: "export.csv", contentBase64: base64(bytes) });
      expect(mapping).toEqual({
        kind: 0,
        name: 1,
        type: 2,
        emails: 3,
        contactPerson: 4,
        salutation: 5,
        language: 6,
        district: 7,
        lifePhases: 8,
        fieldsOfAction: 9,
        memberOf: 10,
        notes: 11,
      });
      const report = await target.json("POST", "/api/directory/import", {
        fileName: "export.csv",
        contentBase64: base64(bytes),
        mapping,
        defaultKind: "institution",
        createMissingDistricts: true,
        updateExisting: false,
      });
      expect(report).toMatchObject({ created: 4, rejected: [] });

      const comparable = (entries: Entry[]) =>
        entries.map((entry) => ({
          kind: entry.kind,
          name: entry.name,
          type: entry.type,
          emails: entry.emails,
          contactPerson: entry.contactPerson,
          contactSalutation: entry.contactSalutation,
          language: entry.language,
          districtName: entry.districtName,
          lifePhases: [...entry.lifePhases].sort(),
          fieldsOfAction: [...entry.fieldsOfAction].sort(),
          networks: entry.networks.map((network) => network.name),
          memberCount: entry.memberCount,
          notes: entry.notes,
        }));
      expect(comparable((await search(target, {})).entries)).toEqual(comparable((await search(source, {})).entries));
    });

    it("exports XLSX with text cells that imports again", async () => {
      const source = await freshOrganisation("Stadt Bielefeld");
      await source.json("POST", "/api/directory/entries", { kind: "institution", name: "=1+1 Kita", type: "Kita", emails: ["a@kita.de"], lifePhases: ["school"] }, 201);
      const response = await source.request("GET", "/api/directory/export?format=xlsx");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      const bytes = new Uint8Array(await response.arrayBuffer());
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      const cell = workbook.worksheets[0]!.getRow(2).getCell(2);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe("=1+1 Kita");

      const target = await freshOrganisation("Stadt Bielefeld (Kopie)");
      const { mapping } = await target.json("POST", "/api/directory/import/preview", { fileName: "export.xlsx", contentBase64: base64(bytes) });
      const report = await target.json("POST", "/api/directory/import", { fileName: "export.xlsx", contentBase64: base64(bytes), mapping });
      expect(report).toMatchObject({ created: 1, rejected: [] });
      expect((await search(target, {})).entries[0]).toMatchObject({ name: "=1+1 Kita", emails: ["a@kita.de"], lifePhases: ["school"] });
    });
  });
});
