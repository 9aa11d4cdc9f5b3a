/**
 * Words applicants type and the words the articles use for the same thing. Each entry adds
 * its alternatives to a query term; the search vocabulary then finds their forms in the texts.
 * Keys are lower-case as normaliseQuery produces them.
 */
const synonyms: Record<string, Record<string, string[]>> = {
  fi: {
    amis: ['ammattikoulu', 'ammatillinen', 'ammattiopisto'],
    ammattikoulu: ['ammatillinen', 'ammattiopisto', 'ammatillinen koulutus'],
    ammattikouluun: ['ammatillinen', 'ammattiopisto'],
    amk: ['ammattikorkeakoulu'],
    työtön: ['työnhakija', 'työttömyys', 'työttömänä'],
    työttömänä: ['työnhakija', 'työtön'],
    työnhakija: ['työtön', 'työttömyys'],
    työkkäri: ['työllisyyspalvelut', 'työnhakija', 'te-palvelut'],
    te: ['työllisyyspalvelut'],
    rahat: ['tuki', 'opintotuki', 'opintoraha', 'rahoitus'],
    raha: ['tuki', 'opintotuki', 'opintoraha', 'rahoitus'],
    rahaa: ['tuki', 'opintotuki', 'opintoraha', 'rahoitus'],
    tuet: ['tuki', 'opintotuki'],
    opintorahat: ['opintoraha', 'opintotuki'],
    maksaa: ['kustannukset', 'maksu', 'maksuton'],
    hinta: ['kustannukset', 'maksu'],
    ilmainen: ['maksuton'],
    lukihäiriö: ['oppimisvaikeus', 'erityinen tuki'],
    lukivaikeus: ['oppimisvaikeus', 'erityinen tuki'],
    adhd: ['erityinen tuki', 'oppimisvaikeus'],
    mielenterveys: ['hyvinvointi', 'psykologi', 'terveys'],
    masennus: ['hyvinvointi', 'psykologi', 'terveys'],
    kuraattori: ['opiskeluhuolto', 'opiskelijahuolto'],
    paperit: ['tutkinto', 'todistus'],
    papereiden: ['tutkinto', 'todistus'],
    ulkomainen: ['ulkomailla', 'tunnustaminen'],
    maahanmuuttaja: ['maahan muuttanut', 'maahanmuuttajat'],
    kielikurssi: ['suomen kieli', 'kielitaito'],
    kurssi: ['koulutus', 'opinnot'],
    hakuaika: ['haku', 'hakeminen'],
    pääsykoe: ['valintakoe', 'haastattelu'],
    pääsykokeet: ['valintakoe', 'haastattelu'],
    ammattiin: ['tutkinto', 'ammatti'],
    alanvaihtaja: ['alanvaihto'],
    uusi: ['alanvaihto'],
    netissä: ['verkko', 'etäopiskelu'],
    etänä: ['verkko', 'etäopiskelu', 'monimuoto'],
    etäopiskelu: ['verkko', 'monimuoto'],
    bussi: ['koulumatkatuki', 'koulumatka'],
    bussikortti: ['koulumatkatuki'],
    kesken: ['keskeytyneet', 'keskeyttää'],
    oppari: ['oppisopimus'],
    harkka: ['koulutussopimus', 'työpaikalla'],
    harjoittelu: ['koulutussopimus', 'työpaikalla'],
    sairaus: ['terveys', 'työkyky'],
    kuntoutus: ['työkyky', 'ammatillinen kuntoutus'],
    chat: ['ohjaus', 'chatti'],
    ohjaaja: ['ohjaus'],
    neuvonta: ['ohjaus'],
  },
  sv: {
    arbetslös: ['arbetssökande', 'arbetslöshet'],
    pengar: ['stöd', 'studiestöd', 'studiepenning'],
    gratis: ['avgiftsfri'],
    yrkesskola: ['yrkesinriktad', 'yrkesutbildning', 'yrkesinstitut'],
  },
  en: {
    money: ['financial', 'support', 'grant'],
    unemployed: ['jobseeker', 'unemployment'],
    jobless: ['jobseeker', 'unemployed'],
    free: ['tuition', 'cost'],
    price: ['cost', 'fee'],
    apprentice: ['apprenticeship'],
    school: ['vocational', 'education'],
  },
};

/** The alternatives for one query term in a language (empty when none are listed). */
export function synonymsFor(lang: string, term: string): string[] {
  const table = synonyms[lang.startsWith('fi') ? 'fi' : lang] ?? {};
  return (table[term] ?? []).flatMap((phrase) => phrase.split(' '));
}
