import { useCallback, useId, useRef, useState, type FormEvent } from "react";
import { api, ApiRequestError } from "../lib/api.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import { takeSalutation } from "../../../server/lib/person-name.ts";
import { EmailListField, pickProblem } from "./email-list-field.tsx";
import type { DirectoryEntry, DirectoryEntryDetail, DirectoryKind, EmailProblem, NewDirectoryEntry } from "./directory-types.ts";
import type { DirectoryChoices } from "./use-directory-choices.ts";

interface Draft {
  name: string;
  type: string;
  districtId: string;
  contactPerson: string;
  /** "" for none (a neutral greeting). */
  contactSalutation: "" | "ms" | "mr";
  language: "de" | "en";
  emails: string[];
  lifePhases: string[];
  fieldsOfAction: string[];
  networkIds: string[];
  notes: string;
}

const draftOf = (entry: DirectoryEntry | null): Draft => ({
  name: entry?.name ?? "",
  type: entry?.type ?? "",
  districtId: entry?.districtId ?? "",
  contactPerson: entry?.contactPerson ?? "",
  contactSalutation: entry?.contactSalutation ?? "",
  language: entry?.language ?? "de",
  emails: entry && entry.emails.length > 0 ? [...entry.emails] : [""],
  lifePhases: entry?.lifePhases ?? [],
  fieldsOfAction: entry?.fieldsOfAction ?? [],
  networkIds: entry?.networks.map((network) => network.id) ?? [],
  notes: entry?.notes ?? "",
});

interface EntryDialogProps {
  /** Mount with a fresh `key` per opening; closing through `open` gives the focus back to the opener. */
  open: boolean;
  kind: DirectoryKind;
  /** The entry to edit; null creates a new one. */
  entry: DirectoryEntry | null;
  choices: DirectoryChoices;
  onClose: () => void;
  onSaved: (saved: DirectoryEntryDetail, created: boolean) => void;
}

/**
 * Create or edit an institution or a network: name, type (with the types already in use),
 * district, contact person, e-mail addresses (each checked, reasons kept next to the address),
 * life phases and fields of action in the canon's words, notes, and an institution's networks.
 */
export function EntryDialog({ open, kind, entry, choices, onClose, onSaved }: EntryDialogProps) {
  const { t, pick } = useI18n();
  const id = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(entry));
  const [nameError, setNameError] = useState("");
  const [emailProblems, setEmailProblems] = useState<Record<number, string>>({});
  const [focusEmail, setFocusEmail] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const clearFocusEmail = useCallback(() => setFocusEmail(null), []);

  const title = entry
    ? t("directory.editTitle", { name: entry.name })
    : kind === "institution"
      ? t("directory.newInstitution")
      : t("directory.newNetwork");
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => setDraft((current) => ({ ...current, [field]: value }));
  const toggle = (field: "lifePhases" | "fieldsOfAction" | "networkIds", value: string, on: boolean) =>
    setDraft((current) => ({ ...current, [field]: on ? [...current[field], value] : current[field].filter((entry) => entry !== value) }));

  function changeEmails(emails: string[]) {
    setEmailProblems((current) => {
      if (emails.length !== draft.emails.length) return {};
      return Object.fromEntries(Object.entries(current).filter(([index]) => emails[Number(index)] === draft.emails[Number(index)]));
    });
    set("emails", emails);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!draft.name.trim()) {
      setNameError(t("directory.nameRequired"));
      nameInput.current?.focus();
      return;
    }
    const live = Object.fromEntries(
      draft.emails.flatMap((email, index) => {
        const problem = pickProblem(email, pick);
        return problem ? [[index, problem]] : [];
      }),
    );
    if (Object.keys(live).length > 0) {
      setEmailProblems(live);
      setFocusEmail(Number(Object.keys(live)[0]));
      return;
    }
    const body = {
      name: draft.name.trim(),
      type: draft.type.trim(),
      districtId: draft.districtId || null,
      contactPerson: draft.contactPerson.trim(),
      contactSalutation: draft.contactSalutation || null,
      language: draft.language,
      emails: draft.emails,
      lifePhases: draft.lifePhases as NewDirectoryEntry["lifePhases"],
      fieldsOfAction: draft.fieldsOfAction as NewDirectoryEntry["fieldsOfAction"],
      notes: draft.notes,
      ...(kind === "institution" ? { networkIds: draft.networkIds } : {}),
    };
    setBusy(true);
    try {
      const saved = entry
        ? await api.patch<DirectoryEntryDetail>(`/directory/entries/${entry.id}`, body)
        : await api.post<DirectoryEntryDetail>("/directory/entries", { kind, ...body });
      onSaved(saved, entry === null);
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.code === "invalid_emails" && Array.isArray(caught.details)) {
        const problems = caught.details as EmailProblem[];
        setEmailProblems(Object.fromEntries(problems.map((problem) => [problem.index, pick({ de: problem.messageDe, en: problem.message })])));
        setFocusEmail(problems[0]?.index ?? null);
      } else if (caught instanceof ApiRequestError && caught.code === "duplicate_entry") {
        setNameError(caught.localizedMessage);
        nameInput.current?.focus();
      } else {
        setError(caught);
      }
    } finally {
      setBusy(false);
    }
  }

  const types = choices.facets.types[kind];
  const kindKey = kind === "institution" ? "institution" : "network";

  return (
    <ModalDialog open={open} title={title} onClose={onClose} wide initialFocus={nameInput}>
      <form className="form entry-form" onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t("directory.field.name")}</label>
          <input
            ref={nameInput}
            id={`${id}-name`}
            type="text"
            value={draft.name}
            maxLength={300}
            required
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? `${id}-name-error` : undefined}
            onChange={(event) => {
              set("name", event.target.value);
              setNameError("");
            }}
          />
          {nameError && (
            <p className="field-error" id={`${id}-name-error`}>
              {nameError}
            </p>
          )}
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-type`}>{t(`directory.field.type.${kindKey}`)}</label>
            <p className="hint" id={`${id}-type-hint`}>
              {t(`directory.field.typeHint.${kindKey}`)}
            </p>
            <input
              id={`${id}-type`}
              type="text"
              list={`${id}-types`}
              value={draft.type}
              maxLength={200}
              autoComplete="off"
              aria-describedby={`${id}-type-hint`}
              onChange={(event) => set("type", event.target.value)}
            />
            <datalist id={`${id}-types`}>
              {types.map((type) => (
                <option key={type.value} value={type.value} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor={`${id}-district`}>{t("directory.field.district")}</label>
            <select id={`${id}-district`} value={draft.districtId} onChange={(event) => set("districtId", event.target.value)}>
              <option value="">{t("directory.noDistrict")}</option>
              {choices.districts.map((district) => (
                <option key={district.id} value={district.id}>
                  {district.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-salutation`}>{t("directory.field.salutation")}</label>
            <select
              id={`${id}-salutation`}
              value={draft.contactSalutation}
              onChange={(event) => set("contactSalutation", event.target.value as Draft["contactSalutation"])}
            >
              <option value="">{t("directory.salutation.none")}</option>
              <option value="ms">{t("directory.salutation.ms")}</option>
              <option value="mr">{t("directory.salutation.mr")}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-contact`}>{t("directory.field.contactPerson")}</label>
            <p className="hint" id={`${id}-contact-hint`}>
              {t("directory.field.contactPersonHint")}
            </p>
            <input
              id={`${id}-contact`}
              type="text"
              value={draft.contactPerson}
              maxLength={300}
              autoComplete="off"
              aria-describedby={`${id}-contact-hint`}
              onChange={(event) => set("contactPerson", event.target.value)}
              onBlur={() => {
                // "Frau Anna Müller" typed in one go: the salutation moves to its field.
                const taken = takeSalutation(draft.contactPerson);
                if (taken.salutation && !draft.contactSalutation) setDraft((current) => ({ ...current, contactPerson: taken.name, contactSalutation: taken.salutation! }));
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-language`}>{t("directory.field.language")}</label>
            <select id={`${id}-language`} value={draft.language} onChange={(event) => set("language", event.target.value as Draft["language"])}>
              <option value="de">{t("lang.de")}</option>
              <option value="en">{t("lang.en")}</option>
            </select>
          </div>
        </div>
        <EmailListField
          emails={draft.emails}
          onChange={changeEmails}
          problems={emailProblems}
          focusIndex={focusEmail}
          onFocused={clearFocusEmail}
        />
        <fieldset className="check-group">
          <legend>{t("directory.field.lifePhases")}</legend>
          {choices.facets.lifePhases.map((phase) => (
            <label key={phase.id} className="check">
              <input
                type="checkbox"
                checked={draft.lifePhases.includes(phase.id)}
                onChange={(event) => toggle("lifePhases", phase.id, event.target.checked)}
              />
              {pick(phase.label)}
            </label>
          ))}
        </fieldset>
        <fieldset className="check-group">
          <legend>{t("directory.field.fieldsOfAction")}</legend>
          {choices.facets.fieldsOfAction.map((field) => (
            <label key={field.id} className="check">
              <input
                type="checkbox"
                checked={draft.fieldsOfAction.includes(field.id)}
                onChange={(event) => toggle("fieldsOfAction", field.id, event.target.checked)}
              />
              {pick(field.label)}
            </label>
          ))}
        </fieldset>
        {kind === "institution" && (
          <fieldset className="check-group directory-network-choices">
            <legend>{t("directory.field.networks")}</legend>
            {choices.networks.length === 0 && <p className="hint">{t("directory.noNetworksYet")}</p>}
            {choices.networks.map((network) => (
              <label key={network.id} className="check">
                <input
                  type="checkbox"
                  checked={draft.networkIds.includes(network.id)}
                  onChange={(event) => toggle("networkIds", network.id, event.target.checked)}
                />
                {network.name}
              </label>
            ))}
          </fieldset>
        )}
        {kind === "network" && !entry && <p className="hint">{t("directory.membersAfterSave")}</p>}
        <div className="field">
          <label htmlFor={`${id}-notes`}>{t("directory.field.notes")}</label>
          <p className="hint" id={`${id}-notes-hint`}>
            {t("directory.field.notesHint")}
          </p>
          <textarea
            id={`${id}-notes`}
            rows={3}
            value={draft.notes}
            maxLength={5000}
            aria-describedby={`${id}-notes-hint`}
            onChange={(event) => set("notes", event.target.value)}
          />
        </div>
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? t("directory.saving") : t("common.save")}
          </button>
          <button type="button" onClick={onClose}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
