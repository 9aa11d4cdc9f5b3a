import type { AboutAnswers, AboutOptions } from '../api';
import type { Messages } from '../messages';
import { field, h, whileBusy, type Field } from './dom';

/** What the prompt needs from the widget. */
export interface AboutYouHandlers {
  options(): Promise<AboutOptions>;
  send(answers: AboutAnswers): Promise<void>;
  /** Answered or skipped: not asked again for this chat. */
  done(): void;
  /** Where focus goes after skipping (the prompt is gone). */
  refocus(): void;
}

/**
 * "About you", asked while the visitor waits and again after the chat if not answered:
 * three optional choices, saved or skipped in one step. The service keeps only the codes.
 */
export class AboutYouPrompt {
  /** Collapsed while waiting (the queue stays in view); open after the chat. */
  readonly element: HTMLDetailsElement;
  private readonly body = h('div');
  private isFinished = false;

  constructor(
    private readonly text: Messages,
    private readonly handlers: AboutYouHandlers,
    isDone: boolean,
  ) {
    this.element = h(
      'details',
      { class: 'about-you' },
      h('summary', { id: 'about-title' }, text.about.title),
      this.body,
    ) as HTMLDetailsElement;
    this.isFinished = isDone;
    this.element.hidden = isDone;
    if (!isDone) void this.draw();
  }

  get isOpen(): boolean {
    return !this.isFinished;
  }

  private async draw(): Promise<void> {
    let options: AboutOptions;
    try {
      options = await this.handlers.options();
    } catch {
      // Optional: without the choices the visitor is simply not asked.
      this.element.hidden = true;
      return;
    }
    const t = this.text.about;
    const { age, situation, municipality, read } = aboutSelects(this.text, options, 'about');
    const save = h('button', { type: 'submit', class: 'btn' }, t.save);
    const skip = h('button', { type: 'button', class: 'btn secondary' }, t.skip);
    const form = h(
      'form',
      { 'aria-labelledby': 'about-title', 'aria-describedby': 'about-explain' },
      h('p', { id: 'about-explain', class: 'muted' }, t.explain),
      age.wrap,
      situation.wrap,
      municipality.wrap,
      h('div', { class: 'actions' }, save, skip),
    );
    skip.addEventListener('click', () => {
      this.finish();
      this.element.hidden = true;
      this.handlers.refocus();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void whileBusy(save, async () => {
        try {
          await this.handlers.send(read());
        } catch {
          // Never worth an error for an optional question: the chat goes on either way.
        }
        this.finish();
        const thanks = h('p', { class: 'success', role: 'status', tabindex: -1 }, t.thanks);
        this.body.replaceChildren(thanks);
        thanks.focus();
      });
    });
    this.body.replaceChildren(form);
  }

  private finish(): void {
    this.isFinished = true;
    this.handlers.done();
  }
}

/** The three choices, each "prefer not to say" first; the municipalities of the region first. */
export function aboutSelects(
  text: Messages,
  options: AboutOptions,
  prefix: string,
): { age: Field; situation: Field; municipality: Field; read(): AboutAnswers } {
  const t = text.about;
  const select = (
    id: string,
    label: string,
    choices: [string, string][],
    groups?: [string, [string, string][]][],
  ) => {
    const control = h('select', { id, name: id }, h('option', { value: '' }, t.notGiven));
    for (const [value, name] of choices) control.append(h('option', { value }, name));
    for (const [label, list] of groups ?? []) {
      const group = h('optgroup', { label });
      for (const [value, name] of list) group.append(h('option', { value }, name));
      control.append(group);
    }
    return field(label, control);
  };
  const age = select(
    `${prefix}-age`,
    t.age,
    options.ageBands.map((code) => [code, (t.ages as Record<string, string>)[code] ?? code]),
  );
  const situation = select(
    `${prefix}-situation`,
    t.situation,
    options.situations.map((code) => [code, (t.situations as Record<string, string>)[code] ?? code]),
  );
  const named = (inRegion: boolean) =>
    options.municipalities
      .filter((m) => m.inRegion === inRegion)
      .map((m): [string, string] => [m.code, m.name]);
  const municipality = select(`${prefix}-municipality`, t.municipality, named(true), [
    [t.elsewhere, named(false)],
  ]);
  return {
    age,
    situation,
    municipality,
    read: () => ({
      ageBand: age.control.value,
      situation: situation.control.value,
      municipality: municipality.control.value,
    }),
  };
}

/**
 * The same choices folded into another form (the offline message and call-back): loaded when
 * the form is drawn, left out if they cannot be; `read` gives undefined when nothing was chosen.
 */
export function aboutFieldset(
  text: Messages,
  load: () => Promise<AboutOptions>,
  prefix: string,
): { element: HTMLElement; read(): AboutAnswers | undefined } {
  const element = h('details', { class: 'about-you', hidden: true });
  let read: () => AboutAnswers | undefined = () => undefined;
  void load()
    .then((options) => {
      const selects = aboutSelects(text, options, prefix);
      element.append(
        h('summary', {}, text.about.title),
        h('p', { class: 'muted' }, text.about.explain),
        selects.age.wrap,
        selects.situation.wrap,
        selects.municipality.wrap,
      );
      element.hidden = false;
      read = () => {
        const answers = selects.read();
        return Object.values(answers).some(Boolean) ? answers : undefined;
      };
    })
    .catch(() => undefined);
  return { element, read: () => read() };
}
