/** Finnish strings of the public "write to us" and "call me back" forms (spread into the Finnish catalogue). */
export const contactFi = {
  'contact_form.optional': 'vapaaehtoinen',
  'contact_form.name': 'Etunimi',
  'contact_form.topic': 'Aihe',
  'contact_form.topic_choose': 'Valitse aihe',
  'contact_form.provider': 'Oppilaitos',
  'contact_form.provider_any': 'Ei väliä – yhteinen ohjauspalvelu',
  'contact_form.provider_hint':
    'Valitse oppilaitos, jos asiasi koskee juuri sitä. Muuten sinua auttaa yhteisen palvelun ohjaaja.',
  'contact_form.trap': 'Jätä tämä kenttä tyhjäksi',
  'contact_form.consent': 'Lupa tietojen tallentamiseen',
  'contact_form.privacy_heading': 'Näin käsittelemme tietojasi',
  'contact_form.error.email_missing': 'Kirjoita sähköpostiosoitteesi.',
  'contact_form.error.email_invalid': 'Kirjoita sähköpostiosoite muodossa nimi@esimerkki.fi.',
  'contact_form.error.topic': 'Valitse aihe.',
  'contact_form.error.provider': 'Valittua oppilaitosta ei löytynyt. Valitse toinen tai ”Ei väliä”.',
  'contact_form.error.consent': 'Tarvitsemme luvan, jotta voimme tallentaa yhteydenottosi.',
  'contact_form.error.rate_limited':
    'Olet lähettänyt lyhyessä ajassa monta yhteydenottoa. Yritä myöhemmin uudelleen.',
  'contact_form.error.unavailable':
    'Lomaketta ei juuri nyt saatu lähetettyä. Tietosi ovat yhä lomakkeella – yritä hetken päästä uudelleen.',

  'write.title': 'Kirjoita meille',
  'write.intro':
    'Kysy koulutukseen hakemisesta, opintojen rahoituksesta tai mistä tahansa opiskeluun liittyvästä. Ohjaaja vastaa sähköpostitse, yleensä kahden arkipäivän kuluessa. Palvelu on maksuton.',
  'write.email': 'Sähköposti',
  'write.email_hint': 'Ohjaaja vastaa tähän osoitteeseen.',
  'write.message': 'Viestisi',
  'write.message_hint':
    'Kerro tilanteestasi ja siitä, mitä haluat kysyä. Älä kirjoita viestiin henkilötunnustasi. Enintään {max} merkkiä.',
  'write.privacy':
    'Tallennamme viestisi ja antamasi yhteystiedot, jotta ohjaaja voi vastata sinulle sähköpostitse. Tiedot poistetaan {days} päivän kuluttua siitä, kun asiasi on käsitelty.',
  'write.consent': 'Annan luvan tallentaa viestini ja yhteystietoni, jotta ohjaaja voi vastata minulle.',
  'write.submit': 'Lähetä viesti',
  'write.error.message_missing': 'Kirjoita viesti.',
  'write.error.message_too_long': 'Viesti on liian pitkä. Enimmäispituus on {max} merkkiä.',
  'write.sent_title': 'Viesti lähetetty',
  'write.sent_heading': 'Kiitos, viestisi on lähetetty',
  'write.sent_text':
    'Lähetimme vahvistuksen sähköpostiisi. Ohjaaja vastaa yleensä kahden arkipäivän kuluessa. Jos vahvistusta ei näy, katso myös roskapostikansio.',
  'write.sent_reply_hint': 'Voit jatkaa keskustelua vastaamalla suoraan ohjaajan sähköpostiin.',
  'write.callback_instead': 'Haluatko mieluummin puhua ohjaajan kanssa?',

  'callback.title': 'Soittopyyntö',
  'callback.intro':
    'Jätä puhelinnumerosi ja kerro, milloin sinulle sopii. Soitamme sinulle valitsemanasi aikana. Palvelu on maksuton.',
  'callback.phone': 'Puhelinnumero',
  'callback.phone_hint': 'Esimerkiksi 040 123 4567 tai +46 70 123 4567',
  'callback.day': 'Toivottu päivä',
  'callback.day_hint': 'Valitse tämä päivä tai jokin päivä seuraavien 60 päivän ajalta.',
  'callback.window': 'Sopiva aika soitolle',
  'callback.window_hint': 'Valitse aikaväli, jolloin voit vastata puhelimeen.',
  'callback.from': 'Alkaen klo',
  'callback.to': 'Viimeistään klo',
  'callback.time_choose': 'Valitse',
  'callback.language': 'Millä kielellä haluat puhua?',
  'callback.language.fi': 'Suomeksi',
  'callback.language.sv': 'Ruotsiksi',
  'callback.language.en': 'Englanniksi',
  'callback.email': 'Sähköposti',
  'callback.email_hint': 'Jos haluat vahvistuksen soittopyynnöstä sähköpostiisi.',
  'callback.note': 'Lisätietoja',
  'callback.note_hint': 'Esimerkiksi mistä asiasta haluat puhua. Enintään {max} merkkiä.',
  'callback.privacy':
    'Tallennamme puhelinnumerosi, toivomasi soittoajan ja muut antamasi tiedot, jotta ohjaaja voi soittaa sinulle. Tiedot poistetaan {days} päivän kuluttua siitä, kun asiasi on käsitelty.',
  'callback.consent': 'Annan luvan tallentaa tietoni, jotta ohjaaja voi soittaa minulle.',
  'callback.submit': 'Lähetä soittopyyntö',
  'callback.sent_title': 'Soittopyyntö lähetetty',
  'callback.sent_heading': 'Kiitos, soittopyyntösi on vastaanotettu',
  'callback.sent_text': 'Ohjaaja soittaa sinulle valitsemanasi aikana.',
  'callback.sent_when': 'Toivomasi aika: {day} klo {from}–{to}.',
  'callback.sent_email': 'Lähetimme vahvistuksen sähköpostiisi.',
  'callback.sent_missed': 'Jos emme tavoita sinua, yritämme myöhemmin uudelleen.',
  'callback.write_instead': 'Haluatko mieluummin kirjoittaa?',
  'callback.error.phone.missing': 'Kirjoita puhelinnumero.',
  'callback.error.phone.invalid_characters':
    'Puhelinnumerossa saa olla vain numeroita, välilyöntejä ja +-merkki.',
  'callback.error.phone.country_code_missing':
    'Aloita ulkomainen numero maatunnuksella, esimerkiksi +46 70 123 4567.',
  'callback.error.phone.wrong_length': 'Numerosta puuttuu numeroita tai siinä on liikaa. Tarkista numero.',
  'callback.error.phone.invalid':
    'Tarkista numero. Kirjoita se esimerkiksi muodossa 040 123 4567 tai +46 70 123 4567.',
  'callback.error.day_missing': 'Valitse päivä.',
  'callback.error.day_out_of_range': 'Valitse päivä tämän päivän ja seuraavien 60 päivän väliltä.',
  'callback.error.from_missing': 'Valitse, mistä kellonajasta alkaen voimme soittaa.',
  'callback.error.to_missing': 'Valitse, mihin kellonaikaan mennessä voimme soittaa.',
  'callback.error.to_before_from': 'Loppuajan pitää olla alkuajan jälkeen.',
  'callback.error.time_passed':
    'Tämä aika on tältä päivältä jo mennyt. Valitse myöhäisempi aika tai toinen päivä.',
  'callback.error.note_too_long': 'Lisätiedot ovat liian pitkät. Enimmäispituus on {max} merkkiä.',

  'front.write_action': 'Kirjoita meille lomakkeella',
  'front.callback_action': 'Jätä soittopyyntö',
} as const;
