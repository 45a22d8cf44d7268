// How many messages wait in the "à classer" tray, for the navigation's entry: read once a session is open (from
// `GET /api/mail?status=to_file`, a route every deployment already serves), and kept current by the tray screen.
import { signal } from "@preact/signals";
import { courrierApi } from "./api_courrier";

/** "3", "50+" (more than a page), or null while unknown. */
export const trayCount = signal<string | null>(null);

export function countFrom(items: number, more: boolean): string {
  return more ? `${items}+` : String(items);
}

export async function refreshTrayCount(): Promise<void> {
  try {
    const page = await courrierApi.list({ status: "to_file" }, 100);
    trayCount.value = countFrom(page.items.length, page.next !== null);
  } catch {
    trayCount.value = null; // the entry then shows no count: the tray screen says what went wrong
  }
}

export function fewerInTray(filed: number): void {
  const value = trayCount.value;
  if (value === null || value.endsWith("+")) return;
  trayCount.value = String(Math.max(0, Number(value) - filed));
}
