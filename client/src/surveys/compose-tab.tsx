import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { answerOptionsOf } from "../lib/answer-options.ts";
import { api, ApiRequestError, errorMessage } from "../lib/api.ts";
import type { CanonItem, PickedItem, SurveyDetail, SurveyPatch, SurveyTexts } from "../lib/api-types.ts";
import { ConfirmDialog } from "../lib/confirm-dialog.tsx";
import { ErrorAlert } from "../lib/error-alert.tsx";
import { useI18n } from "../lib/i18n.ts";
import { addElement, allElements, conditionProblems, structureOf, withServerDetails, type BuilderPage } from "./builder-structure.ts";
import { SurveyBuilder } from "./survey-builder.tsx";
import { SeriesControl } from "../waves/series-control.tsx";
import { SurveyImportNote } from "../questionnaire-import/survey-import-note.tsx";
import { SurveySettingsCard } from "./survey-settings-card.tsx";
import { SurveyTextsCard } from "./survey-texts-card.tsx";
import type { WorkspaceSectionProps } from "./survey-workspace-page.tsx";

/** What the canon browser needs from the compose section (it is passed in by the app). */
export interface CanonPickerSlotProps {
  pickedIds: ReadonlySet<string>;
  onAdd: (item: CanonItem) => void;
  /** "Ganzes Modul hinzufügen": the module's items that are not in the survey yet. */
  onAddMany: (items: CanonItem[]) => void;
  /** Shown at the top of the browser: which page new questions go to. */
  addTarget?: ReactNode;
  /** The id to give the search box, so "Fragen aus dem Kanon hierher" can move the focus there. */
  searchInputId: string;
}

interface ComposeTabProps extends WorkspaceSectionProps {
  canonPicker: (props: CanonPickerSlotProps) => ReactNode;
}

interface Draft {
  texts: SurveyTexts;
  closingDate: string;
  pages: BuilderPage[];
}

type SaveState = "saved" | "unsaved" | "saving" | "error";

const AUTOSAVE_MS = 800;

function draftOf(survey: SurveyDetail): Draft {
  return {
    texts: survey.texts,
    closingDate: survey.closingDate ?? "",
    pages: survey.pages.length > 0 ? survey.pages : [{ id: "page-1", title: null, elements: [] }],
  };
}

/** A canon item as a placed question (the server fills in the rest when the survey is saved). */
function placedFrom(item: CanonItem): PickedItem {
  return {
    itemId: item.itemId,
    version: item.version,
    own: false,
    names: [item.itemId],
    required: false,
    title: item.title,
    type: item.type,
    module: item.module,
    moduleTitle: item.moduleTitle,
    choices: answerOptionsOf(item.element).map((option) => ({ value: option.value, text: option.text })),
    latestVersion: item.version,
    retired: item.retired,
  };
}

/**
 * The server's `invalid_condition` answer, tied to the question it is about: the questions it
 * refers to wrongly (by id), or none when the expression itself cannot be evaluated.
 */
function conditionErrorOf(error: unknown): { itemId: string; unknown: string[] } | null {
  if (!(error instanceof ApiRequestError) || error.code !== "invalid_condition") return null;
  const details = error.details as { itemId?: unknown; unknown?: unknown } | undefined;
  if (typeof details?.itemId !== "string") return null;
  const unknown = Array.isArray(details.unknown) ? details.unknown.filter((name): name is string => typeof name === "string") : [];
  return { itemId: details.itemId, unknown };
}

/**
 * "Fragen": the survey's texts, the builder (pages, questions, required flags, conditions) and
 * the canon to pick from. Every change is saved automatically shortly after it is made; the
 * status line says whether everything is saved. Preview and "open" save first. Once the survey
 * is open, the questions are read-only and only the texts and the closing date can change.
 */
export function ComposeTab({ survey, onSurveyChange, canonPicker }: ComposeTabProps) {
  const { t, pick } = useI18n();
  const [, navigate] = useLocation();
  const searchInputId = useId();
  const targetSelectId = useId();
  const [draft, setDraftState] = useState<Draft>(() => draftOf(survey));
  const draftRef = useRef(draft);
  const [saveState, setSaveState] = useState<SaveState>("saved");
  const [saveError, setSaveError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [confirm, setConfirm] = useState<"open" | "close" | null>(null);
  const [targetPageId, setTargetPageId] = useState(() => draft.pages.at(-1)?.id ?? "page-1");
  const [addedNote, setAddedNote] = useState("");
  const changes = useRef(0);
  const savedChanges = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const locked = survey.status !== "draft";

  const setDraft = useCallback((next: Draft, changed: boolean) => {
    draftRef.current = next;
    setDraftState(next);
    if (changed) {
      changes.current += 1;
      setSaveState("unsaved");
    }
  }, []);

  const update = useCallback(
    (patch: { texts?: Partial<SurveyTexts>; closingDate?: string; pages?: BuilderPage[] }) => {
      const current = draftRef.current;
      setDraft(
        {
          texts: patch.texts ? { ...current.texts, ...patch.texts } : current.texts,
          closingDate: patch.closingDate ?? current.closingDate,
          pages: patch.pages ?? current.pages,
        },
        true,
      );
    },
    [setDraft],
  );

  /** Saves the latest draft (one request at a time); resolves true when nothing is left unsaved. */
  const save = useCallback(async (): Promise<boolean> => {
    while (inFlight.current) await inFlight.current;
    if (savedChanges.current === changes.current) return true;
    const target = changes.current;
    const current = draftRef.current;
    const body: SurveyPatch = {
      intro: current.texts.intro,
      closingText: current.texts.closingText,
      titleEn: current.texts.titleEn,
      introEn: current.texts.introEn,
      closingTextEn: current.texts.closingTextEn,
      closingDate: current.closingDate === "" ? null : current.closingDate,
      ...(current.texts.title.trim() ? { title: current.texts.title } : {}),
      ...(survey.status === "draft" ? { pages: structureOf(current.pages) } : {}),
    };
    setSaveState("saving");
    const run = (async () => {
      try {
        const updated = await api.patch<SurveyDetail>(`/surveys/${survey.id}`, body);
        savedChanges.current = target;
        onSurveyChange(updated);
        setSaveError(null);
        // Answer options and newest versions come from the server; the planner's edits stay.
        const merged = withServerDetails(draftRef.current.pages, updated.pages);
        if (merged !== draftRef.current.pages) setDraft({ ...draftRef.current, pages: merged }, false);
        setSaveState(changes.current === target ? "saved" : "unsaved");
      } catch (error) {
        setSaveError(error);
        setSaveState("error");
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
    return savedChanges.current === changes.current;
  }, [onSurveyChange, setDraft, survey.id, survey.status]);

  useEffect(() => {
    if (saveState !== "unsaved") return;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [draft, saveState, save]);

  // Leaving the page with unsaved edits: let the browser warn.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (savedChanges.current !== changes.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, []);

  const pages = draft.pages;
  const pickedIds = useMemo(() => new Set(allElements(pages).map((element) => element.itemId)), [pages]);
  const target = pages.find((page) => page.id === targetPageId) ?? pages.at(-1)!;
  const pageLabel = (page: BuilderPage) => {
    const index = pages.indexOf(page) + 1;
    return page.title ? t("builder.pageNamed", { n: index, title: pick(page.title) }) : t("builder.pageNumber", { n: index });
  };

  const conditionErrors = useMemo(() => {
    const errors = new Map<string, string>();
    // Titles, never ids: a question that is gone altogether is named as such.
    const notBefore = (unknown: string[]) => {
      const titles = unknown.map((id) => {
        const element = allElements(pages).find((candidate) => candidate.itemId === id.replace(/-Comment$/, ""));
        return element ? `„${pick(element.title)}“` : t("condition.removedQuestion");
      });
      return t("condition.notBefore", { questions: [...new Set(titles)].join(", ") });
    };
    for (const [itemId, unknown] of conditionProblems(pages)) errors.set(itemId, notBefore(unknown));
    const serverError = saveState === "error" ? conditionErrorOf(saveError) : null;
    if (serverError && !errors.has(serverError.itemId)) {
      errors.set(serverError.itemId, serverError.unknown.length > 0 ? notBefore(serverError.unknown) : t("condition.unreadable"));
    }
    return errors;
  }, [pages, pick, saveError, saveState, t]);

  function addItems(items: CanonItem[]) {
    let next = draftRef.current.pages;
    const added: string[] = [];
    for (const item of items) {
      if (pickedIds.has(item.itemId)) continue;
      next = addElement(next, target.id, placedFrom(item));
      added.push(pick(item.title));
    }
    if (added.length === 0) return;
    update({ pages: next });
    setAddedNote(t("compose.added", { n: added.length, title: added[0]!, page: pageLabel(target) }));
  }

  function goToCanon(pageId: string) {
    setTargetPageId(pageId);
    const search = document.getElementById(searchInputId);
    search?.scrollIntoView({ block: "center" });
    search?.focus();
  }

  async function openPreview() {
    if (await save()) navigate(`/surveys/${survey.id}/preview`);
  }

  async function changeStatus(action: "open" | "close") {
    setConfirm(null);
    setActionError(null);
    if (!(await save())) return;
    try {
      onSurveyChange(await api.post<SurveyDetail>(`/surveys/${survey.id}/${action}`));
    } catch (error) {
      setActionError(error);
    }
  }

  const questionCount = pickedIds.size;
  const statusText =
    saveState === "saved"
      ? t("compose.saved")
      : saveState === "saving"
        ? t("compose.saving")
        : saveState === "unsaved"
          ? t("compose.unsaved")
          : t("compose.saveFailed", { message: errorMessage(saveError) });

  return (
    <div className="compose">
      <div className="toolbar compose-toolbar">
        <p className={`save-status save-${saveState}`} role="status" aria-live="polite">
          {statusText}
        </p>
        {saveState === "error" && (
          <button type="button" onClick={() => void save()}>
            {t("common.save")}
          </button>
        )}
        <Link
          href={`/surveys/${survey.id}/preview`}
          className="button"
          onClick={(event) => {
            event.preventDefault();
            void openPreview();
          }}
        >
          {t("compose.preview")}
        </Link>
        {survey.status === "draft" && (
          <button type="button" className="button-primary" disabled={questionCount === 0} onClick={() => setConfirm("open")}>
            {t("compose.open")}
          </button>
        )}
        {survey.status === "open" && (
          <button type="button" onClick={() => setConfirm("close")}>
            {t("compose.close")}
          </button>
        )}
        {survey.status === "closed" && (
          <button type="button" onClick={() => void changeStatus("open")}>
            {t("compose.reopen")}
          </button>
        )}
      </div>
      {survey.status === "draft" && questionCount === 0 && <p className="hint">{t("compose.needItems")}</p>}
      {survey.status === "open" && <p className="alert alert-info">{t("compose.opened")}</p>}
      {survey.status === "closed" && <p className="alert alert-info">{t("compose.closedNote")}</p>}
      <ErrorAlert error={actionError} />

      <SurveyTextsCard texts={draft.texts} closingDate={draft.closingDate} onChange={update} />
      <SurveySettingsCard survey={survey} onSurveyChange={onSurveyChange} />
      <SeriesControl survey={survey} />

      <section className="card" aria-labelledby="picked-heading">
        <h2 id="picked-heading">{t("compose.picked", { n: questionCount })}</h2>
        {survey.importSource && <SurveyImportNote source={survey.importSource} />}
        {!locked && <p className="hint">{t("builder.intro")}</p>}
        <SurveyBuilder
          surveyId={survey.id}
          pages={pages}
          locked={locked}
          onChange={(next) => update({ pages: next })}
          conditionErrors={conditionErrors}
          targetPageId={target.id}
          onAddFromCanon={goToCanon}
        />
      </section>

      {locked ? (
        <p className="hint">{t("canon.locked")}</p>
      ) : (
        canonPicker({
          pickedIds,
          onAdd: (item) => addItems([item]),
          onAddMany: addItems,
          searchInputId,
          addTarget: (
            <>
              {pages.length > 1 && (
                <div className="field add-target">
                  <label htmlFor={targetSelectId}>{t("compose.addTarget")}</label>
                  <select id={targetSelectId} value={target.id} onChange={(event) => setTargetPageId(event.target.value)}>
                    {pages.map((page) => (
                      <option key={page.id} value={page.id}>
                        {pageLabel(page)}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <p className="visually-hidden" role="status" aria-live="polite">
                {addedNote}
              </p>
            </>
          ),
        })
      )}

      <ConfirmDialog
        open={confirm === "open"}
        title={t("compose.openConfirmTitle")}
        text={t("compose.openConfirmText")}
        confirmLabel={t("compose.openConfirm")}
        onConfirm={() => void changeStatus("open")}
        onCancel={() => setConfirm(null)}
      />
      <ConfirmDialog
        open={confirm === "close"}
        title={t("compose.closeConfirmTitle")}
        text={t("compose.closeConfirmText")}
        confirmLabel={t("compose.closeConfirm")}
        onConfirm={() => void changeStatus("close")}
        onCancel={() => setConfirm(null)}
      />
    </div>
  );
}
