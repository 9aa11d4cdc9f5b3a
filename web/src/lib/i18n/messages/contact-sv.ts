import type { contactFi } from './contact-fi';

/** Swedish strings of the public "write to us" and "call me back" forms. */
export const contactSv: Record<keyof typeof contactFi, string> = {
  'contact_form.optional': 'frivilligt',
  'contact_form.name': 'Förnamn',
  'contact_form.topic': 'Ämne',
  'contact_form.topic_choose': 'Välj ämne',
  'contact_form.topic.applying': 'Att söka till utbildning',
  'contact_form.topic.financing': 'Finansiering av studierna',
  'contact_form.topic.apprenticeship': 'Läroavtal',
  'contact_form.topic.recognition': 'Identifiering och erkännande av kunnande',
  'contact_form.topic.immigrants': 'Utbildning för inflyttade',
  'contact_form.topic.special_support': 'Särskilt stöd',
  'contact_form.topic.career_change': 'Byte av bransch',
  'contact_form.topic.other': 'Något annat',
  'contact_form.provider': 'Läroanstalt',
  'contact_form.provider_any': 'Ingen särskild – den gemensamma vägledningen',
  'contact_form.provider_hint':
    'Välj en läroanstalt om ditt ärende gäller just den. Annars hjälper en vägledare i den gemensamma tjänsten dig.',
  'contact_form.trap': 'Lämna det här fältet tomt',
  'contact_form.consent': 'Samtycke till att spara uppgifterna',
  'contact_form.privacy_heading': 'Så behandlar vi dina uppgifter',
  'contact_form.error.email_missing': 'Skriv din e-postadress.',
  'contact_form.error.email_invalid': 'Skriv e-postadressen i formen namn@exempel.fi.',
  'contact_form.error.topic': 'Välj ett ämne.',
  'contact_form.error.provider':
    'Den valda läroanstalten hittades inte. Välj en annan eller ”Ingen särskild”.',
  'contact_form.error.consent': 'Vi behöver ditt samtycke för att kunna spara ditt ärende.',
  'contact_form.error.rate_limited': 'Du har skickat många förfrågningar på kort tid. Försök igen senare.',
  'contact_form.error.unavailable':
    'Formuläret kunde inte skickas just nu. Dina uppgifter finns kvar i formuläret – försök igen om en stund.',

  'write.title': 'Skriv till oss',
  'write.intro':
    'Fråga om att söka till utbildning, om finansiering av studierna eller om något annat som gäller studier. En vägledare svarar per e-post, vanligtvis inom två vardagar. Tjänsten är gratis.',
  'write.email': 'E-post',
  'write.email_hint': 'Vägledaren svarar till den här adressen.',
  'write.message': 'Ditt meddelande',
  'write.message_hint':
    'Berätta om din situation och vad du vill fråga. Skriv inte din personbeteckning i meddelandet. Högst {max} tecken.',
  'write.privacy':
    'Vi sparar ditt meddelande och de kontaktuppgifter du ger så att en vägledare kan svara dig per e-post. Uppgifterna raderas {days} dagar efter att ditt ärende har avslutats.',
  'write.consent':
    'Jag samtycker till att mitt meddelande och mina kontaktuppgifter sparas så att en vägledare kan svara mig.',
  'write.submit': 'Skicka meddelandet',
  'write.error.message_missing': 'Skriv ett meddelande.',
  'write.error.message_too_long': 'Meddelandet är för långt. Det får vara högst {max} tecken.',
  'write.sent_title': 'Meddelandet har skickats',
  'write.sent_heading': 'Tack, ditt meddelande har skickats',
  'write.sent_text':
    'Vi har skickat en bekräftelse till din e-post. En vägledare svarar vanligtvis inom två vardagar. Om du inte ser bekräftelsen, titta också i skräppostmappen.',
  'write.sent_reply_hint': 'Du kan fortsätta diskussionen genom att svara direkt på vägledarens e-post.',
  'write.callback_instead': 'Vill du hellre prata med en vägledare?',

  'callback.title': 'Bli uppringd',
  'callback.intro':
    'Lämna ditt telefonnummer och berätta när det passar dig. Vi ringer dig vid den tid du väljer. Tjänsten är gratis.',
  'callback.phone': 'Telefonnummer',
  'callback.phone_hint': 'Till exempel 040 123 4567 eller +46 70 123 4567',
  'callback.day': 'Önskad dag',
  'callback.day_hint': 'Välj i dag eller en dag inom de närmaste 60 dagarna.',
  'callback.window': 'Lämplig tid för samtalet',
  'callback.window_hint': 'Välj ett tidsintervall då du kan svara i telefon.',
  'callback.from': 'Från kl.',
  'callback.to': 'Senast kl.',
  'callback.time_choose': 'Välj',
  'callback.language': 'På vilket språk vill du tala?',
  'callback.language.fi': 'På finska',
  'callback.language.sv': 'På svenska',
  'callback.language.en': 'På engelska',
  'callback.email': 'E-post',
  'callback.email_hint': 'Om du vill få en bekräftelse på din begäran per e-post.',
  'callback.note': 'Tilläggsuppgifter',
  'callback.note_hint': 'Till exempel vad du vill prata om. Högst {max} tecken.',
  'callback.privacy':
    'Vi sparar ditt telefonnummer, den tid du önskar och de övriga uppgifter du ger så att en vägledare kan ringa dig. Uppgifterna raderas {days} dagar efter att ditt ärende har avslutats.',
  'callback.consent': 'Jag samtycker till att mina uppgifter sparas så att en vägledare kan ringa mig.',
  'callback.submit': 'Skicka begäran',
  'callback.sent_title': 'Begäran har skickats',
  'callback.sent_heading': 'Tack, vi har tagit emot din begäran',
  'callback.sent_text': 'En vägledare ringer dig vid den tid du valde.',
  'callback.sent_when': 'Önskad tid: {day} kl. {from}–{to}.',
  'callback.sent_email': 'Vi har skickat en bekräftelse till din e-post.',
  'callback.sent_missed': 'Om vi inte når dig försöker vi igen senare.',
  'callback.write_instead': 'Vill du hellre skriva?',
  'callback.error.phone.missing': 'Skriv ditt telefonnummer.',
  'callback.error.phone.invalid_characters':
    'Telefonnumret får bara innehålla siffror, mellanslag och plustecken.',
  'callback.error.phone.country_code_missing':
    'Börja ett utländskt nummer med landsnumret, till exempel +46 70 123 4567.',
  'callback.error.phone.wrong_length': 'Numret har för få eller för många siffror. Kontrollera numret.',
  'callback.error.phone.invalid':
    'Kontrollera numret. Skriv det till exempel i formen 040 123 4567 eller +46 70 123 4567.',
  'callback.error.day_missing': 'Välj en dag.',
  'callback.error.day_out_of_range': 'Välj en dag mellan i dag och 60 dagar framåt.',
  'callback.error.from_missing': 'Välj från vilken tid vi kan ringa.',
  'callback.error.to_missing': 'Välj senast vilken tid vi kan ringa.',
  'callback.error.to_before_from': 'Sluttiden måste vara efter starttiden.',
  'callback.error.time_passed':
    'Den här tiden har redan passerat i dag. Välj en senare tid eller en annan dag.',
  'callback.error.note_too_long': 'Tilläggsuppgifterna är för långa. De får vara högst {max} tecken.',

  'front.write_action': 'Skriv till oss med formuläret',
  'front.callback_action': 'Be oss ringa upp dig',
};
