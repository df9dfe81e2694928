/**
 * A message for the next page of the canon feature ("Die Frage wurde angelegt."), shown once
 * after navigating back to the canon page.
 */
let pending = "";

export function setCanonNotice(message: string): void {
  pending = message;
}

export function takeCanonNotice(): string {
  const message = pending;
  pending = "";
  return message;
}
