/** Keys (flattened by normalize, or a plain form's own) that hold a person's names. */
const FIRST = ['field_first_name', 'field_firstname', 'field_given_name', 'field_prenom', 'first_name', 'firstName', 'firstname'];
const LAST = ['field_last_name', 'field_lastname', 'field_family_name', 'field_surname', 'field_nom', 'last_name', 'lastName', 'lastname'];
const FULL = ['field_name', 'field_full_name', 'field_fullname', 'name', 'fullName', 'full_name'];

function first(lead: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = lead[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

/** First and last name from a lead; a single full name is split at its first space. */
export function nameFromLead(lead: Record<string, unknown> | undefined): { firstName?: string; lastName?: string } {
  if (!lead) return {};
  const firstName = first(lead, FIRST);
  const lastName = first(lead, LAST);
  if (firstName || lastName) return { firstName, lastName };
  const full = first(lead, FULL);
  if (!full) return {};
  const space = full.indexOf(' ');
  return space < 0 ? { firstName: full } : { firstName: full.slice(0, space), lastName: full.slice(space + 1).trim() };
}
