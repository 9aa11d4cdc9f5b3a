import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { guidanceTopics } from '../../conversations/vocabulary.js';

const uiLanguage = z.enum(['fi', 'sv', 'en']);
const perLanguage = <T extends z.ZodType>(schema: T) => z.object({ fi: schema, sv: schema, en: schema });
const texts = z.array(z.string()).min(1);
const topicTexts = z.object({ subjects: texts, questions: texts, answers: texts });
const timeText = z.string().regex(/^\d{2}:\d{2}$/);

const yearFileSchema = z.object({
  names: perLanguage(texts),
  topics: z.record(z.enum(guidanceTopics), perLanguage(topicTexts)),
  thanks: perLanguage(texts),
  feedbackComments: perLanguage(texts),
  popUps: z
    .array(
      z.object({
        provider: z.string(),
        title: z.string().min(1).max(200),
        place: z.string().min(1).max(200),
        address: z.string().max(300),
        municipality: z.string(),
        from: timeText,
        to: timeText,
        languages: z.array(uiLanguage).min(1),
        staff: z.array(z.string().email()).min(1),
      }),
    )
    .min(1),
});

/** The demo year's material (content/demo/year.json): names, messages per topic, pop-up places. */
export type YearTexts = z.infer<typeof yearFileSchema>;
export type UiLanguage = z.infer<typeof uiLanguage>;

/** Reads content/demo/year.json; undefined when the file is missing (no demo year then). */
export async function readYearTexts(demoDir: string): Promise<YearTexts | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(demoDir, 'year.json'), 'utf8');
  } catch {
    return undefined;
  }
  return yearFileSchema.parse(JSON.parse(text));
}
