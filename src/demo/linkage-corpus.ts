import { seededRandom } from '../common/random';
import { addressKey, type LinkageRecord } from '../domain/linkage/comparisons';

/**
 * A labelled synthetic corpus for person linkage: people, and sightings of them as police, court and CPS
 * records would key them, each with the true person it is of. Deterministic for a seed. Names are
 * synthetic combinations; no real person's record is used.
 *
 * Error rates per sighting (UNVERIFIED: set by hand to the order of magnitude reported for UK
 * administrative data, not measured on live records): surname written another way (Mc/Mac, O', joins of
 * a double-barrelled name) 4 %, surname mis-keyed by one character 2 %, forename as a nickname 4 %, as an
 * initial 2 %, mis-keyed 1 %, forename and surname swapped 0.5 %, date of birth with day and month
 * swapped 1 %, a digit off 2 %, missing 2 % (the family court orders that lacked one, Standard Order
 * 10.1), a PNC id on 60 % of police sightings, CRO on 20 %.
 *
 * Addresses (drawn from a second stream, so the names and dates above are those of earlier versions of
 * the corpus for the same seed): an address on 70 % of sightings; 75 % of those at the person's home
 * (its street word abbreviated in one in five: "Ln" for "Lane"), the rest after a move (40 % of moves
 * within the postcode district). Postcodes are in one force area
 * (60 districts, 10 sectors each). 8 % of people have a relative of the same surname at the same home —
 * a father and a son, two brothers — with a date of birth of their own, or (one in ten) a twin with the
 * same date: the pairs a shared address must not link on its own.
 */
export interface LabelledSighting extends LinkageRecord {
  sightingId: string;
  /** The true person: two sightings with the same truth are the same human. */
  truth: string;
  /** The address as the source wrote it (never confidential), or null; `addresses` holds its key. */
  address: { line1: string; postcode: string } | null;
}

export interface CorpusOptions {
  people: number;
  /** Mean sightings per person (each person has at least one). */
  sightingsPerPerson: number;
  seed: number;
}

const SURNAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson',
  'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke',
  'Jackson', 'Wood', 'Harris', 'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes',
  'Moore', 'Clark', 'King', 'Harrison', 'Lewis', 'Baker', 'Lee', 'Allen', 'Morris', 'Khan', 'Scott',
  'Watson', 'Davis', 'Parker', 'James', 'Bennett', 'Young', 'Phillips', 'Richardson', 'Mitchell',
  'Bailey', 'Carter', 'Cook', 'Singh', 'Shaw', 'Bell', 'Collins', 'Morgan', 'Kelly', 'Begum', 'Miller',
  'Cox', 'Hussain', 'Marshall', 'Simpson', 'Price', 'Anderson', 'Adams', 'Wilkinson', 'Ali', 'Ahmed',
  'Foster', 'Ellis', 'Murphy', 'Chapman', 'Mason', 'Gray', 'Richards', 'Webb', 'Griffiths', 'Hunt',
  'McDonald', 'MacKenzie', 'McLean', 'MacLeod', 'McCarthy', "O'Brien", "O'Neill", "O'Connor", "O'Sullivan",
  'Smith-Jones', 'Lloyd-Evans', 'Ashworth', 'Nowak', 'Kowalski', 'Okafor', 'Mensah', 'De Souza', 'Van Dyke',
  'Fitzgerald', 'Sutcliffe', 'Holroyd', 'Ackroyd', 'Greenwood', 'Haigh', 'Brook', 'Whiteley', 'Pickles',
]; // prettier-ignore

const FORENAMES = [
  'William', 'Robert', 'Richard', 'Elizabeth', 'Margaret', 'James', 'John', 'Michael', 'Daniel', 'Thomas',
  'Anthony', 'Christopher', 'Stephen', 'Joseph', 'Edward', 'Katherine', 'Rebecca', 'Alexander', 'Andrew',
  'Jennifer', 'Susan', 'Patricia', 'Samuel', 'Samantha', 'Nicholas', 'Matthew', 'Benjamin', 'Victoria',
  'Deborah', 'Peter', 'David', 'Charles', 'Emma', 'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Grace',
  'Sophie', 'Chloe', 'Lucy', 'Hannah', 'Laura', 'Jessica', 'Mohammed', 'Aisha', 'Fatima', 'Omar', 'Yusuf',
  'Priya', 'Ravi', 'Arjun', 'Kwame', 'Ama', 'Chidi', 'Ngozi', 'Piotr', 'Agnieszka', 'Tomasz', 'Zofia',
  'Liam', 'Noah', 'Oliver', 'George', 'Harry', 'Jack', 'Jacob', 'Charlie', 'Oscar', 'Leo', 'Ethan',
  'Ryan', 'Adam', 'Luke', 'Connor', 'Kieran', 'Nathan', 'Jordan', 'Kyle', 'Dean', 'Wayne', 'Gary',
  'Karen', 'Tracey', 'Michelle', 'Nicola', 'Joanne', 'Claire', 'Gemma', 'Kelly', 'Donna', 'Lisa',
]; // prettier-ignore

const NICKNAME_OF: Readonly<Record<string, readonly string[]>> = {
  William: ['Bill', 'Will', 'Billy'], Robert: ['Bob', 'Rob', 'Robbie'], Richard: ['Rich', 'Rick'],
  Elizabeth: ['Liz', 'Beth', 'Lizzie'], Margaret: ['Maggie', 'Peggy'], James: ['Jim', 'Jimmy', 'Jamie'],
  John: ['Jack', 'Johnny'], Michael: ['Mike', 'Mick'], Daniel: ['Dan', 'Danny'], Thomas: ['Tom', 'Tommy'],
  Anthony: ['Tony'], Christopher: ['Chris'], Stephen: ['Steve'], Joseph: ['Joe'], Edward: ['Ed', 'Ted'],
  Katherine: ['Kate', 'Katie'], Rebecca: ['Becky'], Alexander: ['Alex'], Andrew: ['Andy'],
  Jennifer: ['Jenny', 'Jen'], Susan: ['Sue'], Patricia: ['Pat', 'Trish'], Samuel: ['Sam'],
  Samantha: ['Sam'], Nicholas: ['Nick'], Matthew: ['Matt'], Benjamin: ['Ben'], Victoria: ['Vicky'],
  Deborah: ['Debbie'], Peter: ['Pete'], David: ['Dave'], Charles: ['Charlie'], Nathan: ['Nate'],
  Nicola: ['Nicky'], Joanne: ['Jo'], Oliver: ['Ollie'],
}; // prettier-ignore

/** Surname written another way, as the same clerk would not: Mc/Mac, O', the join of a barrelled name. */
function surnameVariant(name: string): string | null {
  if (/^Mc/.test(name)) return name.replace(/^Mc/, 'Mac');
  if (/^Mac/.test(name)) return name.replace(/^Mac/, 'Mc');
  if (/^O'/.test(name)) return name.replace(/^O'/, 'O');
  if (name.includes('-')) return name.replace('-', ' ');
  if (name.includes(' ')) return name.replace(' ', '');
  return null;
}

/** Streets of the synthetic area, with their kind (the word clerks abbreviate). */
const STREETS: readonly (readonly [string, string])[] = [
  ['Harehills', 'Lane'], ['Roundhay', 'Road'], ['Chapel', 'Street'], ['Oakwood', 'Avenue'], ['Beech', 'Close'],
  ['Kirkstall', 'Road'], ['Meanwood', 'Drive'], ['Victoria', 'Street'], ['Station', 'Road'], ['Moor', 'Lane'],
  ['Church', 'Lane'], ['Park', 'Avenue'], ['Mill', 'Street'], ['Manor', 'Drive'], ['Grange', 'Close'],
]; // prettier-ignore

/** Districts LS1–LS30 and BD1–BD30; a sector is the district and a digit, a unit two letters more. */
const DISTRICTS = [
  ...Array.from({ length: 30 }, (_, i) => `LS${i + 1}`),
  ...Array.from({ length: 30 }, (_, i) => `BD${i + 1}`),
];

export function generateLinkageCorpus(options: CorpusOptions): LabelledSighting[] {
  const rand = seededRandom(options.seed);
  // Addresses and relatives: a stream of their own (see the header).
  const place = seededRandom(options.seed ^ 0x5eed_ad);
  const placeIn = <T>(list: readonly T[]): T => list[Math.floor(place() * list.length)]!;
  const unitLetters = 'ABDEFGHJLNPQRSTUWXYZ';
  const postcodeIn = (district: string) =>
    `${district} ${Math.floor(place() * 10)}${placeIn([...unitLetters])}${placeIn([...unitLetters])}`;
  const district = (postcode: string) => postcode.split(' ')[0]!;
  const addressIn = (postcodeDistrict: string) => {
    const [street, kind] = placeIn(STREETS);
    return {
      line1: `${1 + Math.floor(place() * 180)} ${street} ${kind}`,
      postcode: postcodeIn(postcodeDistrict),
    };
  };
  type Address = { line1: string; postcode: string };
  const abbreviated = (line1: string) =>
    line1.replace(
      / (Lane|Road|Street|Avenue|Close|Drive)$/,
      (_m, k: string) =>
        ` ${{ Lane: 'Ln', Road: 'Rd', Street: 'St', Avenue: 'Ave', Close: 'Cl', Drive: 'Dr' }[k]}`,
    );
  const addressFor = (home: Address): Address | null => {
    if (place() >= 0.7) return null;
    if (place() < 0.75) return place() < 0.2 ? { ...home, line1: abbreviated(home.line1) } : home;
    return addressIn(place() < 0.4 ? district(home.postcode) : placeIn(DISTRICTS));
  };
  const keyed = (address: Address | null) => ({
    address,
    addresses: address ? [addressKey(address.line1, address.postcode)!] : [],
  });

  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number) => rand() < p;
  const pad = (n: number) => String(n).padStart(2, '0');

  function typo(word: string): string {
    if (word.length < 3) return word;
    const i = 1 + Math.floor(rand() * (word.length - 1));
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    switch (Math.floor(rand() * 3)) {
      case 0: // a letter dropped
        return word.slice(0, i) + word.slice(i + 1);
      case 1: // a letter doubled
        return word.slice(0, i) + word[i - 1]! + word.slice(i);
      default: // a letter replaced
        return word.slice(0, i) + pick([...letters]) + word.slice(i + 1);
    }
  }

  /** The day with its last digit keyed wrong (12 → 13, 20 → 27), still a day of every month. */
  function digitOff(day: number): number {
    const tens = Math.floor(day / 10);
    for (;;) {
      const ones = Math.floor(rand() * 10);
      const changed = tens * 10 + ones;
      if (ones !== day % 10 && changed >= 1 && changed <= 28) return changed;
    }
  }

  const sightings: LabelledSighting[] = [];
  for (let p = 0; p < options.people; p++) {
    const truth = `person-${p}`;
    const home = addressIn(placeIn(DISTRICTS));
    const familyName = pick(SURNAMES);
    const givenName = pick(FORENAMES);
    const year = 1950 + Math.floor(rand() * 55);
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const dateOfBirth = `${year}-${pad(month)}-${pad(day)}`;
    const pncId = `${year + 18 + Math.floor(rand() * 10)}/${String(Math.floor(rand() * 1e7)).padStart(7, '0')}${pick([...'ABCDEFGHJKLMNPQRTUVWXYZ'])}`;
    const croNumber = `${String(Math.floor(rand() * 1e6)).padStart(6, '0')}/${pad(Math.floor(rand() * 100))}${pick([...'ABCDEFGHJKLMNPQRTUVWXYZ'])}`;
    // Poisson-ish count with mean sightingsPerPerson, at least one.
    const count = Math.max(1, Math.round(options.sightingsPerPerson * (0.5 + rand())));
    for (let s = 0; s < count; s++) {
      let family = familyName;
      let given = givenName;
      let dob: string | null = dateOfBirth;
      const variant = surnameVariant(family);
      if (variant && chance(0.04 * 5)) family = variant; // the variant names are ~1/5 of the list
      if (chance(0.02)) family = typo(family);
      const nicknames = NICKNAME_OF[given];
      if (nicknames && chance(0.04)) given = pick(nicknames);
      else if (chance(0.02)) given = given[0]!;
      else if (chance(0.01)) given = typo(given);
      if (chance(0.005)) [given, family] = [family, given];
      if (chance(0.01) && day <= 12) dob = `${year}-${pad(day)}-${pad(month)}`;
      else if (chance(0.02)) dob = `${year}-${pad(month)}-${pad(digitOff(day))}`;
      if (chance(0.02)) dob = null;
      const police = chance(0.6);
      sightings.push({
        sightingId: `${truth}/s${s}`,
        truth,
        givenName: given,
        familyName: family,
        dateOfBirth: dob,
        pncId: police && chance(0.6) ? pncId : null,
        croNumber: chance(0.2) ? croNumber : null,
        ...keyed(addressFor(home)),
      });
    }
    if (place() < 0.08) {
      // A relative at the same home: same surname, own forename and date of birth, no identifiers shared.
      const relativeYear = Math.min(
        2004,
        Math.max(1930, year + (place() < 0.5 ? -1 : 1) * (18 + Math.floor(place() * 15))),
      );
      // One relative in ten is a twin: the same date of birth, the same surname and the same home.
      const relativeDate =
        place() < 0.1
          ? dateOfBirth
          : `${relativeYear}-${pad(1 + Math.floor(place() * 12))}-${pad(1 + Math.floor(place() * 28))}`;
      const relativeName = placeIn(FORENAMES.filter((f) => f !== givenName));
      const relatives = 1 + Math.floor(place() * 3);
      for (let s = 0; s < relatives; s++)
        sightings.push({
          sightingId: `${truth}-relative/s${s}`,
          truth: `${truth}-relative`,
          givenName: relativeName,
          familyName,
          dateOfBirth: place() < 0.02 ? null : relativeDate,
          pncId: null,
          croNumber: null,
          ...keyed(place() < 0.8 ? home : null),
        });
    }
  }
  return sightings;
}
