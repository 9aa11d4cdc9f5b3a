/**
 * Municipalities the catalogue knows, keyed by Statistics Finland's municipality code
 * (the `kunta_NNN` code URIs of Opintopolku). Northern Ostrobothnia in full, plus the
 * larger towns elsewhere that providers commonly teach in.
 */
export interface Municipality {
  code: string;
  fi: string;
  sv: string;
  region: 'pohjois-pohjanmaa' | 'other';
}

const pp = (code: string, fi: string, sv = fi): Municipality => ({
  code,
  fi,
  sv,
  region: 'pohjois-pohjanmaa',
});
const other = (code: string, fi: string, sv = fi): Municipality => ({ code, fi, sv, region: 'other' });

export const municipalities: readonly Municipality[] = [
  pp('009', 'Alavieska'),
  pp('069', 'Haapajärvi'),
  pp('071', 'Haapavesi'),
  pp('072', 'Hailuoto', 'Karlö'),
  pp('139', 'Ii', 'Ijo'),
  pp('208', 'Kalajoki'),
  pp('244', 'Kempele'),
  pp('305', 'Kuusamo'),
  pp('317', 'Kärsämäki'),
  pp('425', 'Liminka', 'Limingo'),
  pp('436', 'Lumijoki'),
  pp('483', 'Merijärvi'),
  pp('494', 'Muhos'),
  pp('535', 'Nivala'),
  pp('563', 'Oulainen'),
  pp('564', 'Oulu', 'Uleåborg'),
  pp('615', 'Pudasjärvi'),
  pp('625', 'Pyhäjoki'),
  pp('626', 'Pyhäjärvi'),
  pp('630', 'Pyhäntä'),
  pp('678', 'Raahe', 'Brahestad'),
  pp('691', 'Reisjärvi'),
  pp('746', 'Sievi'),
  pp('748', 'Siikajoki'),
  pp('785', 'Vaala'),
  pp('791', 'Siikalatva'),
  pp('832', 'Taivalkoski'),
  pp('859', 'Tyrnävä'),
  pp('889', 'Utajärvi'),
  pp('977', 'Ylivieska'),
  other('049', 'Espoo', 'Esbo'),
  other('091', 'Helsinki', 'Helsingfors'),
  other('092', 'Vantaa', 'Vanda'),
  other('167', 'Joensuu'),
  other('179', 'Jyväskylä'),
  other('205', 'Kajaani', 'Kajana'),
  other('240', 'Kemi'),
  other('272', 'Kokkola', 'Karleby'),
  other('297', 'Kuopio'),
  other('398', 'Lahti', 'Lahtis'),
  other('609', 'Pori', 'Björneborg'),
  other('698', 'Rovaniemi'),
  other('743', 'Seinäjoki'),
  other('837', 'Tampere', 'Tammerfors'),
  other('851', 'Tornio', 'Torneå'),
  other('853', 'Turku', 'Åbo'),
  other('905', 'Vaasa', 'Vasa'),
];

const byCode = new Map(municipalities.map((m) => [m.code, m]));
const byName = new Map(
  municipalities.flatMap((m) => [[m.fi.toLowerCase(), m] as const, [m.sv.toLowerCase(), m] as const]),
);

/** Finds a municipality by code (`564`, `kunta_564`, `kunta_564#1`) or by Finnish/Swedish name. */
export function findMunicipality(value: string): Municipality | undefined {
  const trimmed = value.trim();
  const code = /^(?:kunta_)?(\d{1,3})(?:#\d+)?$/.exec(trimmed)?.[1];
  if (code) return byCode.get(code.padStart(3, '0'));
  return byName.get(trimmed.toLowerCase());
}

export function municipalityName(code: string, lang: string): string {
  const m = byCode.get(code);
  if (!m) return code;
  return lang === 'sv' ? m.sv : m.fi;
}
