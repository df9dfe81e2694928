import { useI18n } from "../lib/i18n.ts";
import type { ResultGroup } from "./result-types.ts";

/** The groups of a grouped view and how many respondents each holds (one respondent can be in several). */
export function GroupsOverview({ groups, groupText, respondents }: { groups: ResultGroup[]; groupText: string; respondents: number }) {
  const { t, pick } = useI18n();
  const caption = t("resultsView.groupsCaption", { grouping: groupText });
  return (
    <div className="card groups-overview" data-testid="groups-overview">
      <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t("resultsView.group")}</th>
              <th scope="col" className="number">
                n
              </th>
            </tr>
          </thead>
          <tbody>
            {groups.map((group) => (
              <tr key={String(group.key)} data-group={String(group.key)}>
                <th scope="row">{pick(group.label)}</th>
                <td className="number">{group.n}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("resultsView.everyone")}</th>
              <td className="number">{respondents}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="hint">{t("resultsView.groupsHint")}</p>
    </div>
  );
}
