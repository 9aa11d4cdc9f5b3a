import { describe, expect, it } from 'vitest';
import { compose, renderMail } from './mail-layout.js';

describe('the mail frame', () => {
  it('ends every mail with the closing line and absolute links to the privacy notice and accessibility statement', () => {
    const cases = [
      ['fi', 'Tietosuojaseloste: https://opintori.example/fi/tietosuoja', '/fi/saavutettavuus'],
      ['sv', 'Dataskyddsbeskrivning: https://opintori.example/sv/dataskydd', '/sv/tillganglighet'],
      ['en', 'Privacy notice: https://opintori.example/en/privacy', '/en/accessibility'],
    ] as const;
    for (const [lang, privacyLine, accessibilityPath] of cases) {
      const mail = renderMail(compose(lang, 'Aihe', ['Hei,', 'Viesti.']), 'https://opintori.example');
      expect(mail.text).toContain(privacyLine);
      expect(mail.text).toContain(`https://opintori.example${accessibilityPath}`);
      expect(mail.text.indexOf('--')).toBeLessThan(mail.text.indexOf(privacyLine));
      expect(mail.html).toContain(`<a href="https://opintori.example${accessibilityPath}"`);
      expect(mail.html).toContain(`<html lang="${lang}">`);
    }
  });

  it('keeps a staff footer and still links the statutory pages', () => {
    const mail = renderMail(
      compose('en', 'Invitation', ['Hello'], undefined, 'Sent automatically.'),
      'http://127.0.0.1:3000',
    );
    expect(mail.text).toMatch(
      /--\n\nSent automatically\.\n\nPrivacy notice: http:\/\/127\.0\.0\.1:3000\/en\/privacy\n/,
    );
  });

  it('escapes every value in the HTML part, links and choices included', () => {
    const mail = renderMail(
      compose(
        'fi',
        '<Aihe>',
        [
          'a < b & "c"',
          { title: '<b>Opas</b>', summary: "'x'", url: 'https://opintori.example/fi/ohjeet/a?b=1&c=2' },
          { choices: [{ label: '1 <huono>', url: 'https://opintori.example/fi/palaute/t?arvio=1&x="' }] },
        ],
        '<script>lainaus</script>',
      ),
      'https://opintori.example',
    );
    expect(mail.html).not.toMatch(/<script>|<b>|<huono>|<Aihe>/);
    expect(mail.html).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(mail.html).toContain('href="https://opintori.example/fi/ohjeet/a?b=1&amp;c=2"');
    expect(mail.html).toContain('arvio=1&amp;x=&quot;');
    expect(mail.text).toContain('1 <huono>: https://opintori.example/fi/palaute/t?arvio=1&x="');
    expect(mail.text).toContain('> <script>lainaus</script>');
  });

  it('makes the addresses in a paragraph links in the HTML part, punctuation after them left out', () => {
    const mail = renderMail(
      compose('fi', 'Aihe', [
        'Peru tästä: https://opintori.example/fi/tapahtumat/ilmoittautuminen/abc?x=1&y=2.\nTai (https://opintori.example/fi).',
        'Ei osoitetta: http//rikki ja <b>',
      ]),
      'https://opintori.example',
    );
    expect(mail.html).toContain(
      'Peru tästä: <a href="https://opintori.example/fi/tapahtumat/ilmoittautuminen/abc?x=1&amp;y=2" style="color:#0b4f71">https://opintori.example/fi/tapahtumat/ilmoittautuminen/abc?x=1&amp;y=2</a>.<br>Tai (<a href="https://opintori.example/fi" style="color:#0b4f71">https://opintori.example/fi</a>).',
    );
    expect(mail.html).toContain('Ei osoitetta: http//rikki ja &lt;b&gt;');
    expect(mail.text).toContain(
      'Peru tästä: https://opintori.example/fi/tapahtumat/ilmoittautuminen/abc?x=1&y=2.',
    );
  });
});
