/** Practice scenarios for the training tests. */

/** A scenario as a trainer writes it, with a script of three steps and a goodbye. */
export const scenario = (overrides: Record<string, unknown> = {}) => ({
  language: 'fi',
  channel: 'chat',
  title: 'Alanvaihtaja kysyy oppisopimuksesta (testi)',
  persona: {
    name: 'Demo-Pekka',
    situation: '42-vuotias varastotyöntekijä, haluaa lähihoitajaksi.',
    knows: 'Tietää, että lähihoitajaksi voi opiskella aikuisena.',
    doesNotKnow: 'Ei tiedä oppisopimuksesta eikä jatkuvasta hausta.',
  },
  goals: ['Selvitä, mitä asiakas oikeasti kysyy', 'Kerro oppisopimuksesta oikein'],
  criteria: ['welcome_tone', 'clarify_question', 'accuracy', 'closing'],
  opening: 'Hei, voiko lähihoitajaksi opiskella töiden ohessa?',
  steps: [
    {
      id: 'work',
      after: 'opening',
      keywords: ['oppisopim', 'työpaik'],
      message: 'Olen töissä varastossa. Käykö se?',
    },
    {
      id: 'nudge',
      after: 'opening',
      keywords: [],
      afterTurns: 2,
      message: 'Mietin siis, voinko pitää palkkani.',
    },
    { id: 'haku', after: 'work', keywords: ['jatkuva', 'hae'], message: 'Selvä, haen jatkuvassa haussa.' },
    { id: 'bye', after: 'haku', keywords: ['kiitos', 'onnea'], message: 'Kiitos, hei hei!', ends: true },
  ],
  fallback: 'Anteeksi, en ihan ymmärtänyt. Voitko sanoa toisin?',
  ...overrides,
});
