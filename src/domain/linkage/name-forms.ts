/**
 * How names are written differently for the same person across police, court and CPS records, as pure
 * functions the comparison levels use (comparisons.ts). Nothing here decides a match.
 */

/** Lower case, accents and punctuation other than apostrophes and hyphens removed, spaces collapsed. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[^a-z0-9' -]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * One spelling for the variants a clerk or an officer may key for the same surname: Mc/Mac/M' (McDonald,
 * MacDonald, M'Donald), O'/O (O'Brien, OBrien, O Brien), and the joins of a double-barrelled or spaced
 * name (Smith-Jones, Smith Jones, SmithJones; De Souza, DeSouza).
 */
export function canonicalSurname(name: string): string {
  return foldName(name)
    .split(/[ -]+/)
    .map((part) =>
      part
        .replace(/^(mac|mc|m')(?=[a-z])/, 'mac')
        .replace(/^o'(?=[a-z])/, 'o')
        .replace(/'/g, ''),
    )
    .join('');
}

/** The parts of a double-barrelled or multi-word surname, each canonical; one part for a plain one. */
export function surnameParts(name: string): string[] {
  return foldName(name)
    .split(/[ -]+/)
    .filter((p) => p.length > 0)
    .map(canonicalSurname);
}

/** Forenames as separate words ("Daniel James" → daniel, james), apostrophes and hyphens dropped. */
export function forenameTokens(names: string): string[] {
  return foldName(names)
    .replace(/'/g, '')
    .split(/[ -]+/)
    .filter((t) => t.length > 0);
}

/**
 * Common English short forms, each group one name. A short form shared by two full names (Sam: Samuel,
 * Samantha; Alex: Alexander, Alexandra) is in both groups: it links to either, never the two full names to
 * each other. Not exhaustive; a name outside it falls to the phonetic and spelling levels.
 */
const NICKNAME_GROUPS: readonly (readonly string[])[] = [
  ['william', 'bill', 'billy', 'will', 'willie', 'liam'],
  ['robert', 'bob', 'bobby', 'rob', 'robbie', 'bert'],
  ['richard', 'rich', 'richie', 'rick', 'ricky', 'dick'],
  ['elizabeth', 'liz', 'lizzie', 'beth', 'betty', 'eliza', 'libby', 'bess'],
  ['margaret', 'maggie', 'meg', 'peggy', 'madge', 'marge'],
  ['james', 'jim', 'jimmy', 'jamie', 'jimbo'],
  ['john', 'jack', 'johnny', 'jon'],
  ['jonathan', 'jon', 'jonny', 'johnny'],
  ['michael', 'mike', 'mick', 'micky', 'mickey', 'mikey'],
  ['daniel', 'dan', 'danny'],
  ['thomas', 'tom', 'tommy'],
  ['anthony', 'tony', 'ant'],
  ['christopher', 'chris', 'kit'],
  ['christine', 'chris', 'chrissie', 'tina'],
  ['stephen', 'steven', 'steve', 'stevie'],
  ['joseph', 'joe', 'joey'],
  ['edward', 'ed', 'eddie', 'ted', 'teddy', 'ned'],
  ['katherine', 'catherine', 'kathryn', 'kate', 'katie', 'kathy', 'cathy', 'kat', 'kitty'],
  ['rebecca', 'becky', 'becca'],
  ['alexander', 'alex', 'sandy', 'alec', 'xander'],
  ['alexandra', 'alex', 'lexi', 'sandra', 'sandy'],
  ['andrew', 'andy', 'drew'],
  ['jennifer', 'jen', 'jenny'],
  ['susan', 'sue', 'susie', 'suzanne'],
  ['patricia', 'pat', 'patty', 'trish', 'tricia'],
  ['patrick', 'pat', 'paddy'],
  ['samuel', 'sam', 'sammy'],
  ['samantha', 'sam', 'sammie'],
  ['nicholas', 'nick', 'nicky'],
  ['nicola', 'nicky', 'nikki'],
  ['matthew', 'matt', 'matty'],
  ['benjamin', 'ben', 'benny'],
  ['victoria', 'vicky', 'vikki', 'tori'],
  ['deborah', 'debbie', 'deb', 'debra'],
  ['peter', 'pete'],
  ['david', 'dave', 'davey', 'davy'],
  ['charles', 'charlie', 'chas', 'chuck'],
  ['frederick', 'fred', 'freddie'],
  ['henry', 'harry', 'hal'],
  ['lawrence', 'laurence', 'larry', 'laurie'],
  ['gerald', 'gerry', 'jerry'],
  ['terence', 'terry'],
  ['kenneth', 'ken', 'kenny'],
  ['leonard', 'len', 'lenny'],
  ['ronald', 'ron', 'ronnie'],
  ['donald', 'don', 'donnie'],
  ['timothy', 'tim', 'timmy'],
  ['gregory', 'greg'],
  ['philip', 'phillip', 'phil'],
  ['joshua', 'josh'],
  ['abigail', 'abby', 'abbie', 'gail'],
  ['amanda', 'mandy'],
  ['jacqueline', 'jackie', 'jacqui'],
  ['kimberley', 'kimberly', 'kim'],
  ['nathan', 'nathaniel', 'nate', 'nat'],
  ['zachary', 'zach', 'zack'],
  ['oliver', 'ollie', 'olly'],
  ['dorothy', 'dot', 'dotty', 'dolly'],
  ['pamela', 'pam'],
  ['teresa', 'theresa', 'tess', 'tessa', 'terri'],
  ['valerie', 'val'],
  ['gillian', 'jill', 'gill'],
  ['mary', 'molly', 'polly', 'mae'],
  ['eleanor', 'ellie', 'nell', 'nora'],
  ['helen', 'nell', 'nellie'],
  ['francis', 'frank', 'frankie'],
  ['frances', 'fran', 'frankie'],
  ['raymond', 'ray'],
  ['ruth', 'ruthie'],
  ['sarah', 'sara', 'sally', 'sadie'],
  ['josephine', 'jo', 'josie'],
  ['joanne', 'joanna', 'jo'],
  ['stuart', 'stewart', 'stu'],
];

const NICKNAMES: ReadonlyMap<string, ReadonlySet<number>> = (() => {
  const map = new Map<string, Set<number>>();
  NICKNAME_GROUPS.forEach((group, index) => {
    for (const name of group) {
      let groups = map.get(name);
      if (!groups) map.set(name, (groups = new Set()));
      groups.add(index);
    }
  });
  return map;
})();

/** True when the two (folded, single-word) forenames are forms of one name, e.g. Bill and William. */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return false;
  const left = NICKNAMES.get(a);
  const right = NICKNAMES.get(b);
  if (!left || !right) return false;
  for (const group of left) if (right.has(group)) return true;
  return false;
}

/**
 * Jaro–Winkler similarity (0–1), prefix scale 0.1 over at most four characters, as in Winkler (1990) and
 * Splink's `jaro_winkler_similarity`.
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
