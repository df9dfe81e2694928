import { describeEmailProblem } from "../../../server/lib/email-problem-texts.ts";
import type { CheckedRecipient } from "../lib/api-types.ts";
import { useI18n } from "../lib/i18n.ts";

/**
 * Each pasted entry with its verdict in words (never colour alone): valid, invalid with the
 * specific reason (two dots, a space, no @ …), duplicate (merged), already invited; the name as
 * read from the paste and the greeting the mail will open with, so a misread name shows before
 * anything is sent. Invalid entries are shown as typed.
 */
export function RecipientCheckList({ entries }: { entries: CheckedRecipient[] }) {
  const { t, pick } = useI18n();

  const verdict = (entry: CheckedRecipient) => {
    switch (entry.status) {
      case "valid":
        return t("recipients.valid");
      case "invalid":
        return `${t("recipients.invalid")}: ${pick(describeEmailProblem({ code: entry.problem ?? "missing_at", detail: entry.problemDetail }))}`;
      case "duplicate":
        return t("recipients.duplicate");
      case "already_invited":
        return t("recipients.alreadyInvited");
    }
  };

  return (
    <div className="table-scroll">
      <table className="check-table">
        <caption className="visually-hidden">{t("recipients.checkList")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("recipients.col.entry")}</th>
            <th scope="col">{t("recipients.col.name")}</th>
            <th scope="col">{t("recipients.col.greeting")}</th>
            <th scope="col">{t("recipients.col.status")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            <tr key={`${index}:${entry.raw}`} className={`check-${entry.status}`}>
              <td className="cell-break">{entry.status === "invalid" ? entry.raw : entry.email}</td>
              <td>
                {entry.name}
                {entry.directoryEntry && (
                  <span className="meta">
                    {entry.name ? " · " : ""}
                    {t("add.inDirectory", { name: entry.directoryEntry.name })}
                  </span>
                )}
              </td>
              <td className="check-greeting">{entry.greeting}</td>
              <td>
                <span className={`verdict verdict-${entry.status}`}>
                  <span aria-hidden="true" className="verdict-icon">
                    {entry.status === "valid" ? "✓" : entry.status === "invalid" ? "✗" : "•"}
                  </span>{" "}
                  {verdict(entry)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
