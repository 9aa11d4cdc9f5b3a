import type { Lang } from '$lib/i18n/i18n';
import type { StaffView } from '$server/features/staff/staff.schema';

declare global {
  namespace App {
    interface Error {
      message: string;
      code?: string;
    }
    interface Locals {
      /** Page language: from the URL on public pages, from a cookie in the console. */
      lang: Lang;
      /** The signed-in person; `mustSetUpTwoStep` sends them to the two-step set-up first. */
      staff?: StaffView & { mustSetUpTwoStep: boolean };
    }
    interface PageData {
      /** The page needs the whole window (the chat workspace): the console widens its header too. */
      wideLayout?: boolean;
    }
  }
}

export {};
