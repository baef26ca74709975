const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/** "2025-07-28" → "28 juillet 2025" ("1er" for the first of the month, as French writes it). */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${d === 1 ? "1er" : d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/** An ISO timestamp as a Bamako wall-clock date and time ("3 août 2025 à 14:05"). */
export function frenchDateTime(iso: string): string {
  return new Date(iso).toLocaleString("fr-FR", { timeZone: "Africa/Bamako", dateStyle: "long", timeStyle: "short" });
}
