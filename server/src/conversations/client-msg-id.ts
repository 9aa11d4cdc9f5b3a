import { z } from 'zod';
import { CLIENT_MSG_ID_PATTERN } from './vocabulary.js';

/*
 * Apart from vocabulary.ts, which the chat widget imports: a schema built when its module loads
 * would bring zod into the widget's bundle (about 18 KB gzipped of its 35 KB budget).
 */
export const clientMsgIdSchema = z
  .string()
  .regex(CLIENT_MSG_ID_PATTERN, 'must be 8–64 letters, digits, - or _');
