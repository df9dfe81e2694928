import type { CanonItem } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";
import { ModalDialog } from "../lib/modal-dialog.tsx";
import { VersionHistory } from "./version-history.tsx";

/** The version history of one item in a dialog (from the canon browser). */
export function VersionHistoryDialog({ item, onClose }: { item: CanonItem | null; onClose: () => void }) {
  const { t, pick } = useI18n();
  return (
    <ModalDialog open={item !== null} title={item ? t("versions.title", { title: pick(item.title) }) : ""} onClose={onClose} wide focusTitle>
      {item && <VersionHistory itemId={item.itemId} />}
      <div className="actions">
        <button type="button" className="button-primary" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </ModalDialog>
  );
}
