/**
 * The reference annotations of the two seed documents (seeds/README.md explains the choices).
 * Every mention is located by its exact text and its occurrence (1-based, counting every match of
 * that exact string in the document, also inside longer words); build-reference.ts computes the
 * code-point offsets and refuses anything it cannot find.
 */

export type Level = 'NAM' | 'NOM' | 'PRO';

export interface MentionSpec {
  key: string;
  type: string;
  /** Absent for value types (TIME, JOB-TITLE). */
  level?: Level;
  text: string;
  occ: number;
}

export interface EventSpec {
  type: string;
  trigger: string;
  occ: number;
  realis: 'Actual' | 'Generic' | 'Other';
  polarity?: 'Negative';
  /** [role, mention key] */
  args: [string, string][];
}

export interface RelationSpec {
  type: string;
  arg1: string;
  arg2: string;
}

export interface DocSpec {
  file: string;
  mentions: MentionSpec[];
  events: EventSpec[];
  relations: RelationSpec[];
}

const m = (key: string, type: string, level: Level | undefined, text: string, occ = 1): MentionSpec => ({ key, type, ...(level ? { level } : {}), text, occ });
const ev = (type: string, trigger: string, occ: number, realis: EventSpec['realis'], args: [string, string][], polarity?: 'Negative'): EventSpec => ({
  type,
  trigger,
  occ,
  realis,
  ...(polarity ? { polarity } : {}),
  args,
});
const rel = (type: string, arg1: string, arg2: string): RelationSpec => ({ type, arg1, arg2 });

// ---- Hebrew: 000_02cc41fc914e2978 -----------------------------------------------------------

/** The photo captions: [event trigger, its occurrence, "קזחסטן" occurrence (or null: "בעיר"), credit, credit occurrence]. */
const HE_CAPTIONS: { demo: [string, number]; clash?: number; kz: number | null; credit: [string, number] }[] = [
  { demo: ['הפגנות', 3], clash: 1, kz: 4, credit: ['reuters', 1] },
  { demo: ['הפגנות', 4], clash: 2, kz: 5, credit: ['reuters', 2] },
  { demo: ['הפגנות', 5], clash: 3, kz: 6, credit: ['ap', 1] },
  { demo: ['הפגנות', 6], clash: 4, kz: 7, credit: ['reuters', 3] },
  { demo: ['הפגנות', 7], clash: 5, kz: 8, credit: ['reuters', 4] },
  { demo: ['מהומות', 1], kz: 12, credit: ['ap', 3] },
  { demo: ['מהומות', 2], kz: 13, credit: ['ap', 5] },
  { demo: ['מהומות', 3], kz: null, credit: ['ap', 6] },
  { demo: ['מהומות', 4], kz: 15, credit: ['ap', 7] },
  { demo: ['מהומות', 5], kz: 16, credit: ['ap', 8] },
  { demo: ['מהומות', 6], kz: 17, credit: ['ap', 9] },
  { demo: ['מהומות', 7], kz: 18, credit: ['ap', 10] },
];

const HE: DocSpec = {
  file: '000_02cc41fc914e2978.txt',
  mentions: [
    // paragraph 1
    m('kz1', 'GPE', 'NAM', 'קזחסטן', 1),
    m('today', 'TIME', undefined, 'היום (חמישי)'),
    m('state1', 'GPE', 'NOM', 'מדינה', 1),
    m('russia1', 'GPE', 'NAM', 'רוסיה', 1),
    m('kz2', 'GPE', 'NAM', 'קזחסטן', 2),
    m('csto', 'ORG', 'NAM', 'ארגון האמנה לביטחון משותף'),
    m('paras', 'PER', 'NOM', 'כוח צנחנים'),
    m('police1', 'PER', 'NOM', 'שוטרים', 1),
    m('secteams', 'PER', 'NOM', 'צוותי הביטחון המקומיים'),
    m('peacekeepers', 'PER', 'NOM', 'כוחות שמירת השלום'),
    m('milfac', 'FAC', 'NOM', 'מתקנים הצבאיים החשובים'),
    m('state2', 'GPE', 'NOM', 'מדינה', 2),
    m('lawforces', 'PER', 'NOM', 'כוחות החוק והסדר'),
    m('prot1', 'PER', 'NOM', 'מפגינים האלימים'),
    // paragraph 2
    m('almaty1', 'GPE', 'NAM', 'אלמטי', 1),
    m('bigcity', 'GPE', 'NOM', 'עיר הגדולה ביותר'),
    m('kz3', 'GPE', 'NAM', 'קזחסטן', 3),
    m('capital', 'GPE', 'NOM', 'בירתה הכלכלית'),
    m('morning1', 'TIME', undefined, 'הבוקר', 1),
    m('square', 'FAC', 'NOM', 'כיכר המרכזית'),
    m('tonight', 'TIME', undefined, 'הלילה'),
    m('state3', 'GPE', 'NOM', 'מדינה', 3),
    m('threedays', 'TIME', undefined, 'שלושה ימים'),
    m('secforces', 'PER', 'NOM', 'כוחות הביטחון'),
    m('morning2', 'TIME', undefined, 'הבוקר', 2),
    m('soldiers', 'PER', 'NOM', 'עשרות חיילים'),
    m('centre', 'LOC', 'NOM', 'מרכז העיר'),
    m('armoured', 'VEH', 'NOM', 'כלי רכב משוריינים'),
    m('prot2', 'PER', 'NOM', 'מפגינים', 2),
    m('firearms', 'WEA', 'NOM', 'נשק חם'),
    m('rusforces', 'PER', 'NOM', 'כוחות הרוסים'),
    // captions (the repeated ones come from HE_CAPTIONS)
    m('townhall1', 'FAC', 'NOM', 'בניין עירייה'),
    m('hundreds', 'PER', 'NOM', 'מאות מפגינים'),
    m('streets1', 'FAC', 'NOM', 'רחובות', 1),
    m('president1', 'PER', 'NOM', 'נשיא', 1),
    m('public1', 'PER', 'NOM', 'ציבור', 1),
    m('credit-ap-2', 'ORG', 'NAM', 'ap', 2),
    // paragraph 3
    m('kz9', 'GPE', 'NAM', 'קזחסטן', 9),
    m('russia2', 'GPE', 'NAM', 'רוסיה', 2),
    m('police8', 'PER', 'NOM', '8 שוטרים'),
    m('prot4', 'PER', 'NOM', 'מפגינים', 4),
    m('statetv', 'ORG', 'NOM', 'טלוויזיה הממלכתית'),
    m('natbank', 'ORG', 'NAM', 'בנק הלאומי של קזחסטן'),
    m('kz10', 'GPE', 'NAM', 'קזחסטן', 10),
    m('workers', 'PER', 'NOM', 'עובדים'),
    // subtitle
    m('street2', 'FAC', 'NOM', 'רחוב', 2),
    m('president2', 'PER', 'NOM', 'נשיא', 2),
    m('public2', 'PER', 'NOM', 'ציבור', 2),
    // paragraph 4
    m('kzpres', 'PER', 'NOM', 'נשיא קזחסטן'),
    m('kz11', 'GPE', 'NAM', 'קזחסטן', 11),
    m('lastnight1', 'TIME', undefined, 'אמש', 1),
    m('govt', 'ORG', 'NOM', 'ממשלתו'),
    m('state4', 'GPE', 'NOM', 'מדינה', 4),
    m('i1', 'PER', 'PRO', 'אני', 1),
    m('president3', 'PER', 'NOM', 'נשיא', 4),
    m('tokayev', 'PER', 'NAM', "קאסים-ג'ומארט טוקאייב"),
    m('lastnight2', 'TIME', undefined, 'אמש', 2),
    m('kztv', 'ORG', 'NOM', 'טלוויזיה הקזחית'),
    m('capitalcity', 'GPE', 'NOM', 'עיר הבירה'),
    m('streets2', 'FAC', 'NOM', 'רחובות', 2),
    m('ourstate', 'GPE', 'NOM', 'מדינה שלנו'),
    m('i2', 'PER', 'PRO', 'אני', 2),
    m('public3', 'PER', 'NOM', 'ציבור', 3),
    // captions
    m('airport1', 'FAC', 'NOM', 'נמל התעופה'),
    m('townhalls', 'FAC', 'NOM', 'בתי עירייה'),
    m('credit-ap-4', 'ORG', 'NAM', 'ap', 4),
    m('city6', 'GPE', 'NOM', 'עיר', 6),
    // paragraph 5
    m('lastnight3', 'TIME', undefined, 'אמש', 3),
    m('kz14', 'GPE', 'NAM', 'קזחסטן', 14),
    m('airport2', 'FAC', 'NOM', 'שדה התעופה הראשי'),
    m('otherairports', 'FAC', 'NOM', 'שדה תעופה אחרים'),
    m('prot5', 'PER', 'NOM', 'מפגינים', 5),
    m('townhall2', 'FAC', 'NOM', 'בניין העירייה של אלמטי'),
    m('almaty2', 'GPE', 'NAM', 'אלמטי', 2),
    m('govbuildings', 'FAC', 'NOM', 'בנייני ממשל נוספים'),
    m('policecars', 'VEH', 'NOM', 'ניידות משטרה'),
    m('policeorg', 'ORG', 'NOM', 'משטרה'),
    m('mob', 'PER', 'NOM', 'המון המשולהב'),
    // paragraph 6
    m('satpayev', 'PER', 'NAM', 'דוסים סאטפיייב'),
    m('researcher', 'PER', 'NOM', 'חוקר'),
    m('almaty3', 'GPE', 'NAM', 'אלמטי', 3),
    m('guardian', 'ORG', 'NAM', 'גארדיאן'),
    m('british', 'GPE', 'NAM', 'בריטי'),
    m('authorities', 'ORG', 'NOM', 'רשויות'),
    m('regime', 'ORG', 'NOM', 'משטר', 2),
  ],
  events: [
    ev('Conflict:Demonstrate', 'הפגנות', 1, 'Actual', [['Place', 'kz1'], ['Time', 'today']]),
    ev('Movement:Transport', 'שלחה', 1, 'Actual', [['Agent', 'russia1'], ['Artifact', 'paras'], ['Destination', 'kz2']]),
    ev('Movement:Transport', 'הוקפצו', 1, 'Actual', [['Artifact', 'peacekeepers']]),
    ev('Conflict:Attack', 'להיאבק', 1, 'Other', [['Attacker', 'lawforces'], ['Target', 'prot1']]),
    ev('Conflict:Attack', 'ירי', 2, 'Actual', [['Place', 'square'], ['Time', 'morning1']]),
    ev('Conflict:Demonstrate', 'הפגנות', 2, 'Actual', [['Time', 'threedays']]),
    ev('Movement:Transport', 'הגיעו', 1, 'Actual', [['Artifact', 'soldiers'], ['Vehicle', 'armoured'], ['Destination', 'centre'], ['Time', 'morning2']]),
    ev('Conflict:Attack', 'להתעמת', 1, 'Actual', [['Attacker', 'soldiers'], ['Attacker', 'rusforces'], ['Target', 'prot2'], ['Instrument', 'firearms'], ['Place', 'centre'], ['Time', 'morning2']]),
    ev('Conflict:Attack', 'נשרף', 1, 'Actual', [['Target', 'townhall1']]),
    ev('Life:Die', 'נהרגו', 1, 'Actual', [['Victim', 'police8'], ['Agent', 'prot4'], ['Place', 'kz9']]),
    ev('Conflict:Attack', 'אלימות', 2, 'Actual', [['Attacker', 'prot4']]),
    ev('Personnel:End-Position', 'התפטרות', 1, 'Actual', [['Entity', 'govt'], ['Time', 'lastnight1']]),
    ev('Movement:Transport', 'לברוח', 1, 'Other', [['Origin', 'capitalcity']]),
    ev('Conflict:Attack', 'אלימות', 3, 'Actual', [['Place', 'streets2']]),
    ev('Conflict:Attack', 'מתנפלים', 1, 'Actual', [['Target', 'airport1']]),
    ev('Conflict:Attack', 'נשרפים', 1, 'Actual', [['Target', 'townhalls']]),
    ev('Conflict:Demonstrate', 'מחאה', 1, 'Actual', [['Place', 'kz14'], ['Time', 'lastnight3']]),
    ev('Conflict:Attack', 'הציתו', 1, 'Actual', [['Attacker', 'prot5'], ['Target', 'townhall2']]),
    ev('Conflict:Attack', 'להסתער', 1, 'Other', [['Attacker', 'prot5'], ['Target', 'govbuildings']]),
    ev('Conflict:Attack', 'נשרפות', 1, 'Actual', [['Attacker', 'mob'], ['Target', 'policecars']]),
  ],
  relations: [
    rel('ORG-AFF', 'russia1', 'csto'),
    rel('ORG-AFF', 'kz2', 'csto'),
    rel('PART-WHOLE', 'almaty1', 'kz3'),
    rel('ORG-AFF', 'workers', 'natbank'),
    rel('ORG-AFF', 'kzpres', 'kz11'),
    rel('PART-WHOLE', 'townhall2', 'almaty2'),
    rel('ART', 'policeorg', 'policecars'),
    rel('GEN-AFF', 'satpayev', 'almaty3'),
    rel('GEN-AFF', 'guardian', 'british'),
  ],
};

for (const c of HE_CAPTIONS) {
  const credit = `credit-${c.credit[0]}-${c.credit[1]}`;
  HE.mentions.push(m(credit, 'ORG', 'NAM', c.credit[0], c.credit[1]));
  const place = c.kz === null ? 'city6' : `kz${c.kz}`;
  if (c.kz !== null) HE.mentions.push(m(place, 'GPE', 'NAM', 'קזחסטן', c.kz));
  HE.events.push(ev('Conflict:Demonstrate', c.demo[0], c.demo[1], 'Actual', [['Place', place]]));
  if (c.clash !== undefined) HE.events.push(ev('Conflict:Attack', 'עימותים', c.clash, 'Actual', [['Place', place]]));
}

// ---- Arabic: 004_34706c9f770e00bd -----------------------------------------------------------

const AR: DocSpec = {
  file: '004_34706c9f770e00bd.txt',
  mentions: [
    m('presidency', 'ORG', 'NOM', 'الرئاسة'),
    m('kz0', 'GPE', 'NAM', 'كازخستان'),
    m('wed1', 'TIME', undefined, 'اليوم الأربعاء', 1),
    m('gov1', 'ORG', 'NOM', 'الحكومة', 1),
    m('pres1', 'PER', 'NOM', 'لرئيس', 1),
    m('tok1', 'PER', 'NAM', 'قاسم جومرات توكاييف'),
    m('prot1', 'PER', 'NOM', 'المتظاهرين', 1),
    m('streets', 'FAC', 'NOM', 'الشوارع'),
    m('offbuild', 'FAC', 'NOM', 'مبان رسمية'),
    m('operator', 'ORG', 'NOM', 'أكبر مشغل للإنترنت'),
    m('country1', 'GPE', 'NOM', 'البلاد', 1),
    m('regime', 'ORG', 'NOM', 'النظام'),
    m('tonight', 'TIME', undefined, 'الليلة'),
    m('rebels', 'PER', 'NOM', 'المتمردون'),
    m('soldiers', 'PER', 'NOM', 'الجنود'),
    m('army', 'ORG', 'NOM', 'الجيش'),
    m('airport', 'FAC', 'NOM', 'مطار البلاد'),
    m('country2', 'GPE', 'NOM', 'البلاد', 2),
    m('pubbuild', 'FAC', 'NOM', 'المباني العامة'),
    m('almaty1', 'GPE', 'NAM', 'ألماتي', 1),
    m('bigcity', 'GPE', 'NOM', 'أكبر مدينة'),
    m('country3', 'GPE', 'NOM', 'البلاد', 3),
    m('prot2', 'PER', 'NOM', 'المتظاهرون'),
    m('almaty2', 'GPE', 'NAM', 'ألماتي', 2),
    m('statue', 'FAC', 'NOM', 'تمثال الرئيس السابق نور سلطان نزارباييف'),
    m('formerpres', 'PER', 'NOM', 'الرئيس السابق'),
    m('naz1', 'PER', 'NAM', 'نور سلطان نزارباييف'),
    m('policeforces', 'PER', 'NOM', 'قوات الشرطة'),
    m('policeorg', 'ORG', 'NOM', 'الشرطة'),
    m('downtown', 'LOC', 'NOM', 'وسط المدينة'),
    m('city', 'GPE', 'NOM', 'المدينة'),
    m('pres2', 'PER', 'NOM', 'الرئيس', 2),
    m('naz2', 'PER', 'NAM', 'نزارباييف', 2),
    m('country4', 'GPE', 'NOM', 'البلاد', 4),
    m('russia1', 'GPE', 'NAM', 'روسيا', 1),
    m('armedprot', 'PER', 'NOM', 'متظاهرون مسلحون'),
    m('afternoon', 'TIME', undefined, 'عصرًا'),
    m('palace', 'FAC', 'NOM', 'القصر الرئاسي'),
    m('almaty3', 'GPE', 'NAM', 'ألماتي', 3),
    m('building', 'FAC', 'NOM', 'المبنى'),
    m('kz1', 'GPE', 'NAM', 'كازاخستان', 1),
    m('twodays', 'TIME', undefined, 'اليومين الأخيرين'),
    m('prot3', 'PER', 'NOM', 'المتظاهرين', 2),
    m('secforces', 'PER', 'NOM', 'قوات الأمن'),
    m('cities1', 'GPE', 'NOM', 'المدن', 1),
    m('west', 'LOC', 'NOM', 'المناطق الغربية'),
    m('country5', 'GPE', 'NOM', 'لبلاد', 5),
    m('authorities1', 'ORG', 'NOM', 'السلطات', 1),
    m('country6', 'GPE', 'NOM', 'البلاد', 5),
    m('pres3', 'PER', 'NOM', 'الرئيس', 3),
    m('tok2', 'PER', 'NAM', 'قاسم جومارت توكاييف'),
    m('gov2', 'ORG', 'NOM', 'الحكومة', 2),
    m('regions', 'LOC', 'NOM', 'المناطق', 2),
    m('tuesday', 'TIME', undefined, 'الثلاثاء'),
    m('kzpres', 'PER', 'NOM', 'رئيس كازاخستان'),
    m('kz2', 'GPE', 'NAM', 'كازاخستان', 2),
    m('tok3', 'PER', 'NAM', 'توكاييف', 3),
    m('prot4', 'PER', 'NOM', 'المتظاهرين', 3),
    m('street', 'FAC', 'NOM', 'الشارع'),
    m('gov3', 'ORG', 'NOM', 'الحكومة', 3),
    m('office', 'ORG', 'NOM', 'مكتبه'),
    m('gov4', 'ORG', 'NOM', 'الحكومة', 4),
    m('ismailov', 'PER', 'NAM', 'علي خان إسماعيلوف'),
    m('deputy', 'JOB-TITLE', undefined, 'نائبا أول لرئيس الوزراء'),
    m('acting', 'JOB-TITLE', undefined, 'قائما بأعمال رئيس الوزراء'),
    m('eu1', 'ORG', 'NAM', 'الاتحاد الأوروبي', 1),
    m('wed2', 'TIME', undefined, 'اليوم الأربعاء', 2),
    m('kz3', 'GPE', 'NAM', 'كازاخستان', 3),
    m('eu2', 'ORG', 'NAM', 'الاتحاد الأوروبي', 2),
    m('kz4', 'GPE', 'NAM', 'كازاخستان', 4),
    m('mfa', 'ORG', 'NAM', 'وزارة الخارجية الروسية'),
    m('kz5', 'GPE', 'NAM', 'كازاخستان', 5),
    m('injured', 'PER', 'NOM', 'مصابين روس'),
    m('kz6', 'GPE', 'NAM', 'كازاخستان', 6),
    m('secretary', 'PER', 'NOM', 'السكرتير الصحفي للرئيس الروسي'),
    m('ruspres', 'PER', 'NOM', 'لرئيس الروسي'),
    m('peskov', 'PER', 'NAM', 'دميتري بيسكوف'),
    m('kz7', 'GPE', 'NAM', 'كازاخستان', 7),
    m('russia2', 'GPE', 'NAM', 'روسيا', 2),
    m('bigcities', 'GPE', 'NOM', 'المدن الكبرى'),
    m('kremlin', 'ORG', 'NAM', 'الكرملين'),
    m('spokeswoman', 'PER', 'NOM', 'المتحدثة باسم البيت الأبيض'),
    m('whitehouse', 'ORG', 'NAM', 'البيت الأبيض'),
    m('psaki1', 'PER', 'NAM', 'جين بساكي'),
    m('washington', 'GPE', 'NAM', 'واشنطن'),
    m('kz8', 'GPE', 'NAM', 'كازاخستان', 8),
    m('psaki2', 'PER', 'NAM', 'بساكي', 2),
    m('usadmin', 'ORG', 'NOM', 'لإدارة الأمريكية'),
    m('kz9', 'GPE', 'NAM', 'كازاخستان', 9),
    m('protesters', 'PER', 'NOM', 'المحتجين'),
    m('authorities2', 'ORG', 'NOM', 'السلطات', 2),
  ],
  events: [
    ev('Personnel:End-Position', 'استقالتها', 1, 'Actual', [['Entity', 'gov1'], ['Time', 'wed1']]),
    ev('Conflict:Demonstrate', 'لاحتجاج', 1, 'Actual', [['Entity', 'prot1'], ['Place', 'streets']]),
    ev('Conflict:Attack', 'أضرموا', 1, 'Actual', [['Attacker', 'prot1'], ['Target', 'offbuild']]),
    ev('Conflict:Demonstrate', 'احتجاجا', 1, 'Actual', [['Entity', 'prot1']]),
    ev('Conflict:Demonstrate', 'مظاهرة', 1, 'Actual', [['Time', 'tonight']]),
    ev('Conflict:Attack', 'انتفاضة', 1, 'Actual', [['Attacker', 'rebels'], ['Attacker', 'soldiers'], ['Place', 'almaty1'], ['Time', 'tonight']]),
    ev('Conflict:Attack', 'سيطر', 1, 'Actual', [['Attacker', 'rebels'], ['Attacker', 'soldiers'], ['Target', 'airport'], ['Target', 'pubbuild'], ['Place', 'almaty1'], ['Time', 'tonight']]),
    ev('Personnel:End-Position', 'انشقوا', 1, 'Actual', [['Person', 'soldiers'], ['Entity', 'army']]),
    ev('Conflict:Attack', 'أطاح', 1, 'Actual', [['Attacker', 'prot2'], ['Target', 'statue'], ['Place', 'almaty2']]),
    ev('Movement:Transport', 'الانسحاب', 1, 'Actual', [['Artifact', 'policeforces'], ['Origin', 'downtown']]),
    ev('Movement:Transport', 'غادر', 1, 'Actual', [['Artifact', 'naz2'], ['Origin', 'country4'], ['Destination', 'russia1']]),
    ev('Conflict:Attack', 'اقتحم', 1, 'Actual', [['Attacker', 'armedprot'], ['Target', 'palace'], ['Place', 'almaty3'], ['Time', 'afternoon']]),
    ev('Conflict:Attack', 'سيطروا', 1, 'Actual', [['Attacker', 'armedprot'], ['Target', 'building'], ['Place', 'almaty3']]),
    ev('Conflict:Attack', 'أضرموا', 2, 'Actual', [['Attacker', 'armedprot'], ['Target', 'building']]),
    ev('Conflict:Demonstrate', 'احتجاجات', 1, 'Actual', [['Place', 'kz1']]),
    ev('Conflict:Attack', 'اشتباكات', 1, 'Actual', [['Attacker', 'prot3'], ['Attacker', 'secforces'], ['Place', 'cities1'], ['Time', 'twodays']]),
    ev('Conflict:Demonstrate', 'الاحتجاجات', 1, 'Actual', [['Place', 'west']]),
    ev('Conflict:Demonstrate', 'المظاهرات', 1, 'Actual', [['Place', 'country6']]),
    ev('Personnel:End-Position', 'إقالة', 1, 'Actual', [['Entity', 'gov2']]),
    ev('Personnel:End-Position', 'إقالة', 2, 'Actual', [['Entity', 'gov3'], ['Time', 'tuesday']]),
    ev('Personnel:End-Position', 'استقالة', 1, 'Actual', [['Entity', 'gov4'], ['Time', 'tuesday']]),
    ev('Personnel:Start-Position', 'عين', 1, 'Actual', [['Person', 'ismailov'], ['Position', 'acting'], ['Time', 'tuesday']]),
    ev('Conflict:Demonstrate', 'الاحتجاجات', 2, 'Actual', [['Place', 'kz4']]),
    ev('Life:Injure', 'مصابين', 1, 'Other', [['Victim', 'injured']], 'Negative'),
    ev('Conflict:Demonstrate', 'الشغب', 1, 'Other', []),
    ev('Conflict:Demonstrate', 'الاضطرابات', 1, 'Actual', [['Place', 'bigcities']]),
    ev('Conflict:Demonstrate', 'الاحتجاجات', 3, 'Actual', [['Entity', 'protesters'], ['Place', 'kz9']]),
    ev('Conflict:Demonstrate', 'المظاهرات', 2, 'Other', [['Entity', 'protesters']]),
  ],
  relations: [
    rel('PART-WHOLE', 'almaty1', 'country3'),
    rel('ORG-AFF', 'soldiers', 'army'),
    rel('PART-WHOLE', 'palace', 'almaty3'),
    rel('ORG-AFF', 'policeforces', 'policeorg'),
    rel('PART-WHOLE', 'west', 'country5'),
    rel('ORG-AFF', 'kzpres', 'kz2'),
    rel('PER-SOC', 'peskov', 'ruspres'),
    rel('ORG-AFF', 'psaki1', 'whitehouse'),
    rel('ORG-AFF', 'psaki2', 'usadmin'),
  ],
};

export const REFERENCE: DocSpec[] = [HE, AR];
export const REFERENCE_ANNOTATOR = 'qalam-reference';
