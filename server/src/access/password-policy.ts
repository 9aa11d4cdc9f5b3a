import { AppError } from '../errors.js';

/**
 * What a new staff password must pass besides its length (newPasswordSchema): it is not the
 * account's email, not one of the ~49,000 passwords in zxcvbn-ts's list of common ones (taken
 * from public leaks), and not one short unit repeated. Both rules look at the password
 * lower-cased, and again without its trailing digits and spaces, so that "Salasana2026" and
 * "aaaaaaaaaa12" are refused like "salasana" and "aaaaaaaaaaaa".
 */

/** Longest unit whose repetition is refused outright ("abcabcabcabc"); longer ones only when common. */
const MAX_REPEATED_UNIT = 4;

let commonPasswords: Promise<Set<string>> | undefined;

/**
 * The common-password list as a lower-cased Set, built on first use: importing the package
 * decompresses the list (~50 ms), which a server that never sets a password need not pay.
 */
function loadCommonPasswords(): Promise<Set<string>> {
  commonPasswords ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((entry) => String(entry).toLowerCase())),
  );
  return commonPasswords;
}

/** The shortest unit the whole text repeats (at least twice), or undefined when it repeats none. */
function repeatedUnit(text: string): string | undefined {
  return /^(.+?)\1+$/su.exec(text)?.[1];
}

function isGuessable(candidate: string, common: Set<string>): boolean {
  if (common.has(candidate)) return true;
  const unit = repeatedUnit(candidate);
  return unit !== undefined && ([...unit].length <= MAX_REPEATED_UNIT || common.has(unit));
}

/**
 * Throws `auth.password_is_email` or `auth.password_too_common` (400, details `{ field }`)
 * unless `password` may become a staff password. Every place that sets one calls this after
 * the schema's length check and before hashing.
 */
export async function assertAcceptablePassword(
  password: string,
  field: string,
  options: { email?: string | undefined } = {},
): Promise<void> {
  const lowered = password.trim().toLowerCase();
  if (options.email !== undefined && lowered === options.email.trim().toLowerCase()) {
    throw new AppError('auth.password_is_email', 400, 'The password must not be the account’s email', {
      field,
    });
  }
  const common = await loadCommonPasswords();
  const stem = lowered.replace(/[\d\s]+$/u, '');
  const candidates = stem && stem !== lowered ? [lowered, stem] : [lowered];
  if (candidates.some((candidate) => isGuessable(candidate, common))) {
    throw new AppError(
      'auth.password_too_common',
      400,
      'This password is too common; choose a longer, less guessable one',
      { field },
    );
  }
}
