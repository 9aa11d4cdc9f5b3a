/**
 * Municipalities the service knows, keyed by Statistics Finland's municipality code (the
 * `kunta_NNN` code URIs of Opintopolku): Northern Ostrobothnia in full, plus the larger towns
 * elsewhere that providers commonly teach in and clients write from.
 *
 * `urbanRural` is Statistics Finland's statistical grouping of municipalities (tilastollinen
 * kuntaryhmitys): urban (kaupunkimaiset), semi-urban (taajaan asutut) and rural
 * (maaseutumaiset), by the share of people living in urban settlements and the size of the
 * largest one. The grouping is revised yearly; check it against Statistics Finland's key when
 * the year changes. `lat`/`lon` are the municipality's administrative centre (WGS84, about
 * 1 km), for the reports' map; no map tiles are loaded from anywhere.
 */
export type UrbanRuralClass = 'urban' | 'semi_urban' | 'rural';
export const urbanRuralClasses = ['urban', 'semi_urban', 'rural'] as const;

export interface Municipality {
  code: string;
  fi: string;
  sv: string;
  region: 'pohjois-pohjanmaa' | 'other';
  urbanRural: UrbanRuralClass;
  lat: number;
  lon: number;
}

type Entry = [fi: string, sv: string | undefined, urbanRural: UrbanRuralClass, lat: number, lon: number];
const entry =
  (region: Municipality['region']) =>
  (code: string, ...[fi, sv, urbanRural, lat, lon]: Entry): Municipality => ({
    code,
    fi,
    sv: sv ?? fi,
    region,
    urbanRural,
    lat,
    lon,
  });
const pp = entry('pohjois-pohjanmaa');
const other = entry('other');

export const municipalities: readonly Municipality[] = [
  pp('009', 'Alavieska', undefined, 'rural', 64.166, 24.307),
  pp('069', 'Haapajärvi', undefined, 'semi_urban', 63.748, 25.318),
  pp('071', 'Haapavesi', undefined, 'rural', 64.138, 25.366),
  pp('072', 'Hailuoto', 'Karlö', 'rural', 65.01, 24.713),
  pp('139', 'Ii', 'Ijo', 'semi_urban', 65.317, 25.372),
  pp('208', 'Kalajoki', undefined, 'semi_urban', 64.26, 23.949),
  pp('244', 'Kempele', undefined, 'urban', 64.912, 25.507),
  pp('305', 'Kuusamo', undefined, 'semi_urban', 65.964, 29.189),
  pp('317', 'Kärsämäki', undefined, 'rural', 63.978, 25.757),
  pp('425', 'Liminka', 'Limingo', 'semi_urban', 64.81, 25.415),
  pp('436', 'Lumijoki', undefined, 'rural', 64.837, 25.187),
  pp('483', 'Merijärvi', undefined, 'rural', 64.294, 24.447),
  pp('494', 'Muhos', undefined, 'semi_urban', 64.808, 25.993),
  pp('535', 'Nivala', undefined, 'semi_urban', 63.929, 24.977),
  pp('563', 'Oulainen', undefined, 'semi_urban', 64.266, 24.8),
  pp('564', 'Oulu', 'Uleåborg', 'urban', 65.012, 25.468),
  pp('615', 'Pudasjärvi', undefined, 'rural', 65.361, 26.999),
  pp('625', 'Pyhäjoki', undefined, 'rural', 64.464, 24.261),
  pp('626', 'Pyhäjärvi', undefined, 'rural', 63.68, 25.98),
  pp('630', 'Pyhäntä', undefined, 'rural', 64.098, 26.328),
  pp('678', 'Raahe', 'Brahestad', 'urban', 64.684, 24.479),
  pp('691', 'Reisjärvi', undefined, 'rural', 63.606, 24.932),
  pp('746', 'Sievi', undefined, 'rural', 63.907, 24.515),
  pp('748', 'Siikajoki', undefined, 'rural', 64.67, 25.095),
  pp('785', 'Vaala', undefined, 'rural', 64.56, 26.84),
  pp('791', 'Siikalatva', undefined, 'rural', 64.35, 26.28),
  pp('832', 'Taivalkoski', undefined, 'rural', 65.575, 28.243),
  pp('859', 'Tyrnävä', undefined, 'rural', 64.764, 25.651),
  pp('889', 'Utajärvi', undefined, 'rural', 64.762, 26.419),
  pp('977', 'Ylivieska', undefined, 'semi_urban', 64.073, 24.538),
  other('049', 'Espoo', 'Esbo', 'urban', 60.205, 24.652),
  other('091', 'Helsinki', 'Helsingfors', 'urban', 60.17, 24.938),
  other('092', 'Vantaa', 'Vanda', 'urban', 60.294, 25.04),
  other('167', 'Joensuu', undefined, 'urban', 62.601, 29.763),
  other('179', 'Jyväskylä', undefined, 'urban', 62.242, 25.747),
  other('205', 'Kajaani', 'Kajana', 'urban', 64.227, 27.728),
  other('240', 'Kemi', undefined, 'urban', 65.736, 24.564),
  other('272', 'Kokkola', 'Karleby', 'urban', 63.838, 23.131),
  other('297', 'Kuopio', undefined, 'urban', 62.892, 27.678),
  other('398', 'Lahti', 'Lahtis', 'urban', 60.983, 25.656),
  other('609', 'Pori', 'Björneborg', 'urban', 61.485, 21.797),
  other('698', 'Rovaniemi', undefined, 'urban', 66.503, 25.729),
  other('743', 'Seinäjoki', undefined, 'urban', 62.79, 22.84),
  other('837', 'Tampere', 'Tammerfors', 'urban', 61.498, 23.761),
  other('851', 'Tornio', 'Torneå', 'urban', 65.848, 24.146),
  other('853', 'Turku', 'Åbo', 'urban', 60.452, 22.267),
  other('905', 'Vaasa', 'Vasa', 'urban', 63.096, 21.616),
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

/** The municipality of an exact three-digit code, or undefined. */
export function municipalityByCode(code: string): Municipality | undefined {
  return byCode.get(code);
}
