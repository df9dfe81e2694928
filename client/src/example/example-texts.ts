/**
 * Texts of the example municipality: the option on the first-run setup page, the page with the
 * example's account and share links, and the banner that marks example data with "delete".
 */
export const exampleTextsDe = {
  "example.setupHeading": "Erst einmal ausprobieren?",
  "example.setupIntro":
    "Kanon legt eine erfundene Beispielkommune an: Musterstadt mit 8 Stadtteilen, rund 120 Einrichtungen, 15 Netzwerken und einem Jahr Umfragen mit Antworten. So sehen Sie Ergebnisse, Lückenmatrix, Zeitvergleich und Netzwerk-Ansichten, bevor Sie Ihre eigene Organisation einrichten. Das Beispiel lässt sich danach mit einem Klick löschen.",
  "example.explore": "Beispielkommune erkunden",
  "example.creating": "Musterstadt wird angelegt … (einige Sekunden)",
  "example.readyHeading": "Musterstadt ist bereit",
  "example.readyIntro":
    "Sie sind angemeldet. Mit diesem Konto können Sie sich später wieder anmelden. Das Passwort wird nur jetzt angezeigt: Notieren Sie es, wenn Sie das Beispiel später noch einmal ansehen möchten.",
  "example.account": "Ihr Konto in Musterstadt",
  "example.summary":
    "{districts, plural, one {# Stadtteil} other {# Stadtteile}}, {institutions, plural, one {# Einrichtung} other {# Einrichtungen}}, {networks, plural, one {# Netzwerk} other {# Netzwerke}}; {invitations, plural, one {# Einladung} other {# Einladungen}}, {submitted, plural, one {# abgeschickte Antwort} other {# abgeschickte Antworten}} und {drafts, plural, one {# Entwurf} other {# Entwürfe}}.",
  "example.viewsHeading": "Netzwerk-Ansichten",
  "example.viewsIntro":
    "So sehen Netzwerke ihre Ergebnisse: ohne Anmeldung, über einen geheimen Link. Auch diese Links werden nur jetzt angezeigt; weitere legen Sie bei den Ergebnissen einer Umfrage an.",
  "example.viewLabel": "{network}: {survey} ({mode})",
  "example.mode.members": "Antworten der Mitglieder",
  "example.mode.own": "eigene Antworten im Vergleich",
  "example.continue": "Zu Musterstadt",
  "example.banner": "Beispieldaten – Musterstadt ist erfunden.",
  "example.bannerText":
    "Alle Einrichtungen, Netzwerke, Personen und Antworten sind ausgedacht; ihre Adressen enden auf musterstadt.example und erreichen niemanden.",
  "example.delete": "Beispiel löschen",
  "example.deleteTitle": "Beispiel löschen?",
  "example.deleteText":
    "Musterstadt wird mit dem Verzeichnis, allen Umfragen, Antworten und Links und diesem Konto gelöscht. Danach können Sie Ihre eigene Organisation einrichten.",
  "example.deleting": "Wird gelöscht …",
};

export const exampleTextsEn: Record<keyof typeof exampleTextsDe, string> = {
  "example.setupHeading": "Just looking around first?",
  "example.setupIntro":
    "Kanon creates an invented example municipality: Musterstadt with 8 districts, about 120 institutions, 15 networks and a year of surveys with answers. See results, the gap matrix, the comparison over time and network views before you set up your own organisation. The example can be deleted with one click afterwards.",
  "example.explore": "Explore an example municipality",
  "example.creating": "Creating Musterstadt … (a few seconds)",
  "example.readyHeading": "Musterstadt is ready",
  "example.readyIntro":
    "You are signed in. You can sign in again later with this account. The password is shown only now: note it down if you want to look at the example again later.",
  "example.account": "Your account in Musterstadt",
  "example.summary":
    "{districts, plural, one {# district} other {# districts}}, {institutions, plural, one {# institution} other {# institutions}}, {networks, plural, one {# network} other {# networks}}; {invitations, plural, one {# invitation} other {# invitations}}, {submitted, plural, one {# submitted response} other {# submitted responses}} and {drafts, plural, one {# draft} other {# drafts}}.",
  "example.viewsHeading": "Network views",
  "example.viewsIntro":
    "This is how networks see their results: without signing in, through a secret link. These links too are shown only now; make more on the results of a survey.",
  "example.viewLabel": "{network}: {survey} ({mode})",
  "example.mode.members": "members' answers",
  "example.mode.own": "own answers beside everyone's",
  "example.continue": "Go to Musterstadt",
  "example.banner": "Example data – Musterstadt is invented.",
  "example.bannerText": "All institutions, networks, people and answers are made up; their addresses end in musterstadt.example and reach nobody.",
  "example.delete": "Delete example",
  "example.deleteTitle": "Delete the example?",
  "example.deleteText":
    "Musterstadt is deleted with its directory, all surveys, answers and links, and this account. Afterwards you can set up your own organisation.",
  "example.deleting": "Deleting …",
};
