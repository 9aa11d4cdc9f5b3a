import { smtpClient, startCaptureServer, type CaptureServer } from '../../server/src/test/mail-helpers.js';
import { mailDomain, smtpInboundPort, smtpRelayPort } from '../playwright.config.js';
import { expectNoAxeViolations } from './axe.js';
import { DEMO_PASSWORD, demo, uniqueSuffix } from './support/accounts.js';
import { signIn } from './support/console.js';
import { expect, test } from './support/fixtures.js';

/*
 * Email end to end over real SMTP: the app sends through a relay this journey starts (and
 * keeps every mail it is given), and the client's answer is delivered to the app's own SMTP
 * server, as a mail program would.
 */
let relay: CaptureServer;
test.beforeAll(async () => {
  relay = await startCaptureServer(smtpRelayPort);
});
test.afterAll(async () => {
  await relay.close();
});

test('a client writes through the web form, a counsellor answers, and the client’s reply by mail joins the same conversation', async ({
  page,
  newPageInFreshContext,
}) => {
  const suffix = uniqueSuffix();
  const email = `helmi-${suffix}@example.net`;
  const question = `Voinko opiskella datanomiksi verkossa Kainuusta käsin? (${suffix})`;

  // The client: the form works without JavaScript.
  const client = await newPageInFreshContext();
  await client.context().route('**/*.js', (route) => route.abort());
  await client.goto('/fi/kirjoita-meille');
  const form = client.getByRole('main');
  await form.getByLabel('Etunimi').fill('Helmi');
  await form.getByRole('textbox', { name: 'Sähköposti' }).fill(email);
  await form.getByLabel('Aihe').selectOption('applying');
  await form.getByLabel('Viestisi').fill(question);
  await form.getByRole('checkbox', { name: /^Annan luvan tallentaa viestini/ }).check();
  await form.getByRole('button', { name: 'Lähetä viesti' }).click();
  await expect(client).toHaveURL(/[?&]sent=1/);
  await expectNoAxeViolations(client, { javaScriptDisabled: true });

  const confirmation = await relay.waitFor((m) => m.envelope.to.includes(email), 15_000);
  expect(confirmation.parsed.subject).toBe('Viestisi on vastaanotettu – OpinTori');
  expect(confirmation.header('auto-submitted')).toBe('auto-replied');
  const replyTo = confirmation.header('reply-to');
  expect(replyTo).toMatch(new RegExp(`^neuvonta\\+[0-9a-f]{24}@${mailDomain.replace('.', '\\.')}$`));

  // The counsellor finds it in the inbox, takes it and answers.
  await signIn(page, demo.counsellor.email, DEMO_PASSWORD);
  await page.goto(`/console/inbox?q=${encodeURIComponent(suffix)}`);
  const row = page.getByRole('row').filter({ hasText: 'Helmi' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Sähköposti');
  await row.getByRole('link').first().click();
  await page.getByRole('button', { name: 'Ota hoitoon' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Otit yhteydenoton hoitoosi.');
  await page
    .getByLabel('Vastaus', { exact: true })
    .fill(
      'Hei Helmi!\nKyllä voit: tieto- ja viestintätekniikan perustutkinnon voi suorittaa pääosin verkossa.',
    );
  await page.getByRole('button', { name: 'Lähetä vastaus' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText(
    'Vastaus tallennettu. Se lähtee asiakkaalle sähköpostina.',
  );

  const answer = await relay.waitFor(
    (m) => m.envelope.to.includes(email) && (m.parsed.subject ?? '').startsWith('Re: '),
    15_000,
  );
  // Threading headers: a Message-ID of the service, the conversation's reply address, and a
  // reference to the confirmation the client already has.
  expect(answer.parsed.messageId).toMatch(new RegExp(`^<[0-9a-f-]{36}@${mailDomain.replace('.', '\\.')}>$`));
  expect(answer.header('reply-to')).toBe(replyTo);
  expect(answer.header('references')).toContain(confirmation.parsed.messageId!);
  expect(answer.parsed.text).toContain('pääosin verkossa');
  expect(answer.parsed.text).toContain('Mikko');
  expect(answer.parsed.html).toContain('pääosin verkossa');

  // The client answers from their mail program.
  const mailer = smtpClient(smtpInboundPort);
  try {
    await mailer.send({
      from: `Helmi <${email}>`,
      to: replyTo,
      subject: `Re: ${answer.parsed.subject}`,
      messageId: `<helmi-${suffix}@example.net>`,
      inReplyTo: answer.parsed.messageId!,
      references: [confirmation.parsed.messageId!, answer.parsed.messageId!],
      text: `Kiitos! Tarvitsenko oman tietokoneen? (${suffix})\n\nma 30.11.2026 klo 10.00 Mikko kirjoitti:\n> Hei Helmi!`,
    });
  } finally {
    mailer.close();
  }
  // The counsellor's next answer will reply to the client's mail.
  await page.reload();
  const thread = page.getByRole('region', { name: 'Viestit' });
  await expect(thread.getByRole('listitem').filter({ hasText: 'Tarvitsenko oman tietokoneen?' })).toHaveCount(
    1,
  );
  await expect(thread).not.toContainText('Mikko kirjoitti');
  await expectNoAxeViolations(page);

  // Still one conversation for this client.
  await page.goto(`/console/inbox?q=${encodeURIComponent(suffix)}&status=open`);
  await expect(page.getByRole('row').filter({ hasText: 'Helmi' })).toHaveCount(1);

  await page.goto(page.url().replace(/\/console\/inbox.*$/, '/console/inbox'));
  await page.getByLabel('Haku', { exact: true }).fill(suffix);
  await page.getByRole('button', { name: 'Näytä', exact: true }).click();
  await page.getByRole('row').filter({ hasText: 'Helmi' }).getByRole('link').first().click();
  await page.getByLabel('Vastaus', { exact: true }).fill('Oma kannettava on hyvä olla; lainakoneitakin on.');
  await page.getByRole('button', { name: 'Lähetä vastaus' }).click();
  const second = await relay.waitFor((m) => m.parsed.text?.includes('lainakoneitakin') ?? false, 15_000);
  expect(second.header('in-reply-to')).toBe(`<helmi-${suffix}@example.net>`);
  expect(second.header('references')).toContain(answer.parsed.messageId!);
});
