import type { Db } from '../db/database-types.js';
import type { MailSender } from './mail-sender.js';
import type { MailSettings } from './mail-outbox.js';
import type { ChatNotifier } from './notifier.js';

/** What the email and call-back pipelines need besides the database. */
export interface ContactDeps {
  db: Db;
  notifier: ChatNotifier;
  sender: MailSender;
  settings: MailSettings;
}
