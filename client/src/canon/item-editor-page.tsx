import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation } from "wouter";
import { answerValueOptionsOf } from "../lib/answer-options.ts";
import { api, ApiRequestError } from "../lib/api.ts";
import type { CanonItem, CanonItemVersion, CanonItemVersions, NewCanonItem } from "../lib/api-types.ts";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { Loading } from "../lib/loading.tsx";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { setCanonNotice } from "./canon-notice.ts";
import { ItemEditorForm } from "./item-editor-form.tsx";
import { draftFromItem, elementFromDraft, newDraft, type ItemDraft } from "./item-draft.ts";
import { ItemPreviewPanel } from "./item-preview-panel.tsx";
import { draftProblems } from "./item-problems.ts";
import { newModuleId } from "./module-field.tsx";
import { OptionMappingStep } from "./option-mapping-step.tsx";
import { reloadCanonFacets, useCanonFacets } from "./use-canon-facets.ts";
import { VersionHistory } from "./version-history.tsx";

type Loaded =
  | { status: "loading" }
  | { status: "ready"; latest: CanonItemVersion | null }
  | { status: "unsupported"; latest: CanonItemVersion }
  | { status: "readOnly" }
  | { status: "error"; error: unknown };

const PERSONAL_DATA_WARNING = {
  de: "Bitte keine Angaben zu einzelnen Klient:innen oder Familien (keine Namen, keine Fallbeschreibungen).",
  en: "Please do not enter details about individual clients or families (no names, no case descriptions).",
};

function sameValues(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/**
 * "Eigene Frage anlegen" and editing an own item. A new item becomes version 1; saving an edit
 * makes a new version (surveys keep the version they picked). When the answer options changed,
 * the option mapping step comes first, so results stay comparable across survey waves.
 */
export function ItemEditorPage({ itemId }: { itemId?: string }) {
  const { t, pick } = useI18n();
  const [, navigate] = useLocation();
  const { facets } = useCanonFacets();
  const editing = itemId !== undefined;
  const [loaded, setLoaded] = useState<Loaded>(editing ? { status: "loading" } : { status: "ready", latest: null });
  const [draft, setDraft] = useState<ItemDraft | null>(editing ? null : newDraft());
  const [attempt, setAttempt] = useState(0);
  const [step, setStep] = useState<"form" | "mapping">("form");
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const pageTitle = editing ? t("editor.editTitle") : t("editor.newTitle");
  useDocumentTitle(pageTitle);

  useEffect(() => {
    if (!itemId) return;
    api
      .get<CanonItemVersions>(`/canon/items/${encodeURIComponent(itemId)}/versions`)
      .then((history) => {
        const latest = history.versions.at(-1)!;
        if (!history.own) {
          setLoaded({ status: "readOnly" });
          return;
        }
        const loadedDraft = draftFromItem(latest);
        if (!loadedDraft) {
          setLoaded({ status: "unsupported", latest });
          return;
        }
        setDraft(loadedDraft);
        setLoaded({ status: "ready", latest });
      })
      .catch((error: unknown) => setLoaded({ status: "error", error }));
  }, [itemId]);

  const problems = useMemo(() => (draft ? draftProblems(draft, t) : []), [draft, t]);
  const element = useMemo(() => (draft ? elementFromDraft(draft) : null), [draft]);
  const latest = loaded.status === "ready" ? loaded.latest : null;

  const previewElement = useMemo(() => {
    if (!draft || !element) return null;
    const help = draft.personalDataWarning
      ? { de: `${draft.help.de} ${PERSONAL_DATA_WARNING.de}`.trim(), en: `${draft.help.en} ${PERSONAL_DATA_WARNING.en}`.trim() }
      : draft.help;
    const title = element.title as { de: string; en: string };
    const untitled = t("editor.previewUntitled");
    return {
      ...withNamedOptions(element, t("editor.previewUnnamedOption")),
      name: "preview",
      title: { de: title.de || title.en || untitled, en: title.en || title.de || untitled },
      ...(help.de || help.en ? { description: { de: help.de || help.en, en: help.en || help.de } } : {}),
    };
  }, [draft, element, t]);

  function requestBody(current: ItemDraft): NewCanonItem {
    const module =
      current.module.mode === "new"
        ? { id: newModuleId(current.module.title.de, facets), title: { de: current.module.title.de.trim(), en: current.module.title.en.trim() } }
        : current.module.mode === "existing"
          ? { id: current.module.id, title: current.module.title }
          : latest && latest.module !== `own.${current.questionnaire}`
            ? { id: `own.${current.questionnaire}`, title: { de: "Eigene Fragen", en: "Own questions" } }
            : undefined;
    return {
      questionnaire: current.questionnaire as NewCanonItem["questionnaire"],
      ...(module ? { module } : {}),
      tags: current.tags as NewCanonItem["tags"],
      help: { de: current.help.de.trim(), en: current.help.en.trim() },
      personalDataWarning: current.personalDataWarning,
      element: elementFromDraft(current) as NewCanonItem["element"],
    };
  }

  async function create(current: ItemDraft) {
    setBusy(true);
    setSaveError(null);
    try {
      const created = await api.post<CanonItem>("/canon/items", requestBody(current));
      setCanonNotice(t("editor.created", { title: pick(created.title) }));
      reloadCanonFacets();
      navigate("/canon");
    } catch (error) {
      setSaveError(error);
      setBusy(false);
    }
  }

  async function revise(current: ItemDraft, optionMapping?: { map: Record<string, string | null>; break: boolean }) {
    if (!itemId || !latest) return;
    setBusy(true);
    setSaveError(null);
    try {
      const saved = await api.put<CanonItem>(`/canon/items/${encodeURIComponent(itemId)}`, {
        ...requestBody(current),
        baseVersion: latest.version,
        ...(optionMapping ? { optionMapping } : {}),
      });
      setCanonNotice(t("editor.revised", { title: pick(saved.title), n: saved.version }));
      reloadCanonFacets();
      navigate("/canon");
    } catch (error) {
      setBusy(false);
      setSaveError(error);
      if (error instanceof ApiRequestError && error.code === "option_mapping_required") setStep("mapping");
    }
  }

  function submit() {
    if (!draft) return;
    setAttempt((count) => count + 1);
    if (problems.length > 0) return;
    if (!editing) {
      void create(draft);
      return;
    }
    if (!latest) return;
    const before = answerValueOptionsOf(latest.element).map((option) => option.value);
    const after = answerValueOptionsOf(elementFromDraft(draft)).map((option) => option.value);
    if (before.length > 0 && !sameValues(before, after)) {
      setSaveError(null);
      setStep("mapping");
      return;
    }
    void revise(draft);
  }

  function backToForm() {
    setStep("form");
    setSaveError(null);
    requestAnimationFrame(() => heading.current?.focus());
  }

  return (
    <>
      <p className="breadcrumb">
        <Link href="/canon">{t("editor.backToCanon")}</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {pageTitle}
        {latest && <span className="heading-meta"> · {t("editor.basedOn", { n: latest.version })}</span>}
      </h1>
      {loaded.status === "loading" && <Loading />}
      {loaded.status === "error" && <ErrorAlert error={loaded.error} />}
      {loaded.status === "readOnly" && <p className="alert alert-info">{t("editor.readOnly")}</p>}
      {loaded.status === "unsupported" && <p className="alert alert-info">{t("editor.unsupported", { type: String(loaded.latest.element.type) })}</p>}
      {draft && loaded.status === "ready" && step === "form" && (
        <>
          <p className="hint">{editing ? t("editor.editIntro") : t("editor.newIntro")}</p>
          <div className="editor-layout">
            <div className="editor-main">
              <ErrorAlert error={saveError} />
              <ItemEditorForm
                draft={draft}
                onChange={setDraft}
                facets={facets}
                problems={attempt > 0 ? problems : []}
                attempt={attempt}
                onSubmit={submit}
                busy={busy}
                submitLabel={editing ? t("editor.saveVersion", { n: (latest?.version ?? 0) + 1 }) : t("editor.create")}
                editing={editing}
              />
            </div>
            <div className="editor-aside">{previewElement && <ItemPreviewPanel element={previewElement} />}</div>
          </div>
          {itemId && (
            <section className="card" aria-labelledby="versions-heading">
              <h2 id="versions-heading">{t("canon.versions")}</h2>
              <VersionHistory itemId={itemId} />
            </section>
          )}
        </>
      )}
      {draft && latest && step === "mapping" && (
        <OptionMappingStep
          itemTitle={pick(draft.title)}
          fromVersion={latest.version}
          oldOptions={answerValueOptionsOf(latest.element)}
          newOptions={answerValueOptionsOf(elementFromDraft(draft))}
          busy={busy}
          error={saveError}
          onSave={(mapping) => void revise(draft, mapping)}
          onBack={backToForm}
        />
      )}
    </>
  );
}

/**
 * A draft's options, rows and columns as the preview can show them: an option still without
 * text reads "(Antworttext fehlt noch)" (so it is visible and has an accessible name), one
 * without a code gets a stand-in value so that the options stay distinct.
 */
function withNamedOptions(element: Record<string, unknown>, unnamed: string): Record<string, unknown> {
  const named = { ...element };
  for (const key of ["choices", "rows", "columns"] as const) {
    const list = element[key];
    if (!Array.isArray(list)) continue;
    named[key] = list.map((entry: { value?: unknown; text?: { de?: string; en?: string } }, index) => {
      const de = entry.text?.de || entry.text?.en || unnamed;
      const en = entry.text?.en || entry.text?.de || unnamed;
      return { ...entry, value: entry.value || `${key}_${index + 1}`, text: { de, en } };
    });
  }
  return named;
}
