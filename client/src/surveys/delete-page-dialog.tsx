import { useId, useState } from "react";
import { useI18n } from "../lib/i18n.ts";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import type { BuilderPage } from "./builder-structure.ts";

interface DeletePageDialogProps {
  /** The page to delete (it has questions); null while closed. */
  page: BuilderPage | null;
  pages: BuilderPage[];
  pageName: (pageId: string) => string;
  onConfirm: (moveTo: string) => void;
  onCancel: () => void;
}

/** Deleting a page that still has questions: they move to another page first, never silently away. */
export function DeletePageDialog({ page, pages, pageName, onConfirm, onCancel }: DeletePageDialogProps) {
  const { t } = useI18n();
  const id = useId();
  const others = pages.filter((candidate) => candidate.id !== page?.id);
  const [target, setTarget] = useState("");
  const [openedFor, setOpenedFor] = useState<string | null>(null);

  // A fresh choice each time a page is opened for deletion: the first other page.
  if ((page?.id ?? null) !== openedFor) {
    setOpenedFor(page?.id ?? null);
    setTarget(others[0]?.id ?? "");
  }

  return (
    <ModalDialog open={page !== null} title={page ? t("builder.deletePageTitle", { page: pageName(page.id) }) : ""} onClose={onCancel}>
      {page && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (target) onConfirm(target);
          }}
        >
          <p>{t("builder.deletePageText", { n: page.elements.length })}</p>
          <div className="field">
            <label htmlFor={`${id}-target`}>{t("builder.deletePageMoveTo")}</label>
            <select id={`${id}-target`} value={target} onChange={(event) => setTarget(event.target.value)}>
              {others.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {pageName(candidate.id)}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="button-primary">
              {t("builder.deletePageConfirm")}
            </button>
            <button type="button" onClick={onCancel}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
